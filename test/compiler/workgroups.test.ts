/**
 * The Ariel-ML baseline's work items: IREE LLVMCPU's default distribution tiling, fixed per op shape
 * and independent of the core count, and compile.ts giving it to ariel-greedy without a tile search.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../compiler/compile.js';
import { priceItems } from '../../compiler/cost/model.js';
import { elementCount } from '../../compiler/ir/graph.js';
import { opMacs } from '../../compiler/ir/stats.js';
import {
  distributionTileSizes,
  opWorkgroupRanges,
  partitionWorkgroups,
} from '../../compiler/partition/workgroups.js';
import { arielGreedy } from '../../compiler/schedule/ariel-greedy.js';
import { lowerBound } from '../../compiler/schedule/lower-bound.js';
import { ZOO } from '../../compiler/zoo/registry.js';
import { builtinBoard } from '../../platforms/boards/registry.js';

describe('IREE default distribution tile sizes', () => {
  it('halves each dim, capped at 64, as a power of two', () => {
    expect(distributionTileSizes([32, 32, 16])).toEqual([16, 16, 8]); // 2 x 2 x 2 workgroups
    expect(distributionTileSizes([8, 8, 64])).toEqual([4, 4, 32]);
    expect(distributionTileSizes([64])).toEqual([32]);
    expect(distributionTileSizes([1])).toEqual([1]);
  });

  it('grows the innermost tiles while there are more than 16 workgroups', () => {
    // 32, 32, 4 gives 3 x 3 x 2 = 18 > 16: the channel tile doubles to 8 (9 workgroups).
    expect(distributionTileSizes([96, 96, 8])).toEqual([32, 32, 8]);
    // 256: tile 64 (the cap) gives 4 x 4 x 4 = 64 workgroups and no tile can grow past 64.
    expect(distributionTileSizes([256, 256, 256])).toEqual([64, 64, 64]);
  });

  it('evens out to the largest divisor of the extent', () => {
    expect(distributionTileSizes([10])).toEqual([2]); // bit_floor(5) = 4 -> 3 groups -> 4 -> 2
    expect(distributionTileSizes([1000])).toEqual([50]); // 64 -> 16 groups -> 63 -> 50
    expect(distributionTileSizes([7])).toEqual([1]); // prime: 2 -> 4 groups -> 2 -> 1
  });
});

describe('workgroup task graph', () => {
  const g = ZOO.resnet8!.build();

  it('ResNet-8: 2 x 2 x 2 workgroups over H, W, C; none for softmax over 1 x 10', () => {
    const counts = g.ops.map((op) => opWorkgroupRanges(g, op).ranges.map((r) => r.length));
    expect(counts.slice(0, 12)).toEqual(Array.from({ length: 12 }, () => [2, 2, 2]));
    expect(counts.slice(12)).toEqual([[2], [], [5], []]); // pool 1x1x1x64, reshape, FC 1x10, softmax
    const tg = partitionWorkgroups(g);
    expect(tg.items).toHaveLength(12 * 8 + 2 + 1 + 5 + 1);
    expect(tg.items[1]!.tile).toEqual([
      [0, 1],
      [0, 16],
      [0, 16],
      [8, 16],
    ]);
  });

  it('every zoo model: workgroups cover each output once and MACs add up per op', () => {
    for (const entry of Object.values(ZOO)) {
      const m = entry.build();
      const tg = partitionWorkgroups(m);
      m.ops.forEach((op, i) => {
        const items = tg.items.filter((it) => it.op === i);
        const elements = items.reduce(
          (s, it) => s + it.tile.reduce((n, [a, b]) => n * (b - a), 1),
          0,
        );
        expect(elements, `${m.name} op ${i}`).toBe(elementCount(m.tensors[op.outputs[0]!]!.shape));
        const macs = items.reduce((s, it) => s + it.macs, 0);
        expect(Math.abs(macs - opMacs(m, op)), `${m.name} op ${i}`).toBeLessThanOrEqual(
          items.length,
        );
      });
    }
  });

  it('compile gives ariel-greedy the workgroups whatever the core count, and no tile search', () => {
    for (const cores of [2, 4, 8]) {
      const board = builtinBoard('generic', [`cores=${cores}`]);
      const c = compileModel(g, board, { scheduler: 'ariel-greedy' });
      const tg = partitionWorkgroups(g);
      priceItems(
        tg.items,
        board.cores.map((k) => k.type),
      );
      expect(c.taskGraph).toEqual(tg);
      const alone = arielGreedy(tg, board.cores, lowerBound(tg, board.cores));
      expect(c.schedule.makespanCycles).toBe(alone.makespanCycles);
      const auto = compileModel(g, board);
      expect(auto.schedulers.map((s) => s.policy)).toEqual(['ariel-greedy', 'heft', 'ariel-cp']);
      expect(auto.schedulers[0]!.makespanCycles).toBe(alone.makespanCycles);
    }
  });
});
