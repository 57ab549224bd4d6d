/**
 * lowerBound = max(critical path with every item on its fastest core, total work / aggregate
 * throughput). With cores of different types an item's speed differs per core, so the work bound is
 * the Lagrangian bound of the fractional assignment: for weights w_c >= 0 summing to 1, any schedule
 * of makespan T has T >= sum_i min_c(w_c * d_ic) (weight each core's busy time by w_c). It equals
 * total work / cores on identical cores; we take the best of a few weightings.
 */
import type { BoardCore } from '../../platforms/boards/schema.js';
import type { TaskGraph } from '../partition/task-graph.js';
import { duration, referenceClock } from './types.js';

export function lowerBound(tg: TaskGraph, cores: readonly BoardCore[]): number {
  const ref = referenceClock(cores);
  const d = tg.items.map((it) => cores.map((c) => duration(it, c, ref)));
  const finish: number[] = [];
  for (const it of tg.items) {
    const ready = Math.max(0, ...it.deps.map((p) => finish[p]!));
    finish[it.id] = ready + Math.min(...d[it.id]!);
  }
  const criticalPath = Math.max(0, ...finish);
  // Weightings: uniform, and each core weighted by its speed (1 / its total time alone).
  const totals = cores.map((_, c) => d.reduce((s, row) => s + row[c]!, 0));
  const speed = totals.map((t) => 1 / t);
  const weightings = [cores.map(() => 1), speed].map((w) => {
    const sum = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / sum);
  });
  const work = Math.max(
    ...weightings.map((w) =>
      d.reduce((s, row) => s + Math.min(...row.map((x, c) => x * w[c]!)), 0),
    ),
  );
  return Math.max(criticalPath, Math.ceil(work - 1e-6));
}
