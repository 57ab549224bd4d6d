/**
 * Partition: split every op into work items along its output (rows, channels or output neurons),
 * with a granularity chosen per op from its work and the core count, and connect items by the exact
 * regions they read (tile-level dependencies).
 */
import type { Graph, Op } from '../ir/graph.js';
import { elementCount, tensorBytes } from '../ir/graph.js';
import { opMacs, opParameterBytes } from '../ir/stats.js';
import { kernelKind } from '../cost/model.js';
import type { KernelKind } from '../cost/coefficients.js';
import { fullRanges, rangesIntersect, regionBytes, tileReads, type Range } from './regions.js';
import type { TaskGraph, WorkItem } from './task-graph.js';

export interface PartitionOptions {
  /** Cores the work is for. */
  cores: number;
  /**
   * Throughput of all cores in units of the slowest one (default: `cores`). On cores of different
   * speeds, tiles get finer so that each core can take a share proportional to its speed.
   */
  capacity?: number;
  /** Items per op per core when the op is large enough (default: 4 up to 4 cores, else 2). */
  itemsPerCore?: number;
  /** Minimum work units per item: smaller ops get fewer items (default 4000). */
  minWorkPerItem?: number;
  /** Force this many items for every op (capped by the split dimension's extent). */
  forceTiles?: number;
}

/** The dimensions each op may be split along, in order of preference. */
export function splitDims(g: Graph, op: Op): number[] {
  const rank = g.tensors[op.outputs[0]!]!.shape.length;
  const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);
  switch (op.kind) {
    case 'CONV_2D':
    case 'DEPTHWISE_CONV_2D':
    case 'AVERAGE_POOL_2D':
    case 'MAX_POOL_2D':
      return [1, 3, 2];
    case 'FULLY_CONNECTED':
      return [rank - 1];
    case 'SOFTMAX':
      return upTo(rank - 1).slice(1);
    case 'CONCATENATION': {
      const axis = op.attrs.axis < 0 ? op.attrs.axis + rank : op.attrs.axis;
      return upTo(rank).filter((d) => d !== 0 && d !== axis);
    }
    case 'RESHAPE':
    case 'MEAN':
      return [];
    default: // element-wise ops and PAD: rows, then the other dimensions
      return rank === 1 ? [0] : upTo(rank).slice(1);
  }
}

/** Work units of a whole op (see KERNEL_KINDS). */
export function opWork(g: Graph, op: Op): number {
  const out = g.tensors[op.outputs[0]!]!;
  switch (kernelKind(op.kind)) {
    case 'conv':
    case 'depthwise':
    case 'fc':
      return opMacs(g, op);
    case 'pool':
      return op.kind === 'AVERAGE_POOL_2D' || op.kind === 'MAX_POOL_2D'
        ? elementCount(out.shape) * op.attrs.filterH * op.attrs.filterW
        : 0;
    case 'reduce':
      return elementCount(g.tensors[op.inputs[0]!]!.shape);
    case 'copy':
      return tensorBytes(out);
    default:
      return elementCount(out.shape);
  }
}

/** Chooses the split dimension and the number of tiles for one op. */
export function chooseSplit(g: Graph, op: Op, o: PartitionOptions): { dim: number; count: number } {
  const shape = g.tensors[op.outputs[0]!]!.shape;
  const dims = splitDims(g, op).filter((d) => shape[d]! > 1);
  if (dims.length === 0) return { dim: 0, count: 1 };
  const perCore = o.itemsPerCore ?? (o.cores <= 4 ? 4 : 2);
  const byWork = Math.floor(opWork(g, op) / (o.minWorkPerItem ?? 4000));
  const units = Math.max(o.cores, Math.min(4 * o.cores, Math.ceil((o.capacity ?? o.cores) - 1e-9)));
  const want = Math.max(1, o.forceTiles ?? Math.min(units * perCore, byWork));
  const dim =
    dims.find((d) => shape[d]! >= want) ?? dims.reduce((a, b) => (shape[b]! > shape[a]! ? b : a));
  return { dim, count: Math.min(want, shape[dim]!) };
}

/** Splits [0, extent) into `count` contiguous ranges whose sizes differ by at most one. */
export function splitRange(extent: number, count: number): Range[] {
  return Array.from({ length: count }, (_, k): Range => [
    Math.floor((k * extent) / count),
    Math.floor(((k + 1) * extent) / count),
  ]);
}

export function partition(g: Graph, options: PartitionOptions): TaskGraph {
  const items: WorkItem[] = [];
  const writers = new Map<number, WorkItem[]>();
  g.ops.forEach((op, opIndex) => {
    const out = g.tensors[op.outputs[0]!]!;
    const { dim, count } = chooseSplit(g, op, options);
    const kernel = kernelKind(op.kind);
    const work = opWork(g, op);
    const macs = opMacs(g, op);
    const params = opParameterBytes(g, op);
    const produced: WorkItem[] = [];
    for (const r of splitRange(out.shape[dim] ?? 1, count)) {
      const tile = fullRanges(out.shape);
      if (out.shape.length > 0) tile[dim] = r;
      // Work is proportional to output elements for every op that is split (an exact integer share).
      const share = count === 1 ? 1 : (r[1] - r[0]) / out.shape[dim]!;
      // A channel (last-dimension) split reads only its share of the weights; a row split reads them all.
      const weightShare = dim === out.shape.length - 1 ? share : 1;
      const item = makeItem(g, op, opIndex, tile, kernel, {
        share,
        weightShare,
        work,
        macs,
        params,
      });
      item.id = items.length;
      item.deps = depsOf(item, writers);
      items.push(item);
      produced.push(item);
    }
    for (const id of op.outputs) writers.set(id, produced);
  });
  return { model: g.name, items };
}

/** An item's share of its op's work and of its weights, and the op's totals. */
export interface Totals {
  share: number;
  weightShare: number;
  work: number;
  macs: number;
  params: number;
}

/** One work item (id and deps still to be filled in) computing `tile` of `op`'s output. */
export function makeItem(
  g: Graph,
  op: Op,
  opIndex: number,
  tile: Range[],
  kernel: KernelKind,
  t: Totals,
): WorkItem {
  const out = g.tensors[op.outputs[0]!]!;
  const reads = tileReads(g, op, tile);
  const writes = { tensor: out.id, ranges: tile };
  return {
    id: -1,
    op: opIndex,
    kernel,
    tile,
    reads,
    writes,
    deps: [],
    macs: Math.round(t.macs * t.share),
    work: Math.round(t.work * t.share),
    bytesIn:
      reads.reduce((s, r) => s + regionBytes(g, r), 0) + Math.round(t.params * t.weightShare),
    bytesOut: regionBytes(g, writes),
    cost: {},
  };
}

/** The items already made that write a region `item` reads. */
export function depsOf(item: WorkItem, writers: Map<number, WorkItem[]>): number[] {
  const deps = new Set<number>();
  for (const r of item.reads)
    for (const w of writers.get(r.tensor) ?? [])
      if (rangesIntersect(w.writes.ranges, r.ranges)) deps.add(w.id);
  return [...deps].sort((a, b) => a - b);
}
