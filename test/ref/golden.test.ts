/**
 * Golden tests: every model under ../shared/golden (the four MLPerf Tiny models and every
 * ops/<name>) runs through the reference interpreter; the output and every operator's output tensor
 * must be byte-equal to TensorFlow Lite Micro's (see each manifest's `oracle`). Ops without a
 * kernel yet are skipped visibly: the ops before the first one are still checked, and the test for
 * the rest starts running as soon as the kernel is registered.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTflite } from '../../compiler/import/tflite.js';
import type { Graph, TensorData } from '../../compiler/ir/graph.js';
import { runGraphWith } from '../../compiler/ref/interpreter.js';
import { REF_KERNELS } from '../../compiler/ref/ops.js';
import { SHARED_GOLDEN, SHARED_MODELS } from '../helpers/shared.js';

interface TensorFile {
  tensor_index: number;
  op_index: number;
  op_name: string;
  dtype: string;
  file: string;
}
interface GoldenCase {
  id: string;
  input: string;
  output: string;
  intermediates: TensorFile[];
}
interface Manifest {
  model: string;
  model_file: string;
  input: { tensor_index: number; dtype: string };
  output: { tensor_index: number };
  cases: GoldenCase[];
}

function goldenDirs(): string[] {
  if (!existsSync(SHARED_GOLDEN)) return [];
  const dirs = readdirSync(SHARED_GOLDEN)
    .filter((d) => d !== 'ops')
    .map((d) => join(SHARED_GOLDEN, d));
  const ops = join(SHARED_GOLDEN, 'ops');
  if (existsSync(ops)) dirs.push(...readdirSync(ops).map((d) => join(ops, d)));
  return dirs.filter((d) => existsSync(join(d, 'manifest.json'))).sort();
}

function bytesOf(v: TensorData): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

function inputOf(bytes: Buffer, dtype: string): TensorData {
  const copy = new Uint8Array(bytes).buffer;
  if (dtype === 'float32') return new Float32Array(copy);
  if (dtype === 'int8') return new Int8Array(copy);
  throw new Error(`golden input dtype ${dtype} not handled`);
}

/** "equal", or how many bytes differ and where the first one is. */
function compareBytes(actual: Uint8Array, expected: Uint8Array): string {
  if (actual.length !== expected.length) return `length ${actual.length} vs ${expected.length}`;
  let diff = 0;
  let first = -1;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) {
      diff++;
      if (first < 0) first = i;
    }
  }
  return diff === 0 ? 'equal' : `${diff}/${actual.length} bytes differ, first at ${first}`;
}

const dirs = goldenDirs();

describe.skipIf(dirs.length === 0)('goldens: reference interpreter vs TFLite Micro', () => {
  for (const dir of dirs) {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    const modelPath = join(SHARED_MODELS, manifest.model_file);
    describe.skipIf(!existsSync(modelPath))(manifest.model, () => {
      for (const c of manifest.cases) {
        it(`${c.id}: the output and every op output are byte-equal`, () => {
          const graph = importTflite(new Uint8Array(readFileSync(modelPath)), manifest.model_file);
          const input = inputOf(readFileSync(join(dir, c.input)), manifest.input.dtype);
          const values = runGraphWith(REF_KERNELS, graph, [input]);
          expect(c.intermediates.map((t) => t.op_index)).toEqual(graph.ops.map((_, i) => i));
          for (const t of c.intermediates) {
            const actual = values.get(t.tensor_index)!;
            const verdict = compareBytes(bytesOf(actual), readFileSync(join(dir, t.file)));
            expect(verdict, `op ${t.op_index} (${t.op_name}) tensor ${t.tensor_index}`).toBe(
              'equal',
            );
          }
          const out = values.get(manifest.output.tensor_index)!;
          expect(compareBytes(bytesOf(out), readFileSync(join(dir, c.output)))).toBe('equal');
        });
      }
    });
  }
});

/** The single-op models whose op has a kernel: their outputs depend on one requantisation only. */
function singleOpModels(): { manifest: Manifest; dir: string; graph: Graph }[] {
  return dirs.flatMap((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    const path = join(SHARED_MODELS, manifest.model_file);
    if (!existsSync(path)) return [];
    const graph = importTflite(new Uint8Array(readFileSync(path)), manifest.model_file);
    return graph.ops.length === 1 && REF_KERNELS.has(graph.ops[0]!.kind)
      ? [{ manifest, dir, graph }]
      : [];
  });
}

describe.skipIf(dirs.length === 0)('goldens: single rounding (TFLITE_SINGLE_ROUNDING)', () => {
  it('stays within 1 LSB of the double-rounding goldens on single-op models, and differs somewhere', () => {
    let differing = 0;
    let checked = 0;
    for (const { manifest, dir, graph } of singleOpModels()) {
      for (const c of manifest.cases) {
        const input = inputOf(readFileSync(join(dir, c.input)), manifest.input.dtype);
        const out = runGraphWith(REF_KERNELS, graph, [input], { rounding: 'single' }).get(
          manifest.output.tensor_index,
        ) as Int8Array;
        const expected = new Int8Array(new Uint8Array(readFileSync(join(dir, c.output))).buffer);
        for (let i = 0; i < out.length; i++) {
          const d = Math.abs(out[i]! - expected[i]!);
          if (d > 1)
            expect(`${manifest.model} ${c.id}[${i}] differs by ${d}`).toBe('at most 1 LSB');
          if (d === 1) differing++;
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10000);
    expect(differing).toBeGreaterThan(0);
  });
});
