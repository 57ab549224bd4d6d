/**
 * The validator: proves that a schedule is safe to run. Every item runs exactly once for its
 * duration; no core runs two items at once; no item reads a region before every item writing into
 * it has finished, and the executor is made to wait for it (a dependency or an earlier item on the
 * same core); the tiles of each op cover its output exactly once; and no two buffers that are live
 * together (by time, and by happens-before) overlap in the arena. Returns the problems found.
 */
import type { BoardCore } from '../../platforms/boards/schema.js';
import type { Graph } from '../ir/graph.js';
import { elementCount } from '../ir/graph.js';
import { bufferConflicts } from '../memory/liveness.js';
import type { MemoryPlan } from '../memory/planner.js';
import { rangesIntersect, regionElements } from '../partition/regions.js';
import type { TaskGraph } from '../partition/task-graph.js';
import { duration, type Schedule } from './types.js';

export function validateSchedule(
  g: Graph,
  tg: TaskGraph,
  sched: Schedule,
  cores: readonly BoardCore[],
  plan?: MemoryPlan,
): string[] {
  const problems: string[] = [];
  const coreOf = checkPlacement(tg, sched, cores, problems);
  if (tg.items.some((it) => coreOf[it.id] === undefined)) return problems;
  checkReads(tg, sched, coreOf, problems);
  checkCoverage(g, tg, problems);
  if (plan) checkArena(g, tg, sched, plan, problems);
  return problems;
}

function checkPlacement(
  tg: TaskGraph,
  s: Schedule,
  cores: readonly BoardCore[],
  problems: string[],
) {
  const coreOf: number[] = [];
  for (const { core, items } of s.perCore) {
    if (cores[core] === undefined)
      problems.push(`schedule uses core ${core}, which does not exist`);
    let previousEnd = -Infinity;
    for (const id of items) {
      const item = tg.items[id];
      const t = s.times[id];
      if (item === undefined || t === undefined) {
        problems.push(`core ${core} lists unknown item ${id}`);
        continue;
      }
      if (coreOf[id] !== undefined) problems.push(`item ${id} is scheduled twice`);
      coreOf[id] = core;
      const want = cores[core] ? duration(item, cores[core], s.referenceClockHz) : 0;
      if (t[1] - t[0] !== want)
        problems.push(`item ${id} runs ${t[1] - t[0]} cycles, its cost is ${want}`);
      if (t[0] < previousEnd)
        problems.push(`core ${core} starts item ${id} at ${t[0]} before ${previousEnd}`);
      previousEnd = t[1];
    }
  }
  for (const it of tg.items)
    if (coreOf[it.id] === undefined) problems.push(`item ${it.id} is never run`);
  const end = Math.max(0, ...s.times.map((t) => t[1]));
  if (end !== s.makespanCycles)
    problems.push(`makespan is ${s.makespanCycles}, the items end at ${end}`);
  return coreOf;
}

function checkReads(tg: TaskGraph, s: Schedule, coreOf: number[], problems: string[]): void {
  const writers = new Map<number, number[]>();
  for (const it of tg.items)
    writers.set(it.writes.tensor, [...(writers.get(it.writes.tensor) ?? []), it.id]);
  const position: number[] = [];
  for (const { items } of s.perCore) items.forEach((id, k) => (position[id] = k));
  for (const it of tg.items) {
    const deps = new Set(it.deps);
    for (const r of it.reads)
      for (const w of writers.get(r.tensor) ?? []) {
        if (!rangesIntersect(tg.items[w]!.writes.ranges, r.ranges)) continue;
        if (s.times[w]![1] > s.times[it.id]![0])
          problems.push(
            `item ${it.id} reads tensor ${r.tensor} at ${s.times[it.id]![0]} before item ${w} finishes writing it at ${s.times[w]![1]}`,
          );
        const ordered = coreOf[w] === coreOf[it.id] && position[w]! < position[it.id]!;
        if (!deps.has(w) && !ordered)
          problems.push(`item ${it.id} reads what item ${w} writes but does not wait for it`);
      }
  }
}

function checkCoverage(g: Graph, tg: TaskGraph, problems: string[]): void {
  const byOp = new Map<number, number[]>();
  for (const it of tg.items) byOp.set(it.op, [...(byOp.get(it.op) ?? []), it.id]);
  g.ops.forEach((op, i) => {
    const items = (byOp.get(i) ?? []).map((id) => tg.items[id]!);
    const out = g.tensors[op.outputs[0]!]!;
    const covered = items.reduce((n, it) => n + regionElements(it.writes.ranges), 0);
    if (covered !== elementCount(out.shape))
      problems.push(
        `op ${i} (${op.kind}): tiles cover ${covered} of ${elementCount(out.shape)} outputs`,
      );
    for (let a = 0; a < items.length; a++)
      for (let b = a + 1; b < items.length; b++)
        if (rangesIntersect(items[a]!.writes.ranges, items[b]!.writes.ranges))
          problems.push(
            `op ${i}: items ${items[a]!.id} and ${items[b]!.id} write the same outputs`,
          );
  });
}

function checkArena(
  g: Graph,
  tg: TaskGraph,
  s: Schedule,
  plan: MemoryPlan,
  problems: string[],
): void {
  const bufs = plan.buffers;
  const span = liveSpans(g, tg, s);
  const mayOverlap = bufferConflicts(
    g,
    tg,
    s.perCore,
    bufs.map((b) => b.tensor),
  );
  for (let a = 0; a < bufs.length; a++)
    for (let b = a + 1; b < bufs.length; b++) {
      const [x, y] = [bufs[a]!, bufs[b]!];
      if (x.offset >= y.offset + y.bytes || y.offset >= x.offset + x.bytes) continue;
      const [xs, xe] = span(x.tensor);
      const [ys, ye] = span(y.tensor);
      if ((xs < ye && ys < xe) || mayOverlap[a]![b])
        problems.push(
          `tensors ${x.tensor} and ${y.tensor} are live together but overlap in the arena`,
        );
    }
  if (Math.max(0, ...bufs.map((b) => b.offset + b.bytes)) > plan.arenaBytes)
    problems.push('a buffer ends beyond the arena');
}

/** [first write start, last read end) of each tensor in schedule time; inputs from 0, outputs to the end. */
function liveSpans(g: Graph, tg: TaskGraph, s: Schedule) {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  for (const it of tg.items) {
    const [start, end] = s.times[it.id]!;
    const w = it.writes.tensor;
    first.set(w, Math.min(first.get(w) ?? Infinity, start));
    last.set(w, Math.max(last.get(w) ?? 0, end));
    for (const r of it.reads) last.set(r.tensor, Math.max(last.get(r.tensor) ?? 0, end));
  }
  const outputs = new Set(g.outputs);
  return (t: number): [number, number] => [
    g.inputs.includes(t) ? 0 : (first.get(t) ?? 0),
    outputs.has(t) ? Infinity : (last.get(t) ?? Infinity),
  ];
}
