/**
 * The memory planner: an activation arena from buffer lifetimes under the chosen schedule, weights in
 * flash (optionally the hottest ones copied to SRAM), the bank each buffer lands in, and a report
 * against the sum of all activations and a single-core TFLM-style plan.
 */
import type { Graph } from '../ir/graph.js';
import { tensorBytes } from '../ir/graph.js';
import { opMacs, parameterBytes } from '../ir/stats.js';
import type { TaskGraph } from '../partition/task-graph.js';
import type { Schedule } from '../schedule/types.js';
import type { BoardMemory } from '../../platforms/boards/schema.js';
import { placeBuffers } from './arena.js';
import { placeAcrossBanks, sharedBankPairs } from './banks.js';
import { activationTensors, bufferConflicts, sequentialConflicts } from './liveness.js';

export interface BufferPlacement {
  tensor: number;
  offset: number;
  bytes: number;
  /** Banks of the arena memory the buffer touches ('all' when the memory is word-striped). */
  banks: number[] | 'all';
}

export interface MemoryPlan {
  arenaMemory: string;
  arenaBytes: number;
  buffers: BufferPlacement[];
  weightsInFlash: boolean;
  /** Constant bytes left in flash. */
  flashBytes: number;
  /** Constant tensors copied into SRAM (hot weights), and their bytes. */
  sramWeights: number[];
  sramWeightBytes: number;
  report: {
    activationBytesTotal: number;
    singleCoreArenaBytes: number;
    arenaVsSum: number;
    arenaVsSingleCore: number;
    /** The tightest arena (buffers packed without regard to banks). */
    packedArenaBytes: number;
    /** Pairs of buffers that may be live together in the same bank (0 on striped memories). */
    sharedBankPairs: number;
  };
}

export interface MemoryOptions {
  /** Copy the weights of the ops with most MACs per weight byte into SRAM, up to this many bytes. */
  hotWeightsSramBytes?: number;
  /** Every constant in SRAM (a board without a flash that every core can read). */
  allConstantsInSram?: boolean;
  /**
   * On an arena memory of contiguous (non-striped) banks, put buffers that may be live together in
   * different banks. Costs arena span (buffers spread over banks), so it is off by default.
   */
  spreadBanks?: boolean;
}

export function planMemory(
  g: Graph,
  tg: TaskGraph,
  sched: Schedule,
  arena: BoardMemory,
  options: MemoryOptions = {},
): MemoryPlan {
  const tensors = activationTensors(g);
  const sizes = tensors.map((id) => tensorBytes(g.tensors[id]!));
  const conflicts = bufferConflicts(g, tg, sched.perCore, tensors);
  const packed = placeBuffers(sizes, conflicts);
  const single = placeBuffers(sizes, sequentialConflicts(g, tensors));
  const sum = sizes.reduce((a, b) => a + b, 0);
  const bankBytes = arena.size / arena.banks;
  const banked = arena.striping === 'none' && arena.banks > 1;
  const spread =
    banked && options.spreadBanks
      ? placeAcrossBanks(sizes, conflicts, bankBytes, arena.banks)
      : undefined;
  const placed = spread ?? packed;
  const buffers = tensors.map((tensor, i): BufferPlacement => {
    const offset = placed.offsets[i]!;
    const bytes = sizes[i]!;
    const banks =
      arena.striping === 'word' || arena.banks === 1
        ? ('all' as const)
        : range(
            Math.floor(offset / bankBytes),
            Math.floor((offset + Math.max(1, bytes) - 1) / bankBytes) + 1,
          );
    return { tensor, offset, bytes, banks };
  });
  const hot = options.allConstantsInSram
    ? allConstants(g)
    : hotWeights(g, options.hotWeightsSramBytes ?? 0);
  return {
    arenaMemory: arena.name,
    arenaBytes: placed.arenaBytes,
    buffers,
    weightsInFlash: hot.ids.length === 0,
    flashBytes: parameterBytes(g) - hot.bytes,
    sramWeights: hot.ids,
    sramWeightBytes: hot.bytes,
    report: {
      activationBytesTotal: sum,
      singleCoreArenaBytes: single.arenaBytes,
      arenaVsSum: sum === 0 ? 1 : placed.arenaBytes / sum,
      arenaVsSingleCore: single.arenaBytes === 0 ? 1 : placed.arenaBytes / single.arenaBytes,
      packedArenaBytes: packed.arenaBytes,
      sharedBankPairs: banked ? sharedBankPairs(placed.offsets, sizes, conflicts, bankBytes) : 0,
    },
  };
}

function allConstants(g: Graph): { ids: number[]; bytes: number } {
  const ids = g.tensors.filter((t) => t.data !== undefined).map((t) => t.id);
  return { ids, bytes: parameterBytes(g) };
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

/** Constant tensors of the ops with the most MACs per weight byte, whole tensors, within `budget`. */
function hotWeights(g: Graph, budget: number): { ids: number[]; bytes: number } {
  const ids: number[] = [];
  let bytes = 0;
  if (budget <= 0) return { ids, bytes };
  const ops = g.ops
    .map((op) => {
      const consts = op.inputs.filter((id) => id >= 0 && g.tensors[id]!.data !== undefined);
      const b = consts.reduce((s, id) => s + tensorBytes(g.tensors[id]!), 0);
      return { consts, b, heat: b === 0 ? 0 : opMacs(g, op) / b };
    })
    .filter((o) => o.heat > 0)
    .sort((x, y) => y.heat - x.heat);
  const seen = new Set<number>();
  for (const o of ops) {
    const fresh = o.consts.filter((id) => !seen.has(id));
    const b = fresh.reduce((s, id) => s + tensorBytes(g.tensors[id]!), 0);
    if (bytes + b > budget) continue;
    fresh.forEach((id) => seen.add(id));
    ids.push(...fresh);
    bytes += b;
  }
  return { ids: ids.sort((a, b) => a - b), bytes };
}
