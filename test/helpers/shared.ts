/** Paths into ../shared (models and goldens), which tests may read but the repository never copies. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const SHARED_MODELS = join(SHARED, 'models');
export const SHARED_GOLDEN = join(SHARED, 'golden');
export const HAVE_SHARED = existsSync(join(SHARED_MODELS, 'kws_ref_model.tflite'));
if (!HAVE_SHARED) {
  console.warn(
    `[skip] ../shared not found at ${SHARED}: tests on the MLPerf Tiny models and goldens are skipped`,
  );
}

export const MLPERF_MODELS = [
  'kws_ref_model',
  'vww_96_int8',
  'pretrainedResnet_quant',
  'ad01_int8',
] as const;
