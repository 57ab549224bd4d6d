import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticError } from '../../common/diagnostics.js';
import { importTflite } from '../../compiler/import/tflite.js';
import {
  foldCountIntoMultiplier,
  mean,
  meanInt8,
  prepareMeanInt8,
  resolveAxes,
} from '../../compiler/ref/mean.js';
import type { RefKernel } from '../../compiler/ref/registry.js';
import { goldenCases, runOnlyOp } from '../helpers/op-golden.js';
import { SHARED_GOLDEN, SHARED_MODELS } from '../helpers/shared.js';

const KERNEL = mean as RefKernel;

const SAME = prepareMeanInt8({ scale: 0.1, zeroPoint: 0 }, { scale: 0.1, zeroPoint: 0 });

function meanOf(values: number[], shape: number[], axes: number[], params = SAME): number[] {
  const kept = shape.reduce((n, d, i) => (axes.includes(i) ? n : n * d), 1);
  const out = new Int8Array(kept);
  meanInt8(new Int8Array(values), shape, axes, out, params);
  return [...out];
}

describe('MEAN requantisation (QuantizedMeanOrSum)', () => {
  it('folds 1 / count into the multiplier', () => {
    // Scale ratio 1 = 0.5 * 2^1; count 4 = 2^2: (2^30 << 2) / 4 = 2^30, shift 1 - 2.
    expect(foldCountIntoMultiplier(2 ** 30, 1, 4)).toEqual({ multiplier: 2 ** 30, shift: -1 });
    // Count 3: shift by floor(log2 3) = 1, 2^31 / 3 = 715827882 (truncated).
    expect(foldCountIntoMultiplier(2 ** 30, 1, 3)).toEqual({ multiplier: 715827882, shift: 0 });
    // The extra shift is clamped to 31 + shift so that the final shift stays >= -31.
    expect(foldCountIntoMultiplier(2 ** 30, -30, 8)).toEqual({ multiplier: 2 ** 28, shift: -31 });
  });

  it('rounds the mean half away from zero (not the truncating integer division)', () => {
    // 10 / 4 = 2.5 -> 3 and -10 / 4 = -2.5 -> -3.
    expect(meanOf([1, 2, 3, 4], [1, 4], [1])).toEqual([3]);
    expect(meanOf([-1, -2, -3, -4], [1, 4], [1])).toEqual([-3]);
    // 4 / 3 = 1.33 -> 1: SRDHM(4, 715827882) = floor(3937053352 / 2^31) = 1.
    expect(meanOf([1, 1, 2], [3], [0])).toEqual([1]);
  });

  it('rescales between different input and output quantisation', () => {
    // Input s=0.5 zp=10, output s=0.25 zp=-5: real mean of (0, 2, 4, 10) * 0.5 = 2.0 -> 8 - 5 = 3.
    const params = prepareMeanInt8({ scale: 0.5, zeroPoint: 10 }, { scale: 0.25, zeroPoint: -5 });
    expect(params).toMatchObject({ multiplier: 2 ** 30, shift: 2 });
    expect(meanOf([10, 12, 14, 20], [1, 2, 2, 1], [1, 2], params)).toEqual([3]);
    // Saturation: a real mean of 58.5 is far beyond the output range.
    expect(meanOf([127, 127, 127, 127], [1, 2, 2, 1], [1, 2], params)).toEqual([127]);
  });

  it('reduces spatial axes per channel and keeps row-major order of the kept axes', () => {
    // [1, 2, 2, 2] NHWC: channel 0 holds 1, 3, 5, 7 (mean 4), channel 1 holds 2, 4, 6, 8 (mean 5).
    expect(meanOf([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2], [1, 2])).toEqual([4, 5]);
    // Axis 1 only, [1, 2, 2, 2] -> [1, 2, 2]: pairs (1,5) (2,6) (3,7) (4,8).
    expect(meanOf([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2], [1])).toEqual([3, 4, 5, 6]);
  });

  it('resolves negative and duplicate axes like TFLite', () => {
    expect(resolveAxes(4, [-3, 1, 2])).toEqual([1, 2]);
    expect(resolveAxes(4, [4])).toEqual({ bad: 4 });
    expect(resolveAxes(4, [-5])).toEqual({ bad: -5 });
  });
});

const GOLDEN = join(SHARED_GOLDEN, 'ops', 'mean_hw');
const MODEL = join(SHARED_MODELS, 'ops', 'mean_hw.tflite');

describe.skipIf(!existsSync(GOLDEN) || !existsSync(MODEL))('MEAN golden (TFLM)', () => {
  const graph = importTflite(new Uint8Array(readFileSync(MODEL)), 'mean_hw.tflite');
  for (const c of goldenCases(GOLDEN)) {
    it(`mean_hw ${c.id} is byte-identical`, () => {
      expect([...runOnlyOp(graph, KERNEL, c.input)]).toEqual([...c.output]);
    });
  }

  it('reports a wrong dtype and a bad axis together', () => {
    const bad = structuredClone(graph);
    bad.tensors[bad.ops[0]!.inputs[1]!]!.data = new Int32Array([1, 7]);
    bad.tensors[bad.ops[0]!.inputs[0]!]!.dtype = 'int16';
    try {
      runOnlyOp(bad, KERNEL, new Int8Array(784));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DiagnosticError);
      expect((e as DiagnosticError).diagnostics.map((d) => [d.code, d.where, d.message])).toEqual([
        ['ref/bad-mean', 'op 0 (MEAN)', 'MEAN supports quantised int8 -> int8, not int16 -> int8'],
        ['ref/bad-mean', 'op 0 (MEAN)', 'MEAN axis 7 is out of range for rank 4'],
      ]);
    }
  });
});

const MULTI = join(SHARED_GOLDEN, 'ops', 'add_broadcast');
const MULTI_MODEL = join(SHARED_MODELS, 'ops', 'add_broadcast.tflite');

describe.skipIf(!existsSync(MULTI) || !existsSync(MULTI_MODEL))(
  'MEAN in add_broadcast (TFLM)',
  () => {
    const graph = importTflite(new Uint8Array(readFileSync(MULTI_MODEL)), 'add_broadcast.tflite');
    const bytes = (file: string) => new Int8Array(readFileSync(join(MULTI, file)));
    for (const id of ['case00', 'case01', 'case02', 'case03']) {
      it(`op 1 (keep_dims, 4-D axes {1, 2}) of ${id} is byte-identical`, () => {
        expect(graph.ops[1]!.kind).toBe('MEAN');
        const input = bytes(`${id}.t00.bin`);
        expect([...runOnlyOp(graph, KERNEL, input, 1)]).toEqual([...bytes(`${id}.t01.bin`)]);
      });
    }
  },
);
