/**
 * Ariel-ML's work items: the workgroups IREE's CPU backend (LLVMCPU) cuts each dispatch into. The
 * tiling depends on the op's shape only, never on how many cores will pull the workgroups, so the
 * `ariel-greedy` baseline gets it instead of our core-count-tuned partition.
 *
 * The rule follows IREE's `getDefaultDistributedLevelTileSizes`, `getDefaultDistributionTileSizes`,
 * `reduceDistributionWorkgroups` and `getMaxDistributionTileSize` in
 * compiler/src/iree/compiler/Codegen/LLVMCPU/KernelDispatch.cpp (iree-org/iree, commit 0056c2ff),
 * and `getPartitionableLoopsImpl` in Codegen/Interfaces/PartitionableLoopsInterface.cpp:
 * 1. Partitionable dims: the op's parallel loops of extent > 1, the innermost 3 (kNumMaxParallelDims).
 * 2. Per dim: tile = max(1, bit_floor(min(extent / 2, 64))), 64 = `iree-llvmcpu-distribution-size`.
 * 3. While there are more than 2 x 8 workgroups (8 = `iree-llvmcpu-number-of-threads`, a compile
 *    flag that does not know the board), double the innermost tile still below 64 and its extent.
 * 4. Even out: tile = ceil(extent / workgroups), then the largest divisor of the extent <= tile.
 *
 * *Assumptions* (the source is unclear or Ariel-ML's flags are not published): every op uses the
 * generic distribution config (minimum tile 1, maximum 64, no vector-size hints), whereas IREE gives
 * matmuls and convolutions target-specific minimum tiles from the vector width; Ariel-ML leaves
 * `iree-llvmcpu-number-of-threads` at its default 8; the parallel loops of an op are the dimensions
 * our kernels can split (`splitDims`), which for convolutions, pools and element-wise ops are IREE's
 * output loops (H, W, C) without the unit batch.
 */
import type { Graph, Op } from '../ir/graph.js';
import { opMacs, opParameterBytes } from '../ir/stats.js';
import { kernelKind } from '../cost/model.js';
import { depsOf, makeItem, opWork, splitDims, splitRange } from './partition.js';
import { fullRanges, type Range } from './regions.js';
import type { TaskGraph, WorkItem } from './task-graph.js';

/** IREE's default distribution tile size (`iree-llvmcpu-distribution-size`). */
export const IREE_DIST_TILE = 64;
/** IREE's assumed runtime thread count (`iree-llvmcpu-number-of-threads`), fixed at compile time. */
export const IREE_THREADS = 8;
/** At most kNumMaxParallelDims loops are distributed. */
const MAX_PARALLEL_DIMS = 3;

const bitFloor = (n: number): number => (n < 1 ? 0 : 2 ** Math.floor(Math.log2(n)));
const largestDivisorAtMost = (n: number, cap: number): number => {
  for (let d = Math.min(cap, n); d > 1; d--) if (n % d === 0) return d;
  return 1;
};

/** IREE's distribution tile sizes for loops of these extents (all partitionable). */
export function distributionTileSizes(extents: readonly number[]): number[] {
  const tiles = extents.map((e) =>
    Math.min(Math.max(1, bitFloor(Math.min(Math.floor(e / 2), IREE_DIST_TILE))), IREE_DIST_TILE),
  );
  const perDim = extents.map((e, i) => Math.ceil(e / tiles[i]!));
  let workgroups = perDim.reduce((a, b) => a * b, 1);
  let dim = extents.length;
  while (workgroups > 2 * IREE_THREADS && dim > 0) {
    const i = dim - 1;
    const size = tiles[i]!;
    if (size >= IREE_DIST_TILE || size >= extents[i]!) {
      dim--;
      continue;
    }
    tiles[i] = Math.min(size * 2, extents[i]!);
    const n = Math.ceil(extents[i]! / tiles[i]!);
    if (n < perDim[i]!) {
      workgroups = (workgroups / perDim[i]!) * n;
      perDim[i] = n;
    } else dim--;
  }
  return extents.map((e, i) => largestDivisorAtMost(e, Math.ceil(e / Math.ceil(e / tiles[i]!))));
}

/** The dims IREE distributes for `op` and their workgroup ranges. */
export function opWorkgroupRanges(g: Graph, op: Op): { dims: number[]; ranges: Range[][] } {
  const shape = g.tensors[op.outputs[0]!]!.shape;
  const dims = splitDims(g, op)
    .filter((d) => shape[d]! > 1)
    .sort((a, b) => a - b)
    .slice(-MAX_PARALLEL_DIMS);
  const tiles = distributionTileSizes(dims.map((d) => shape[d]!));
  const ranges = dims.map((d, i) => splitRange(shape[d]!, shape[d]! / tiles[i]!));
  return { dims, ranges };
}

/** Every combination of one range per dim, outer dims slowest (IREE's workgroup order). */
function grid(ranges: Range[][]): Range[][] {
  return ranges.reduce<Range[][]>((acc, rs) => acc.flatMap((c) => rs.map((r) => [...c, r])), [[]]);
}

/** The TaskGraph of IREE workgroups: one item per workgroup, ops in order, workgroups in order. */
export function partitionWorkgroups(g: Graph): TaskGraph {
  const items: WorkItem[] = [];
  const writers = new Map<number, WorkItem[]>();
  g.ops.forEach((op, opIndex) => {
    const out = g.tensors[op.outputs[0]!]!;
    const { dims, ranges } = opWorkgroupRanges(g, op);
    const totals = { work: opWork(g, op), macs: opMacs(g, op), params: opParameterBytes(g, op) };
    const last = out.shape.length - 1;
    const produced: WorkItem[] = [];
    for (const cell of grid(ranges)) {
      const tile = fullRanges(out.shape);
      let share = 1;
      let weightShare = 1;
      dims.forEach((d, i) => {
        const r = cell[i]!;
        tile[d] = r;
        const f = (r[1] - r[0]) / out.shape[d]!;
        share *= f;
        // Only a channel (last-dimension) split reads a share of the weights.
        if (d === last) weightShare = f;
      });
      const item = makeItem(g, op, opIndex, tile, kernelKind(op.kind), {
        ...totals,
        share,
        weightShare,
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
