import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticError } from '../../common/diagnostics.js';
import { importTflite } from '../../compiler/import/tflite.js';
import { elementCount, type Graph } from '../../compiler/ir/graph.js';
import type { RefKernel } from '../../compiler/ref/registry.js';
import { prepareTanhInt8, tanh, tanhInt8 } from '../../compiler/ref/tanh.js';
import { SHARED_GOLDEN, SHARED_MODELS } from '../helpers/shared.js';

const KERNEL = tanh as RefKernel;

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

const tanhOf = (xs: number[], scale = 1, zeroPoint = 0): number[] => {
  const out = new Int8Array(xs.length);
  tanhInt8(new Int8Array(xs), out, prepareTanhInt8(scale, zeroPoint));
  return [...out];
};

describe('TANH int8 kernel (output scale 1/128, zero point 0)', () => {
  it('maps the input zero point to 0', () => {
    expect(tanhOf([-5], 0.03, -5)).toEqual([0]);
  });

  it('matches the real function at hand-checked points', () => {
    // tanh(1) * 128 = 97.48 -> 97; tanh(2) * 128 = 123.39 -> 123; tanh(6) * 128 = 127.998 -> 127.
    expect(tanhOf([1, -1, 2, -2, 6, -6])).toEqual([97, -97, 123, -123, 127, -128]);
  });

  it('saturates at the range radius (7 at scale 1)', () => {
    expect(prepareTanhInt8(1, 0).inputRangeRadius).toBe(7);
    expect(tanhOf([7, -7, 100, -100])).toEqual([127, -128, 127, -128]);
  });

  it('is odd: tanh(-x) = -tanh(x) wherever the output does not clamp', () => {
    const scale = 0.02;
    const xs = Array.from({ length: 255 }, (_, i) => i - 127);
    const got = tanhOf(xs, scale, 0);
    let compared = 0;
    xs.forEach((x, i) => {
      const mirrored = got[xs.indexOf(-x)]!;
      if (Math.abs(got[i]!) < 127) {
        expect(mirrored + got[i]!).toBe(0);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(200);
  });

  it('stays within one step of the real tanh over the whole int8 range', () => {
    const scale = 0.03;
    const xs = Array.from({ length: 256 }, (_, i) => i - 128);
    const got = tanhOf(xs, scale, 10);
    xs.forEach((q, i) => {
      const ideal = Math.max(-128, Math.min(127, Math.round(Math.tanh((q - 10) * scale) * 128)));
      expect(Math.abs(got[i]! - ideal)).toBeLessThanOrEqual(1);
    });
  });
});

const GOLDEN = join(SHARED_GOLDEN, 'ops', 'tanh');
const MODEL = join(SHARED_MODELS, 'ops', 'tanh.tflite');

describe.skipIf(!existsSync(GOLDEN) || !existsSync(MODEL))('TANH golden (TFLM)', () => {
  const graph = importTflite(new Uint8Array(readFileSync(MODEL)), 'tanh.tflite');
  for (const c of goldenCases(GOLDEN)) {
    it(`tanh ${c.id} is byte-identical`, () => {
      expect([...runOnlyOp(graph, KERNEL, c.input)]).toEqual([...c.output]);
    });
  }

  it('rejects an output scale other than 1/128', () => {
    const bad = structuredClone(graph);
    bad.tensors[bad.ops[0]!.outputs[0]!]!.quant!.scale = [1 / 256];
    const run = () => runOnlyOp(bad, KERNEL, new Int8Array(256));
    expect(run).toThrow(DiagnosticError);
    expect(run).toThrow(/op 0 \(TANH\).*scale 0.0078125/);
  });
});
