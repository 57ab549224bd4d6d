/**
 * Ariel-ML's policy, generalised to N cores: inside one operator, the work items go in a fixed order
 * to worker threads pulling from one shared queue (the first core to become free takes the next
 * item); a barrier follows every operator. It uses only intra-operator parallelism and no knowledge
 * of core speeds (a faster core just comes back to the queue sooner, and a slow core may take the
 * last big item). Its items should be IREE's workgroups (`partitionWorkgroups`), which Ariel-ML gets
 * from the op shapes alone; compile.ts gives it those, not our tuned partition.
 */
import type { BoardCore } from '../../platforms/boards/schema.js';
import type { TaskGraph } from '../partition/task-graph.js';
import { duration, finishSchedule, referenceClock, type Schedule } from './types.js';

export function arielGreedy(
  tg: TaskGraph,
  cores: readonly BoardCore[],
  lowerBoundCycles: number,
): Schedule {
  const ref = referenceClock(cores);
  const coreOf: number[] = [];
  const times: [number, number][] = [];
  let barrier = 0;
  let i = 0;
  while (i < tg.items.length) {
    const op = tg.items[i]!.op;
    const free = cores.map(() => barrier);
    for (; i < tg.items.length && tg.items[i]!.op === op; i++) {
      const item = tg.items[i]!;
      let c = 0;
      for (let k = 1; k < cores.length; k++) if (free[k]! < free[c]!) c = k;
      const start = free[c]!;
      free[c] = start + duration(item, cores[c]!, ref);
      coreOf[item.id] = c;
      times[item.id] = [start, free[c]!];
    }
    barrier = Math.max(...free);
  }
  const ops = [...new Set(tg.items.map((it) => it.op))];
  return {
    ...finishSchedule('ariel-greedy', tg, cores, coreOf, times, lowerBoundCycles),
    barriersAfterOps: ops,
  };
}
