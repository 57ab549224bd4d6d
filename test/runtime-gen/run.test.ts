/**
 * End to end on the ISS: the prebuilt executor + kernels run the model blob on simulated boards and
 * the outputs are bit-exact with the reference interpreter, for every zoo model and the four MLPerf
 * Tiny models on rp2040 (1 and 2 cores), rp2350-arm, rp2350-riscv, nrf5340, stm32h755 and generic
 * boards of 4 and 8 cores, with every scheduler. Also: a corrupted blob makes the executor exit with
 * its bad-blob code, and a run is deterministic.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileModel } from '../../compiler/compile.js';
import { importTflite } from '../../compiler/import/tflite.js';
import type { Graph } from '../../compiler/ir/graph.js';
import { seededInput } from '../../compiler/ref/seeded-input.js';
import { POLICIES } from '../../compiler/schedule/index.js';
import { ZOO } from '../../compiler/zoo/registry.js';
import { totalMacs } from '../../compiler/ir/stats.js';
import { builtinBoard, withCores } from '../../platforms/boards/registry.js';
import type { Board } from '../../platforms/boards/schema.js';
import { EXECUTOR_EXIT, writeBlob } from '../../runtime-gen/blob/blob.js';
import { buildImage } from '../../runtime-gen/image.js';
import { firstDifferingTensor, runModel } from '../../scenarios/run-model.js';
import { runGraph } from '../../compiler/ref/interpreter.js';
import { runImage } from '../../sim/backends/iss.js';
import { HAVE_SHARED, MLPERF_MODELS, SHARED_MODELS } from '../helpers/shared.js';

const BOARDS: [string, () => Board][] = [
  ['rp2040 x1', () => withCores(builtinBoard('rp2040'), 1)],
  ['rp2040', () => builtinBoard('rp2040')],
  ['rp2350-arm', () => builtinBoard('rp2350-arm')],
  ['rp2350-riscv', () => builtinBoard('rp2350-riscv')],
  ['nrf5340', () => builtinBoard('nrf5340')],
  ['stm32h755', () => builtinBoard('stm32h755')],
  ['generic x4', () => builtinBoard('generic', ['cores=4'])],
  ['generic x8', () => builtinBoard('generic', ['cores=8'])],
];

function models(): [string, () => Graph][] {
  const list: [string, () => Graph][] = Object.entries(ZOO).map(([n, e]) => [n, () => e.build()]);
  if (HAVE_SHARED)
    for (const m of MLPERF_MODELS)
      list.push([
        m,
        () => importTflite(new Uint8Array(readFileSync(join(SHARED_MODELS, `${m}.tflite`))), m),
      ]);
  return list;
}

/**
 * Bit-exactness does not depend on how finely the cores interleave (the executor synchronises on
 * done flags), so the matrix runs with a coarse quantum for speed; cycle-exact runs use the default.
 */
const QUANTUM = 2000;

/**
 * The full cross product (every model x board x scheduler) runs with ARIELSIM_E2E=full. By default
 * the small models (under 1 M MACs) run it all and the larger ones run every board with one
 * scheduler each (rotating), so every board and every scheduler still runs every model.
 */
const FULL = process.env.ARIELSIM_E2E === 'full';
const SMALL_MACS = 1_000_000;

function cases(g: Graph) {
  const all = BOARDS.flatMap(([label, board]) => POLICIES.map((p) => [label, p, board] as const));
  if (FULL || totalMacs(g) < SMALL_MACS) return all;
  return BOARDS.map(([label, board], i) => [label, POLICIES[i % POLICIES.length]!, board] as const);
}

// The simulations are synchronous: give the worker a macrotask between tests so that vitest's RPC
// replies are processed (otherwise a long run of tests times out "onTaskUpdate").
afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));

describe.each(models())('%s end to end', (_name, build) => {
  const g = build();
  const input = seededInput(g.tensors[g.inputs[0]!]!, 7);
  it.each(cases(g))('is bit-exact on %s with %s', (_label, scheduler, makeBoard) => {
    const r = runModel(g, makeBoard(), input, {
      scheduler,
      baseline: false,
      quantumCycles: QUANTUM,
    });
    expect(r.bitExact, JSON.stringify(r.mismatch)).toBe(true);
    expect(r.trace.length).toBe(r.compiled.taskGraph.items.length);
    expect(r.latencyCycles).toBeGreaterThan(0);
  });
});

describe('executor checks', () => {
  const g = ZOO.lenet5!.build();
  const board = builtinBoard('rp2040');

  it('exits with the bad-blob code when any part of the blob is corrupted', () => {
    const compiled = compileModel(g, board, { scheduler: 'heft' });
    const blob = writeBlob(g, compiled, { rounding: 'double', dynamicQueue: false });
    for (const at of [0, 20, blob.bytes.length >> 1, blob.bytes.length - 1]) {
      const image = buildImage(compiled, blob, { dynamicQueue: false });
      const segments = image.segments.map((s) => {
        if (s.name !== 'blob') return s;
        const bytes = s.bytes.slice();
        bytes[at]! ^= 0x40;
        return { ...s, bytes };
      });
      const run = runImage(board, { ...image, segments });
      expect(run.exit).toMatchObject({ kind: 'semihosting', code: EXECUTOR_EXIT.BAD_BLOB });
    }
  });

  it('gives the same cycles, trace and machine hash on every run', () => {
    const input = seededInput(g.tensors[g.inputs[0]!]!, 3);
    const runs = [0, 1].map(() => runModel(g, board, input, { scheduler: 'ariel-greedy' }));
    expect(runs[1]!.latencyCycles).toBe(runs[0]!.latencyCycles);
    expect(runs[1]!.trace).toEqual(runs[0]!.trace);
    expect(runs[1]!.singleCore!.latencyCycles).toBe(runs[0]!.singleCore!.latencyCycles);
    expect(runs[0]!.speedup).toBeGreaterThan(1);
  });
});

describe('mismatch diagnosis', () => {
  it('names the first op whose simulated output differs from the reference', () => {
    const g = ZOO.lenet5!.build();
    const input = seededInput(g.tensors[g.inputs[0]!]!, 5);
    // A reference computed from a graph whose second convolution has one weight changed: the
    // firmware (the true graph) first differs from it at that op's output.
    const conv = g.ops.findIndex((op, i) => op.kind === 'CONV_2D' && i > 0);
    const wrong = structuredClone(g);
    const w = wrong.tensors[wrong.ops[conv]!.inputs[1]!]!.data as Int8Array;
    w[0] = w[0]! === 127 ? 126 : 127;
    const values = runGraph(wrong, [input]);
    const d = firstDifferingTensor(g, builtinBoard('rp2040'), input, { scheduler: 'heft' }, values);
    expect(d).toMatchObject({ op: conv, kind: 'CONV_2D' });
  });
});
