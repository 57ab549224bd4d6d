/**
 * The end-to-end matrix, shared by the test files in this folder (one per group of models, so that
 * vitest spreads them over workers): the prebuilt executor + kernels run the model blob on simulated
 * boards and the outputs are bit-exact with the reference interpreter, on rp2040 (1 and 2 cores),
 * rp2350-arm, rp2350-riscv, nrf5340, stm32h755, esp32c6 and generic boards of 4 and 8 cores, with
 * every scheduler.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importTflite } from '../../../compiler/import/tflite.js';
import type { Graph } from '../../../compiler/ir/graph.js';
import { seededInput } from '../../../compiler/ref/seeded-input.js';
import { POLICIES } from '../../../compiler/schedule/index.js';
import { ZOO } from '../../../compiler/zoo/registry.js';
import { builtinBoard, withCores } from '../../../platforms/boards/registry.js';
import type { Board } from '../../../platforms/boards/schema.js';
import { runModel } from '../../../scenarios/run-model.js';
import { HAVE_SHARED, SHARED_MODELS } from '../../helpers/shared.js';

const BOARDS: [string, () => Board][] = [
  ['rp2040 x1', () => withCores(builtinBoard('rp2040'), 1)],
  ['rp2040', () => builtinBoard('rp2040')],
  ['rp2350-arm', () => builtinBoard('rp2350-arm')],
  ['rp2350-riscv', () => builtinBoard('rp2350-riscv')],
  ['nrf5340', () => builtinBoard('nrf5340')],
  ['stm32h755', () => builtinBoard('stm32h755')],
  ['esp32c6', () => builtinBoard('esp32c6')],
  ['generic x4', () => builtinBoard('generic', ['cores=4'])],
  ['generic x8', () => builtinBoard('generic', ['cores=8'])],
];
const CASES = BOARDS.flatMap(([label, board]) => POLICIES.map((p) => [label, p, board] as const));

/**
 * Bit-exactness does not depend on how finely the cores interleave (the executor synchronises on
 * done flags), so the matrix runs with a coarse quantum for speed; cycle-exact runs use the default.
 */
const QUANTUM = 2000;

/** A zoo model by name, or an MLPerf Tiny model from ../shared (undefined when it is absent). */
function load(name: string): (() => Graph) | undefined {
  if (ZOO[name] !== undefined) return () => ZOO[name]!.build();
  if (!HAVE_SHARED) return undefined;
  return () =>
    importTflite(new Uint8Array(readFileSync(join(SHARED_MODELS, `${name}.tflite`))), name);
}

export function endToEndMatrix(names: readonly string[]): void {
  // The simulations are synchronous: give the worker a macrotask between tests so that vitest's
  // RPC replies are processed (otherwise a long run of tests times out "onTaskUpdate").
  afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
  for (const name of names) {
    const build = load(name);
    describe.skipIf(build === undefined)(`${name} end to end`, () => {
      const g = build?.();
      const input = g && seededInput(g.tensors[g.inputs[0]!]!, 7);
      it.each(CASES)('is bit-exact on %s with %s', (_label, scheduler, makeBoard) => {
        const r = runModel(g!, makeBoard(), input!, {
          scheduler,
          baseline: false,
          quantumCycles: QUANTUM,
        });
        expect(r.bitExact, JSON.stringify(r.mismatch)).toBe(true);
        expect(r.trace.length).toBe(r.compiled.taskGraph.items.length);
        expect(r.latencyCycles).toBeGreaterThan(0);
      });
    });
  }
}
