import { describe, expect, it } from 'vitest';
import { compileModel } from '../../compiler/compile.js';
import type { Graph } from '../../compiler/ir/graph.js';
import { placeBuffers } from '../../compiler/memory/arena.js';
import { validateSchedule } from '../../compiler/schedule/validate.js';
import { ModelBuilder } from '../../compiler/zoo/layers.js';
import { builtinBoard } from '../../platforms/boards/registry.js';
import { DiagnosticError } from '../../common/diagnostics.js';
import { ZOO } from '../../compiler/zoo/registry.js';

/** input 8x8x2 (128 B) -> three 3x3 convs with 4 filters (256 B each). */
function chain(): Graph {
  const m = new ModelBuilder('chain', 3);
  let x = m.input('input', [1, 8, 8, 2], 0, 1);
  for (const n of ['a', 'b', 'c']) x = m.conv2d(x, n, { filters: 4, kernel: 3 });
  return m.build([x]);
}

const generic = (...sets: string[]) => builtinBoard('generic', sets);

describe('arena placement', () => {
  it('greedy by size, first fit', () => {
    // Buffers 0..3 of 100, 200, 50, 200 bytes; 1 conflicts with 0 and 3, 2 with 3.
    const c = [
      [false, true, false, false],
      [true, false, false, true],
      [false, false, false, true],
      [false, true, true, false],
    ];
    expect(placeBuffers([100, 200, 50, 200], c)).toEqual({
      offsets: [208, 0, 0, 208],
      arenaBytes: 416,
    });
  });

  it('a single-core chain reuses buffers exactly as a TFLM-style plan', () => {
    const g = chain();
    const c = compileModel(g, generic('cores=1'));
    const byName = Object.fromEntries(
      c.memoryPlan.buffers.map((b) => [g.tensors[b.tensor]!.name, [b.offset, b.bytes]]),
    );
    // a at 0; b conflicts with a; c only with b; the input only with a.
    expect(byName).toEqual({ input: [256, 128], a: [0, 256], b: [256, 256], c: [0, 256] });
    expect(c.memoryPlan.arenaBytes).toBe(512);
    expect(c.memoryPlan.report).toEqual({
      activationBytesTotal: 896,
      singleCoreArenaBytes: 512,
      arenaVsSum: 512 / 896,
      arenaVsSingleCore: 1,
      packedArenaBytes: 512,
      sharedBankPairs: 0, // the generic board's SRAM is word-striped
    });
    expect(c.memoryPlan.weightsInFlash).toBe(true);
    expect(c.memoryPlan.flashBytes).toBe(72 + 16 + 2 * (144 + 16));
  });

  it('hot weights go to SRAM within the budget, the rest stays in flash', () => {
    const c = compileModel(chain(), generic('cores=2'), { hotWeightsSramBytes: 200 });
    expect(c.memoryPlan.sramWeightBytes).toBe(160);
    expect(c.memoryPlan.flashBytes).toBe(88 + 160);
  });

  it('a board without a flash every core can read keeps the weights in shared SRAM', () => {
    const c = compileModel(chain(), builtinBoard('nrf5340'));
    expect([
      c.memoryPlan.weightsInFlash,
      c.memoryPlan.flashBytes,
      c.memoryPlan.sramWeightBytes,
    ]).toEqual([false, 0, 408]);
  });

  it('on contiguous banks, --spread-banks puts buffers live together in different banks', () => {
    const g = chain();
    const board = builtinBoard('nrf5340'); // APP_RAM: 8 x 64 KB banks, not striped
    const packed = compileModel(g, board);
    expect(packed.memoryPlan.report.sharedBankPairs).toBe(3); // input-a, a-b, b-c all in bank 0
    const spread = compileModel(g, board, { spreadBanks: true });
    expect(spread.memoryPlan.report.sharedBankPairs).toBe(0);
    // Largest first: a in bank 0, b (live with a) in bank 1, c (live with b) in 0, the input (with a) in 1.
    expect(spread.memoryPlan.buffers.map((b) => b.banks)).toEqual([[1], [0], [1], [0]]);
    expect(
      validateSchedule(g, spread.taskGraph, spread.schedule, board.cores, spread.memoryPlan),
    ).toEqual([]);
  });

  it('a model that does not fit gets the numbers', () => {
    const g = ZOO.resnet8!.build();
    expect(() => compileModel(g, generic('sramBytes=16K', 'cores=1'))).toThrow(DiagnosticError);
    try {
      compileModel(g, generic('sramBytes=16K', 'cores=1', 'flashBytes=64K'));
    } catch (e) {
      expect((e as DiagnosticError).diagnostics).toEqual([
        {
          code: 'compile/does-not-fit',
          where: 'resnet8 on generic',
          message: 'needs 49152 bytes of SRAM (arena 49152 + weights 0), SRAM has 16384',
        },
        {
          code: 'compile/does-not-fit',
          where: 'resnet8 on generic',
          message: 'needs 78752 bytes of flash for weights, the largest shared flash has 65536',
        },
      ]);
    }
  });
});

describe('validator', () => {
  const g = chain();
  const board = generic('cores=2');
  const compiled = () => compileModel(g, board, { scheduler: 'heft', forceTiles: 4 });

  it('accepts the compiler output', () => {
    const c = compiled();
    expect(validateSchedule(g, c.taskGraph, c.schedule, board.cores, c.memoryPlan)).toEqual([]);
  });

  it('catches an item started before its producer finished', () => {
    const c = compiled();
    const consumer = c.taskGraph.items.find((it) => it.op === 1)!;
    const [s, e] = c.schedule.times[consumer.id]!;
    c.schedule.times[consumer.id] = [0, e - s];
    const problems = validateSchedule(g, c.taskGraph, c.schedule, board.cores);
    expect(problems.some((p) => p.startsWith(`item ${consumer.id} reads tensor`))).toBe(true);
  });

  it('catches a missing dependency across cores, a duration that lies and a lost item', () => {
    const c = compiled();
    const [producer, consumer] = c.schedule.syncPoints[0]!;
    const item = c.taskGraph.items[consumer]!;
    item.deps = item.deps.filter((d) => d !== producer);
    const t = c.schedule.times[0]!;
    c.schedule.times[0] = [t[0], t[1] + 1];
    expect(validateSchedule(g, c.taskGraph, c.schedule, board.cores)).toEqual(
      expect.arrayContaining([
        `item ${consumer} reads what item ${producer} writes but does not wait for it`,
        `item 0 runs ${t[1] - t[0] + 1} cycles, its cost is ${t[1] - t[0]}`,
      ]),
    );
    const lost = c.schedule.perCore[0]!.items.shift()!;
    expect(validateSchedule(g, c.taskGraph, c.schedule, board.cores)).toContain(
      `item ${lost} is never run`,
    );
  });

  it('catches two live buffers overlapping in the arena', () => {
    const c = compiled();
    const [x, y] = c.memoryPlan.buffers.filter((b) =>
      ['a', 'b'].includes(g.tensors[b.tensor]!.name),
    );
    y!.offset = x!.offset;
    expect(validateSchedule(g, c.taskGraph, c.schedule, board.cores, c.memoryPlan)).toEqual([
      `tensors ${x!.tensor} and ${y!.tensor} are live together but overlap in the arena`,
    ]);
  });
});
