import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticError } from '../../common/diagnostics.js';
import { importTflite } from '../../compiler/import/tflite.js';
import { elementCount, type Graph } from '../../compiler/ir/graph.js';
import type { RefKernel } from '../../compiler/ref/registry.js';
import { prepareSoftmaxInt8, softmax, softmaxInt8 } from '../../compiler/ref/softmax.js';
import { SHARED_GOLDEN, SHARED_MODELS } from '../helpers/shared.js';

const KERNEL = softmax as RefKernel;

/** Runs the single op of a one-op golden model on `input` through `kernel`. */
function runOnlyOp(graph: Graph, kernel: RefKernel, input: Int8Array): Int8Array {
  const op = graph.ops[0]!;
  const values = new Map(graph.tensors.flatMap((t) => (t.data ? [[t.id, t.data] as const] : [])));
  values.set(graph.inputs[0]!, input);
  const output = new Int8Array(elementCount(graph.tensors[op.outputs[0]!]!.shape));
  values.set(op.outputs[0]!, output);
  kernel(op, graph, values, { rounding: 'double' });
  return output;
}

function goldenCases(dir: string): { id: string; input: Int8Array; output: Int8Array }[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    cases: { id: string; input: string; output: string }[];
  };
  const bytes = (file: string) => new Int8Array(readFileSync(join(dir, file)));
  return manifest.cases.map((c) => ({ id: c.id, input: bytes(c.input), output: bytes(c.output) }));
}

describe('SOFTMAX int8 parameters (SoftmaxPrepare)', () => {
  it('quantises beta * scale * 2^26 and derives diff_min from the Q5.26 radius', () => {
    // 0.05450916662812233 * 2^26 = 3658020.6...: frexp gives 0.8721...* 2^22.
    const p = prepareSoftmaxInt8(0.05450916662812233, 1);
    expect(p.inputLeftShift).toBe(22);
    expect(p.inputMultiplier).toBe(Math.round((0.05450916662812233 * 2 ** 26 * 2 ** 31) / 2 ** 22));
    // floor(31 * 2^26 / 2^22) = 496
    expect(p.diffMin).toBe(-496);
  });

  it('caps the real multiplier at 2^31 - 1', () => {
    const p = prepareSoftmaxInt8(100, 1);
    // 2^31 - 1 = ((2^31 - 1) / 2^31) * 2^31: the Q31 significand is exactly 2^31 - 1.
    expect(p.inputMultiplier).toBe(2 ** 31 - 1);
    expect(p.inputLeftShift).toBe(31);
    expect(p.diffMin).toBe(0); // floor(31 * 2^26 / 2^31) = 0
  });

  it('caps at 2^30 - 1 under single rounding', () => {
    // 2^30 - 1 = ((2^30 - 1) / 2^30) * 2^30: significand 2^31 - 2, shift 30, radius floor(31 / 16).
    expect(prepareSoftmaxInt8(100, 1, 'single')).toEqual({
      inputMultiplier: 2 ** 31 - 2,
      inputLeftShift: 30,
      diffMin: -1,
      rounding: 'single',
    });
  });
});

describe('SOFTMAX int8 kernel', () => {
  const params = prepareSoftmaxInt8(0.05450916662812233, 1);

  it('gives 1/depth to each of equal logits', () => {
    const out = new Int8Array(4);
    softmaxInt8(new Int8Array([7, 7, 7, 7]), out, 4, params);
    // 0.25 = 64/256 -> 64 - 128 = -64
    expect([...out]).toEqual([-64, -64, -64, -64]);
  });

  it('saturates a dominant logit at 127 and sends the far ones to -128', () => {
    const out = new Int8Array(3);
    // Differences of 255 steps * 0.0545 = 13.9 in real terms: exp(-13.9) is below 1/256.
    softmaxInt8(new Int8Array([127, -128, -128]), out, 3, params);
    expect([...out]).toEqual([127, -128, -128]);
  });

  it('skips differences below diff_min', () => {
    // Scale 1: 2^26 = 0.5 * 2^27, so left shift 27 and diff_min = -floor(31 * 2^26 / 2^27) = -15.
    const p = prepareSoftmaxInt8(1, 1);
    expect(p).toMatchObject({ inputMultiplier: 2 ** 30, inputLeftShift: 27, diffMin: -15 });
    const out = new Int8Array(2);
    softmaxInt8(new Int8Array([0, -16]), out, 2, p);
    expect([...out]).toEqual([127, -128]);
  });

  it('treats each row of the last dimension separately', () => {
    const out = new Int8Array(4);
    softmaxInt8(new Int8Array([0, 0, 5, 5]), out, 2, params);
    expect([...out]).toEqual([0, 0, 0, 0]); // 0.5 = 128/256 -> 0
  });
});

const GOLDEN = join(SHARED_GOLDEN, 'ops', 'softmax10');
const MODEL = join(SHARED_MODELS, 'ops', 'softmax10.tflite');

describe.skipIf(!existsSync(GOLDEN) || !existsSync(MODEL))('SOFTMAX golden (TFLM)', () => {
  const graph = importTflite(new Uint8Array(readFileSync(MODEL)), 'softmax10.tflite');
  for (const c of goldenCases(GOLDEN)) {
    it(`softmax10 ${c.id} is byte-identical`, () => {
      expect([...runOnlyOp(graph, KERNEL, c.input)]).toEqual([...c.output]);
    });
  }

  it('rejects an int8 output that is not scale 1/256, zero point -128', () => {
    const bad = structuredClone(graph);
    bad.tensors[bad.ops[0]!.outputs[0]!]!.quant!.zeroPoint = [0];
    try {
      runOnlyOp(bad, KERNEL, new Int8Array(10));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DiagnosticError);
      expect((e as DiagnosticError).diagnostics[0]).toMatchObject({
        code: 'ref/softmax-output-quant',
        where: 'op 0 (SOFTMAX)',
      });
    }
  });
});
