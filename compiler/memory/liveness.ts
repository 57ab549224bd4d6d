/**
 * Which activation buffers may be live at the same time under a schedule. The executor synchronises
 * on dependencies, not on the estimated times, so "may be live together" is judged by happens-before:
 * the dependency edges plus each core's program order. Buffer A is dead before B is born when every
 * item that reads A (or, if none, writes A) happens before every item that writes B.
 */
import type { Graph } from '../ir/graph.js';
import type { TaskGraph } from '../partition/task-graph.js';

/** The tensors that need arena space: graph inputs and every op's outputs that are not constants. */
export function activationTensors(g: Graph): number[] {
  const ids = new Set<number>(g.inputs);
  for (const op of g.ops) for (const id of op.outputs) ids.add(id);
  return [...ids].filter((id) => g.tensors[id]!.data === undefined).sort((a, b) => a - b);
}

/** Ancestor sets (happens-before) of each item, as bitsets, from deps and per-core order. */
export function ancestors(
  tg: TaskGraph,
  perCore: readonly { items: readonly number[] }[],
): Uint32Array[] {
  const n = tg.items.length;
  const words = Math.ceil(n / 32);
  const preds: number[][] = tg.items.map((it) => [...it.deps]);
  for (const { items } of perCore)
    for (let k = 1; k < items.length; k++) preds[items[k]!]!.push(items[k - 1]!);
  const anc: (Uint32Array | undefined)[] = new Array(n);
  const visit = (id: number, stack: Set<number>): Uint32Array => {
    const done = anc[id];
    if (done) return done;
    if (stack.has(id)) throw new Error(`cycle in the happens-before order at item ${id}`);
    stack.add(id);
    const set = new Uint32Array(words);
    for (const p of preds[id]!) {
      const ps = visit(p, stack);
      for (let w = 0; w < words; w++) set[w]! |= ps[w]!;
      set[p >> 5]! |= 1 << (p & 31);
    }
    stack.delete(id);
    anc[id] = set;
    return set;
  };
  for (let id = 0; id < n; id++) visit(id, new Set());
  return anc as Uint32Array[];
}

/** conflicts[a][b]: tensors a and b (indices into `tensors`) may be live at the same time. */
export function bufferConflicts(
  g: Graph,
  tg: TaskGraph,
  perCore: readonly { items: readonly number[] }[],
  tensors: readonly number[],
): boolean[][] {
  const anc = ancestors(tg, perCore);
  const writers = new Map<number, number[]>();
  const readers = new Map<number, number[]>();
  for (const it of tg.items) {
    push(writers, it.writes.tensor, it.id);
    for (const r of it.reads) push(readers, r.tensor, it.id);
  }
  const outputs = new Set(g.outputs);
  const lastUses = (t: number) => readers.get(t) ?? writers.get(t) ?? [];
  const diesBefore = (a: number, b: number): boolean => {
    const births = writers.get(b);
    if (outputs.has(a) || births === undefined) return false; // a outlives the run, b is an input
    return births.every((p) =>
      lastUses(a).every((u) => (anc[p]![u >> 5]! & (1 << (u & 31))) !== 0),
    );
  };
  return tensors.map((a) => tensors.map((b) => a !== b && !diesBefore(a, b) && !diesBefore(b, a)));
}

function push(m: Map<number, number[]>, k: number, v: number): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Single-core, op-by-op liveness (TFLM's plan): live from the producing op to the last reading op. */
export function sequentialConflicts(g: Graph, tensors: readonly number[]): boolean[][] {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  for (const id of g.inputs) first.set(id, -1);
  g.ops.forEach((op, i) => {
    for (const id of op.outputs) if (!first.has(id)) first.set(id, i);
    for (const id of [...op.inputs, ...op.outputs]) if (id >= 0) last.set(id, i);
  });
  for (const id of g.outputs) last.set(id, Infinity);
  const span = (t: number): [number, number] => [first.get(t) ?? -1, last.get(t) ?? Infinity];
  return tensors.map((a) =>
    tensors.map((b) => {
      if (a === b) return false;
      const [a0, a1] = span(a);
      const [b0, b1] = span(b);
      return a0 <= b1 && b0 <= a1;
    }),
  );
}
