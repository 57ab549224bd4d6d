/** The TaskGraph: work items (output tiles of ops) with tile-level dependencies. JSON-serialisable. */
import type { KernelKind } from '../cost/coefficients.js';
import type { Range, Region } from './regions.js';

export interface WorkItem {
  /** Index in `TaskGraph.items`; items are in a topological order (op order, then tile order). */
  id: number;
  /** Index of the op in `Graph.ops`. */
  op: number;
  kernel: KernelKind;
  /** The output ranges this item computes, one per dimension of the op's output. */
  tile: Range[];
  /** Activation regions read (constants are not listed). */
  reads: Region[];
  writes: Region;
  /** Items that write a region this item reads. */
  deps: number[];
  macs: number;
  /** Units of kernel work (see KERNEL_KINDS): what the cost model multiplies by cycles per work. */
  work: number;
  /** Activation bytes read plus the constant (weight and bias) bytes this tile uses. */
  bytesIn: number;
  bytesOut: number;
  /** Cycles at the core's own clock, by core type. */
  cost: Record<string, number>;
}

export interface TaskGraph {
  model: string;
  items: WorkItem[];
}

/** For each item, the items that depend on it. */
export function successors(tg: TaskGraph): number[][] {
  const succ: number[][] = tg.items.map(() => []);
  for (const it of tg.items) for (const d of it.deps) succ[d]!.push(it.id);
  return succ;
}
