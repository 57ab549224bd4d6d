/**
 * ariel-cp: critical-path-first list scheduling that aims at the lower bound. It tries several
 * priorities and keeps the shortest schedule:
 * - upward rank over the fastest core's durations (the critical path as the lower bound sees it),
 * - upward + downward rank (CPOP's priority: items on the critical path first),
 * - upward rank over the harmonic-mean durations (as if each item were shared by all cores),
 * each with earliest-finish-time insertion. Then two local searches keep any improvement:
 * priorities nudged towards the items that finished late, and moves of the items on the critical
 * chain (the chain of dependencies and core order that ends at the makespan) to other cores.
 */
import type { BoardCore } from '../../platforms/boards/schema.js';
import { successors, type TaskGraph } from '../partition/task-graph.js';
import {
  byPriority,
  downwardRank,
  durationTable,
  listSchedule,
  upwardRank,
  type Placement,
} from './list-scheduler.js';
import { finishSchedule, type Schedule } from './types.js';

export function arielCp(
  tg: TaskGraph,
  cores: readonly BoardCore[],
  lowerBoundCycles: number,
): Schedule {
  const d = durationTable(tg, cores);
  const succ = successors(tg);
  const fastest = d.map((row) => Math.min(...row));
  // Expected duration when the item may run on any core in proportion to its speed.
  const weighted = d.map((row) => 1 / row.reduce((s, x) => s + 1 / x, 0));
  const up = upwardRank(tg, fastest, succ);
  const down = downwardRank(tg, fastest);
  const priorities = [up, up.map((u, i) => u + down[i]!), upwardRank(tg, weighted, succ)];
  let best: Placement | undefined;
  for (const pr of priorities) {
    const p = listSchedule(tg, d, byPriority(pr, tg, succ));
    if (best === undefined || p.makespan < best.makespan) best = p;
  }
  best = improve(tg, d, best!, up, succ);
  best = moveCriticalItems(tg, d, best);
  return finishSchedule('ariel-cp', tg, cores, best.coreOf, best.times, lowerBoundCycles);
}

/**
 * Local search: re-run the list scheduler with priorities nudged towards the items that finished
 * late in the current best schedule (their rank grows by their lateness); keep any improvement.
 */
function improve(
  tg: TaskGraph,
  d: number[][],
  start: Placement,
  up: number[],
  succ: number[][],
): Placement {
  let best = start;
  for (let round = 0; round < 4; round++) {
    const lateness = best.times.map(([, e]) => e / Math.max(1, best.makespan));
    const pr = up.map((u, i) => u * (1 + 0.25 * (round + 1) * lateness[i]!));
    const p = listSchedule(tg, d, byPriority(pr, tg, succ));
    if (p.makespan < best.makespan) best = p;
  }
  return best;
}

/** Evaluations the critical-chain search may spend (keeps compile time bounded on large graphs). */
const MOVE_BUDGET = 64;

function moveCriticalItems(tg: TaskGraph, d: number[][], start: Placement): Placement {
  let best = start;
  let evaluations = 0;
  const nCores = d[0]?.length ?? 0;
  if (nCores < 2) return best;
  let improved = true;
  while (improved && evaluations < MOVE_BUDGET) {
    improved = false;
    const order = tg.items.map((it) => it.id);
    order.sort((a, b) => best.times[a]![0] - best.times[b]![0] || a - b);
    for (const id of criticalChain(tg, best)) {
      for (let c = 0; c < nCores && !improved && evaluations < MOVE_BUDGET; c++) {
        if (c === best.coreOf[id]) continue;
        const fixed = best.coreOf.slice();
        fixed[id] = c;
        evaluations++;
        const p = listSchedule(tg, d, order, fixed);
        if (p.makespan < best.makespan) {
          best = p;
          improved = true;
        }
      }
      if (improved || evaluations >= MOVE_BUDGET) break;
    }
  }
  return best;
}

/** The items on a longest chain of binding constraints (dependency or same-core) ending last. */
function criticalChain(tg: TaskGraph, p: Placement): number[] {
  const byEnd = new Map<string, number>();
  p.times.forEach(([, e], id) => byEnd.set(`${p.coreOf[id]}:${e}`, id));
  let id = p.times.reduce((m, t, i) => (t[1] > p.times[m]![1] ? i : m), 0);
  const chain: number[] = [];
  while (id !== undefined) {
    chain.push(id);
    const s = p.times[id]![0];
    if (s === 0) break;
    const dep = tg.items[id]!.deps.find((q) => p.times[q]![1] === s);
    id = dep ?? byEnd.get(`${p.coreOf[id]}:${s}`)!;
  }
  return chain;
}
