/**
 * Executor checks on the ISS: a corrupted blob makes the executor exit with its bad-blob code, a run
 * is deterministic, waiting cores sleep, and a mismatch is traced to the first differing op. The model x board x
 * scheduler matrix is in e2e/.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../compiler/compile.js';
import { seededInput } from '../../compiler/ref/seeded-input.js';
import { ZOO } from '../../compiler/zoo/registry.js';
import { builtinBoard } from '../../platforms/boards/registry.js';
import { EXECUTOR_EXIT, writeBlob } from '../../runtime-gen/blob/blob.js';
import { buildImage } from '../../runtime-gen/image.js';
import { firstDifferingTensor, runModel } from '../../scenarios/run-model.js';
import { runGraph } from '../../compiler/ref/interpreter.js';
import { runImage } from '../../sim/backends/iss.js';

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

describe('waiting cores sleep', () => {
  // WFE/SEV (Cortex-M), h3.block/h3.unblock (Hazard3), WFI and CLINT software interrupts (ESP32-C).
  const g = ZOO.ds_cnn!.build();
  const input = seededInput(g.tensors[g.inputs[0]!]!, 1);
  it.each(['rp2040', 'rp2350-riscv', 'stm32h755', 'esp32c6'])('on %s', (name) => {
    const r = runModel(g, builtinBoard(name), input, { scheduler: 'ariel-cp', baseline: false });
    expect(r.bitExact).toBe(true);
    // The core with the fewest items waits for the other's outputs: asleep nearly all that time
    // (the rest is its boot and the instructions around each wait).
    const waiter = r.cores.reduce((a, b) => (b.items < a.items ? b : a));
    expect(waiter.idle).toBeGreaterThan(0.05 * waiter.cycles);
    expect(waiter.sleeping).toBeGreaterThan(0.95 * waiter.idle);
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
