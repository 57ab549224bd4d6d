/**
 * A schedule's makespan under other costs: what a schedule the compiler made would take if its
 * items cost what `coefficients` say. Each core keeps its items in their order and an item starts
 * when its core is free and its dependencies are done, as the executor's static lists run them.
 * ariel-greedy's schedule stands for the shared queue, so it is scheduled again (the first free
 * core takes the next item in op order, a barrier after every op). Used to price the schedules
 * that ran with another cost model (bench/calibration.ts) without compiling them anew.
 */
import type { BoardCore } from '../../platforms/boards/schema.js';
import type { TaskGraph } from '../partition/task-graph.js';
import { arielGreedy } from '../schedule/ariel-greedy.js';
import { duration, referenceClock, type Schedule } from '../schedule/types.js';
import type { CostCoefficients } from './coefficients.js';
import { priceItems } from './model.js';

/** Makespan in cycles of the fastest core's clock (the schedule's reference clock). */
export function replayMakespan(
  tg: TaskGraph,
  schedule: Schedule,
  cores: readonly BoardCore[],
  coefficients: CostCoefficients,
): number {
  const repriced: TaskGraph = { ...tg, items: tg.items.map((it) => ({ ...it, cost: {} })) };
  priceItems(
    repriced.items,
    cores.map((c) => c.type),
    coefficients,
  );
  if (schedule.policy === 'ariel-greedy') return arielGreedy(repriced, cores, 0).makespanCycles;
  const ref = referenceClock(cores);
  const coreOf: number[] = [];
  for (const { core, items } of schedule.perCore) for (const id of items) coreOf[id] = core;
  const order = repriced.items
    .map((it) => it.id)
    .sort((a, b) => schedule.times[a]![0] - schedule.times[b]![0] || a - b);
  const free = cores.map(() => 0);
  const end: number[] = [];
  for (const id of order) {
    const it = repriced.items[id]!;
    const c = coreOf[id]!;
    const start = Math.max(free[c]!, ...it.deps.map((d) => end[d] ?? 0));
    end[id] = start + duration(it, cores[c]!, ref);
    free[c] = end[id];
  }
  return Math.max(0, ...end);
}
