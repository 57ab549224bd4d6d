import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticError } from '../../common/diagnostics.js';
import { importTflite } from '../../compiler/import/tflite.js';
import type { Graph, OpKind } from '../../compiler/ir/graph.js';
import { opMacs, parameterBytes, totalMacs } from '../../compiler/ir/stats.js';
import { buildZooModel, ZOO, ZOO_NAMES, zooTflite } from '../../compiler/zoo/registry.js';
import { HAVE_SHARED, SHARED_MODELS } from '../helpers/shared.js';

interface Expected {
  kinds: Partial<Record<OpKind, number>>;
  macs: number;
  parameterBytes: number;
}

/** Op mix, MACs and parameter bytes of each zoo model, computed by hand from the architectures. */
const EXPECTED: Record<string, Expected> = {
  lenet5: {
    kinds: { CONV_2D: 3, AVERAGE_POOL_2D: 2, RESHAPE: 1, FULLY_CONNECTED: 2, SOFTMAX: 1 },
    macs: 117_600 + 240_000 + 48_000 + 10_080 + 840,
    // weights + int32 biases + the RESHAPE shape operand
    parameterBytes: 150 + 2400 + 48_000 + 10_080 + 840 + 4 * (6 + 16 + 120 + 84 + 10) + 8,
  },
  ds_cnn: {
    kinds: { CONV_2D: 5, DEPTHWISE_CONV_2D: 4, AVERAGE_POOL_2D: 1, RESHAPE: 1, FULLY_CONNECTED: 1, SOFTMAX: 1 }, // prettier-ignore
    macs: 320_000 + 4 * (72_000 + 512_000) + 768,
    parameterBytes: 2560 + 4 * (576 + 4096) + 768 + 4 * (64 * 9 + 12) + 8,
  },
  mobilenet_v1_025: {
    kinds: { CONV_2D: 14, DEPTHWISE_CONV_2D: 13, AVERAGE_POOL_2D: 1, RESHAPE: 1, FULLY_CONNECTED: 1, SOFTMAX: 1 }, // prettier-ignore
    macs: 7_489_664,
    parameterBytes: 219_072,
  },
  resnet8: {
    kinds: { CONV_2D: 9, ADD: 3, AVERAGE_POOL_2D: 1, RESHAPE: 1, FULLY_CONNECTED: 1, SOFTMAX: 1 },
    macs: 12_501_632,
    parameterBytes: 78_752,
  },
  fc_autoencoder: {
    kinds: { FULLY_CONNECTED: 10 },
    macs: 81_920 + 3 * 16_384 + 1024 + 1024 + 3 * 16_384 + 81_920,
    parameterBytes: 264_192 + 4 * (8 * 128 + 8 + 640),
  },
  mcunet_like: {
    kinds: { CONV_2D: 15, DEPTHWISE_CONV_2D: 7, ADD: 3, MEAN: 1, RESHAPE: 1, FULLY_CONNECTED: 1, SOFTMAX: 1 }, // prettier-ignore
    macs: 3_589_568,
    parameterBytes: 59_840,
  },
  inception_like: {
    kinds: { CONV_2D: 13, MAX_POOL_2D: 4, CONCATENATION: 2, AVERAGE_POOL_2D: 1, RESHAPE: 1, FULLY_CONNECTED: 1, SOFTMAX: 1 }, // prettier-ignore
    macs: 3_728_480,
    parameterBytes: 27_696,
  },
};

// Build each model once (default seed) and share it between the tests.
const built = new Map<string, { graph: Graph; bytes: Uint8Array }>();
function zoo(name: string) {
  let entry = built.get(name);
  if (entry === undefined) {
    const graph = ZOO[name]!.build();
    entry = { graph, bytes: zooTflite(name, graph) };
    built.set(name, entry);
  }
  return entry;
}

/** Byte equality without vitest's element-by-element diff (the files are up to 300 KB). */
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

const kindCounts = (g: Graph) => {
  const counts: Partial<Record<OpKind, number>> = {};
  for (const op of g.ops) counts[op.kind] = (counts[op.kind] ?? 0) + 1;
  return counts;
};

describe('model zoo', () => {
  it('has the seven families', () => {
    expect(ZOO_NAMES).toEqual(Object.keys(EXPECTED));
  });

  it.each(ZOO_NAMES)('%s: op mix, MACs and parameter bytes', (name) => {
    const { graph } = zoo(name);
    const want = EXPECTED[name]!;
    expect(kindCounts(graph)).toEqual(want.kinds);
    expect(totalMacs(graph)).toBe(want.macs);
    expect(parameterBytes(graph)).toBe(want.parameterBytes);
  });

  it.each(ZOO_NAMES)('%s: building twice gives the same bytes', (name) => {
    expect(sameBytes(buildZooModel(name), zoo(name).bytes)).toBe(true);
  });

  it.each(['lenet5', 'fc_autoencoder'])('%s: another seed gives other weights', (name) => {
    const other = buildZooModel(name, 12345);
    expect(other.length).toBe(zoo(name).bytes.length);
    expect(sameBytes(other, zoo(name).bytes)).toBe(false);
  });

  it.each(ZOO_NAMES)('%s: round-trips through the TFLite importer', (name) => {
    const { graph, bytes } = zoo(name);
    expect(importTflite(bytes, `${name}.tflite`)).toEqual(graph);
  });

  it.each(ZOO_NAMES)('%s: follows the TFLite int8 quantisation spec', (name) => {
    const { graph: g } = zoo(name);
    for (const op of g.ops) {
      const out = g.tensors[op.outputs[0]!]!;
      expect(out.dtype).toBe('int8');
      if (op.kind === 'SOFTMAX') expect(out.quant).toEqual({ scale: [1 / 256], zeroPoint: [-128], axis: 0 }); // prettier-ignore
      if (op.kind !== 'CONV_2D' && op.kind !== 'DEPTHWISE_CONV_2D' && op.kind !== 'FULLY_CONNECTED')
        continue;
      const [x, w, b] = op.inputs.map((i) => g.tensors[i]!);
      const channels = op.kind === 'DEPTHWISE_CONV_2D' ? w!.shape[3]! : w!.shape[0]!;
      const perChannel = op.kind !== 'FULLY_CONNECTED';
      expect(w!.quant!.axis).toBe(op.kind === 'DEPTHWISE_CONV_2D' ? 3 : 0);
      expect(w!.quant!.scale.length).toBe(perChannel ? channels : 1);
      expect(new Set(w!.quant!.zeroPoint)).toEqual(new Set([0]));
      expect(Math.min(...(w!.data as Int8Array))).toBeGreaterThanOrEqual(-127);
      expect(b!.dtype).toBe('int32');
      expect(b!.shape).toEqual([channels]);
      expect(b!.quant!.scale).toEqual(
        w!.quant!.scale.map((s) => Math.fround(x!.quant!.scale[0]! * s)),
      );
    }
  });

  it('reports an unknown model name as a diagnostic', () => {
    expect(() => buildZooModel('alexnet')).toThrow(DiagnosticError);
  });
});

/** The zoo's versions of the MLPerf Tiny models have their layer structure, op for op. */
const MLPERF_TWINS: [string, string][] = [
  ['ds_cnn', 'kws_ref_model'],
  ['mobilenet_v1_025', 'vww_96_int8'],
  ['resnet8', 'pretrainedResnet_quant'],
  ['fc_autoencoder', 'ad01_int8'],
];

describe.skipIf(!HAVE_SHARED)('zoo models against the MLPerf Tiny originals', () => {
  it.each(MLPERF_TWINS)('%s has the ops, shapes and MACs of %s', (name, original) => {
    const real = importTflite(
      new Uint8Array(readFileSync(join(SHARED_MODELS, `${original}.tflite`))),
    );
    const { graph } = zoo(name);
    const summary = (g: Graph) =>
      g.ops.map((op) => ({
        kind: op.kind,
        shape: g.tensors[op.outputs[0]!]!.shape,
        macs: opMacs(g, op),
      }));
    expect(summary(graph)).toEqual(summary(real));
  });
});
