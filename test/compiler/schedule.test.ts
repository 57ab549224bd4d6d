import { describe, expect, it } from 'vitest';
import type { WorkItem, TaskGraph } from '../../compiler/partition/task-graph.js';
import { arielCp } from '../../compiler/schedule/ariel-cp.js';
import { arielGreedy } from '../../compiler/schedule/ariel-greedy.js';
import { heft } from '../../compiler/schedule/heft.js';
import { lowerBound } from '../../compiler/schedule/lower-bound.js';
import { scheduleAll } from '../../compiler/schedule/index.js';
import type { BoardCore } from '../../platforms/boards/schema.js';

/** A hand-made item: op index, dependencies and cycles on a cortex-m4. */
function item(id: number, op: number, deps: number[], cycles: number): WorkItem {
  return {
    id,
    op,
    kernel: 'conv',
    tile: [],
    reads: [],
    writes: { tensor: op, ranges: [] },
    deps,
    macs: 0,
    work: 0,
    bytesIn: 0,
    bytesOut: 0,
    cost: { 'cortex-m4': cycles },
  };
}
const m4 = (id: number, clockHz: number): BoardCore => ({ id, type: 'cortex-m4', clockHz });
const twoM4 = [m4(0, 100e6), m4(1, 100e6)];

/** Two independent ops A and B (40 cycles each) feeding C (10 cycles): a branchy graph. */
const branches: TaskGraph = {
  model: 'branches',
  items: [item(0, 0, [], 40), item(1, 1, [], 40), item(2, 2, [0, 1], 10)],
};

describe('schedulers on hand-checkable graphs', () => {
  it('ariel-greedy puts a barrier after every op, so the branches run one after the other', () => {
    const s = arielGreedy(branches, twoM4, lowerBound(branches, twoM4));
    expect(s.times).toEqual([
      [0, 40],
      [40, 80],
      [80, 90],
    ]);
    expect(s.perCore).toEqual([
      { core: 0, items: [0, 1, 2] },
      { core: 1, items: [] },
    ]);
    expect(s.makespanCycles).toBe(90);
    expect(s.barriersAfterOps).toEqual([0, 1, 2]);
  });

  it('heft and ariel-cp overlap the branches and reach the lower bound', () => {
    const lb = lowerBound(branches, twoM4);
    expect(lb).toBe(50); // critical path 40 + 10; work 90 / 2 = 45
    for (const policy of [heft, arielCp]) {
      const s = policy(branches, twoM4, lb);
      expect(s.times).toEqual([
        [0, 40],
        [0, 40],
        [40, 50],
      ]);
      expect(s.syncPoints).toEqual([[1, 2]]);
      expect([s.makespanCycles, s.efficiency]).toEqual([50, 1]);
    }
    expect(scheduleAll(branches, twoM4, 'auto').chosen.policy).toBe('heft');
  });

  it('on cores of different clocks, time is in cycles of the fastest clock', () => {
    const tg: TaskGraph = { model: 'one-op', items: [0, 1, 2].map((i) => item(i, 0, [], 100)) };
    const cores = [m4(0, 200e6), m4(1, 100e6)];
    // The 100 MHz core needs 200 reference cycles per item. Weighting each core by its speed
    // (2/3, 1/3) gives the work bound 3 x 66.7 = 200.
    expect(lowerBound(tg, cores)).toBe(200);
    const greedy = arielGreedy(tg, cores, 200);
    expect(greedy.times).toEqual([
      [0, 100],
      [0, 200],
      [100, 200],
    ]);
    expect(greedy.referenceClockHz).toBe(200e6);
    const h = heft(tg, cores, 200);
    expect(h.makespanCycles).toBe(200);
    expect(h.perCore.map((c) => c.items.length)).toEqual([2, 1]);
  });

  it('one core runs everything back to back', () => {
    const one = [m4(0, 100e6)];
    for (const s of scheduleAll(branches, one, 'auto').all) {
      expect(s.makespanCycles).toBe(90);
      expect(s.efficiency).toBe(1);
    }
  });
});
