/**
 * List scheduling over the tile graph: items in priority order, each placed on the core where it
 * finishes earliest, in the earliest idle gap of that core that follows its dependencies (insertion
 * policy). HEFT and ariel-cp are this loop with different priorities.
 */
import type { BoardCore } from '../../platforms/boards/schema.js';
import type { TaskGraph } from '../partition/task-graph.js';
import { duration, referenceClock } from './types.js';

export interface Placement {
  coreOf: number[];
  times: [number, number][];
  makespan: number;
}

/** Durations in reference cycles: d[item][core]. */
export function durationTable(tg: TaskGraph, cores: readonly BoardCore[]): number[][] {
  const ref = referenceClock(cores);
  return tg.items.map((it) => cores.map((c) => duration(it, c, ref)));
}

/**
 * Schedules items in `order` (must respect dependencies) with earliest-finish-time core choice, or
 * on the core `fixedCore` gives for the item.
 */
export function listSchedule(
  tg: TaskGraph,
  d: number[][],
  order: readonly number[],
  fixedCore?: readonly number[],
): Placement {
  const nCores = d[0]?.length ?? 0;
  // Busy intervals per core, kept sorted by start.
  const busy: [number, number][][] = Array.from({ length: nCores }, () => []);
  const coreOf: number[] = [];
  const times: [number, number][] = [];
  for (const id of order) {
    const ready = Math.max(0, ...tg.items[id]!.deps.map((p) => times[p]?.[1] ?? failOrder(id, p)));
    let best = { core: 0, start: Infinity, end: Infinity, slot: 0 };
    const only = fixedCore?.[id];
    for (let c = only ?? 0; c < (only === undefined ? nCores : only + 1); c++) {
      const len = d[id]![c]!;
      const { start, slot } = earliestGap(busy[c]!, ready, len);
      if (start + len < best.end) best = { core: c, start, end: start + len, slot };
    }
    busy[best.core]!.splice(best.slot, 0, [best.start, best.end]);
    coreOf[id] = best.core;
    times[id] = [best.start, best.end];
  }
  return { coreOf, times, makespan: Math.max(0, ...times.map((t) => t[1])) };
}

function failOrder(id: number, dep: number): number {
  throw new Error(`list order places item ${id} before its dependency ${dep}`);
}

function earliestGap(intervals: [number, number][], ready: number, len: number) {
  let t = ready;
  for (let k = 0; k < intervals.length; k++) {
    const [s, e] = intervals[k]!;
    if (t + len <= s) return { start: t, slot: k };
    if (e > t) t = e;
  }
  return { start: t, slot: intervals.length };
}

/** Upward rank: the longest path from the item to an exit, with each item weighted by `w`. */
export function upwardRank(tg: TaskGraph, w: readonly number[], succ: number[][]): number[] {
  const rank: number[] = new Array<number>(tg.items.length).fill(0);
  for (let i = tg.items.length - 1; i >= 0; i--) {
    let m = 0;
    for (const s of succ[i]!) m = Math.max(m, rank[s]!);
    rank[i] = w[i]! + m;
  }
  return rank;
}

/** Downward rank: the longest path from an entry to the item, not counting the item. */
export function downwardRank(tg: TaskGraph, w: readonly number[]): number[] {
  const rank: number[] = [];
  for (const it of tg.items) rank[it.id] = Math.max(0, ...it.deps.map((p) => rank[p]! + w[p]!));
  return rank;
}

/**
 * A topological order that always takes the ready item of highest priority (ties: lower id). Any
 * priority gives a valid order; ranks that decrease along edges give plain priority order.
 */
export function byPriority(priority: readonly number[], tg: TaskGraph, succ: number[][]): number[] {
  const waiting = tg.items.map((it) => it.deps.length);
  const heap = new MaxHeap((a, b) => priority[a]! - priority[b]! || b - a);
  tg.items.forEach((it) => it.deps.length === 0 && heap.push(it.id));
  const order: number[] = [];
  while (heap.size > 0) {
    const id = heap.pop();
    order.push(id);
    for (const s of succ[id]!) if (--waiting[s]! === 0) heap.push(s);
  }
  if (order.length !== tg.items.length) throw new Error('task graph has a dependency cycle');
  return order;
}

class MaxHeap {
  private readonly a: number[] = [];
  constructor(private readonly cmp: (x: number, y: number) => number) {}
  get size(): number {
    return this.a.length;
  }
  push(v: number): void {
    const a = this.a;
    a.push(v);
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (this.cmp(a[i]!, a[p]!) <= 0) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): number {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.cmp(a[l]!, a[m]!) > 0) m = l;
        if (r < a.length && this.cmp(a[r]!, a[m]!) > 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
