/** Schedules: per-core ordered work items with start and end times. JSON-serialisable. */
import type { BoardCore } from '../../platforms/boards/schema.js';
import type { TaskGraph, WorkItem } from '../partition/task-graph.js';

export const POLICIES = ['ariel-greedy', 'heft', 'ariel-cp'] as const;
export type Policy = (typeof POLICIES)[number];
export type PolicyOrAuto = Policy | 'auto';

export interface Schedule {
  policy: Policy;
  /** Times are in cycles of this clock: the fastest scheduled core's. */
  referenceClockHz: number;
  perCore: { core: number; items: number[] }[];
  /** [start, end) of each item, indexed by item id, in reference cycles. */
  times: [number, number][];
  /** Cross-core waits: [producer item, consumer item] pairs the executor must synchronise. */
  syncPoints: [number, number][];
  /** Ops after which every core waits for all (ariel-greedy's barrier after every operator). */
  barriersAfterOps?: number[];
  makespanCycles: number;
  lowerBoundCycles: number;
  /** lowerBoundCycles / makespanCycles. */
  efficiency: number;
}

/** Duration of an item on a core, in reference cycles. */
export function duration(item: WorkItem, core: BoardCore, referenceClockHz: number): number {
  const cycles = item.cost[core.type];
  if (cycles === undefined) throw new Error(`item ${item.id} has no cost for ${core.type}`);
  return core.clockHz === referenceClockHz
    ? cycles
    : Math.ceil((cycles * referenceClockHz) / core.clockHz);
}

export function referenceClock(cores: readonly BoardCore[]): number {
  return Math.max(...cores.map((c) => c.clockHz));
}

/** Builds a Schedule from per-core orders and times; fills sync points, makespan and efficiency. */
export function finishSchedule(
  policy: Policy,
  tg: TaskGraph,
  cores: readonly BoardCore[],
  coreOf: number[],
  times: [number, number][],
  lowerBoundCycles: number,
): Schedule {
  const perCore = cores.map((c) => ({ core: c.id, items: [] as number[] }));
  const byStart = tg.items.map((it) => it.id).sort((a, b) => times[a]![0] - times[b]![0] || a - b);
  for (const id of byStart) perCore[coreOf[id]!]!.items.push(id);
  const syncPoints: [number, number][] = [];
  for (const it of tg.items)
    for (const d of it.deps) if (coreOf[d] !== coreOf[it.id]) syncPoints.push([d, it.id]);
  const makespanCycles = Math.max(0, ...times.map((t) => t[1]));
  return {
    policy,
    referenceClockHz: referenceClock(cores),
    perCore,
    times,
    syncPoints,
    makespanCycles,
    lowerBoundCycles,
    efficiency: makespanCycles === 0 ? 1 : lowerBoundCycles / makespanCycles,
  };
}
