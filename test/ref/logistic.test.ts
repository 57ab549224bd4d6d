import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticError } from '../../common/diagnostics.js';
import { importTflite } from '../../compiler/import/tflite.js';
import { logistic, logisticInt8, prepareSigmoidLikeInt8 } from '../../compiler/ref/logistic.js';
import type { RefKernel } from '../../compiler/ref/registry.js';
import { goldenCases, runOnlyOp } from '../helpers/op-golden.js';
import { SHARED_GOLDEN, SHARED_MODELS } from '../helpers/shared.js';

const KERNEL = logistic as RefKernel;

const logisticOf = (xs: number[], scale = 1, zeroPoint = 0): number[] => {
  const out = new Int8Array(xs.length);
  logisticInt8(new Int8Array(xs), out, prepareSigmoidLikeInt8(scale, zeroPoint));
  return [...out];
};

describe('LOGISTIC int8 parameters', () => {
  it('splits input_scale * 2^27 with frexp and derives the Q4.27 range radius', () => {
    // Scale 1: 2^27 = 0.5 * 2^28, radius floor(15 * 2^27 / 2^28) = 7.
    expect(prepareSigmoidLikeInt8(1, 0)).toMatchObject({
      inputMultiplier: 2 ** 30,
      inputLeftShift: 28,
      inputRangeRadius: 7,
    });
    // The golden model's scale: 0.0548947938 * 2^27 = 0.878... * 2^23; radius 15 * 2^4 = 240.
    const p = prepareSigmoidLikeInt8(0.05489479377865791, 18);
    expect(p.inputLeftShift).toBe(23);
    expect(p.inputRangeRadius).toBe(240);
    expect(p.inputMultiplier).toBe(Math.round(0.05489479377865791 * 2 ** 27 * 2 ** 8));
  });
});

describe('LOGISTIC int8 kernel (output scale 1/256, zero point -128)', () => {
  it('maps the input zero point to 0.5', () => {
    expect(logisticOf([18], 0.05, 18)).toEqual([0]); // 0.5 * 256 - 128
  });

  it('matches the real function at hand-checked points', () => {
    // logistic(1) * 256 = 187.15 -> 59; logistic(-1) * 256 = 68.85 -> -59;
    // logistic(6) * 256 = 255.37 -> 127; logistic(-6) * 256 = 0.63 -> -127.
    expect(logisticOf([1, -1, 6, -6])).toEqual([59, -59, 127, -127]);
  });

  it('saturates at the range radius without evaluating', () => {
    // Radius 7 at scale 1: -6 still evaluates (-127), -7 saturates to -128.
    expect(logisticOf([7, -7, 127, -128])).toEqual([127, -128, 127, -128]);
  });

  it('stays within one step of the real logistic over the whole int8 range', () => {
    const scale = 0.05;
    const xs = Array.from({ length: 256 }, (_, i) => i - 128);
    const got = logisticOf(xs, scale, 3);
    xs.forEach((q, i) => {
      const real = 1 / (1 + Math.exp(-(q - 3) * scale));
      const ideal = Math.min(127, Math.round(real * 256) - 128);
      expect(Math.abs(got[i]! - ideal)).toBeLessThanOrEqual(1);
    });
  });
});

const GOLDEN = join(SHARED_GOLDEN, 'ops', 'logistic');
const MODEL = join(SHARED_MODELS, 'ops', 'logistic.tflite');

describe.skipIf(!existsSync(GOLDEN) || !existsSync(MODEL))('LOGISTIC golden (TFLM)', () => {
  const graph = importTflite(new Uint8Array(readFileSync(MODEL)), 'logistic.tflite');
  for (const c of goldenCases(GOLDEN)) {
    it(`logistic ${c.id} is byte-identical`, () => {
      expect([...runOnlyOp(graph, KERNEL, c.input)]).toEqual([...c.output]);
    });
  }

  it('rejects an output zero point other than -128', () => {
    const bad = structuredClone(graph);
    bad.tensors[bad.ops[0]!.outputs[0]!]!.quant!.zeroPoint = [0];
    const run = () => runOnlyOp(bad, KERNEL, new Int8Array(256));
    expect(run).toThrow(DiagnosticError);
    expect(run).toThrow(/op 0 \(LOGISTIC\).*zero point -128/);
  });
});

const MULTI = join(SHARED_GOLDEN, 'ops', 'concat_3branch');
const MULTI_MODEL = join(SHARED_MODELS, 'ops', 'concat_3branch.tflite');

describe.skipIf(!existsSync(MULTI) || !existsSync(MULTI_MODEL))(
  'LOGISTIC in concat_3branch (TFLM)',
  () => {
    const graph = importTflite(new Uint8Array(readFileSync(MULTI_MODEL)), 'concat_3branch.tflite');
    const bytes = (file: string) => new Int8Array(readFileSync(join(MULTI, file)));
    for (const id of ['case00', 'case01', 'case02', 'case03']) {
      it(`op 1 (inside a branch) of ${id} is byte-identical`, () => {
        expect(graph.ops[1]!.kind).toBe('LOGISTIC');
        const input = bytes(`${id}.t00.bin`);
        expect([...runOnlyOp(graph, KERNEL, input, 1)]).toEqual([...bytes(`${id}.t01.bin`)]);
      });
    }
  },
);
