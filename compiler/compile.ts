/**
 * The compiler pipeline: Graph + Board + options -> CompiledModel. A readable list of named passes
 * with a validity check between them: verify the graph, partition it into work items, price the
 * items per core type, schedule them, plan memory, validate the result and check it fits the board.
 */
import { DiagnosticBag, DiagnosticError } from '../common/diagnostics.js';
import type { Board, BoardMemory } from '../platforms/boards/schema.js';
import { sharedMemories } from '../platforms/boards/schema.js';
import { DEFAULT_COEFFICIENTS, type CostCoefficients } from './cost/coefficients.js';
import { priceItems } from './cost/model.js';
import type { Graph } from './ir/graph.js';
import { verifyGraph } from './ir/verify.js';
import { planMemory, type MemoryPlan } from './memory/planner.js';
import { partition, type PartitionOptions } from './partition/partition.js';
import type { TaskGraph } from './partition/task-graph.js';
import { scheduleAll, type PolicyOrAuto, type Schedule } from './schedule/index.js';
import { validateSchedule } from './schedule/validate.js';

export interface CompileOptions {
  scheduler?: PolicyOrAuto;
  itemsPerCore?: PartitionOptions['itemsPerCore'];
  forceTiles?: PartitionOptions['forceTiles'];
  coefficients?: CostCoefficients;
  hotWeightsSramBytes?: number;
  spreadBanks?: boolean;
}

export interface SchedulerSummary {
  policy: string;
  makespanCycles: number;
  lowerBoundCycles: number;
  efficiency: number;
}

export interface CompiledModel {
  model: string;
  board: Board;
  scheduler: string;
  taskGraph: TaskGraph;
  schedule: Schedule;
  /** Every policy that ran (all of them for `auto`). */
  schedulers: SchedulerSummary[];
  memoryPlan: MemoryPlan;
}

export function compileModel(g: Graph, board: Board, options: CompileOptions = {}): CompiledModel {
  verifyGraph(g);
  const coreIds = board.cores.map((c) => c.id);
  const coefficients = options.coefficients ?? DEFAULT_COEFFICIENTS;
  const best = bestPartition(g, board, options, coefficients);
  const { tg, chosen } = best;
  const arena = arenaMemory(board, coreIds);
  // Without a flash every core can read, the weights must live in shared SRAM.
  const flashShared = sharedMemories(board, coreIds).some((m) => m.kind === 'flash');
  const memoryPlan = planMemory(g, tg, chosen, arena, {
    hotWeightsSramBytes: options.hotWeightsSramBytes,
    allConstantsInSram: !flashShared,
    spreadBanks: options.spreadBanks,
  });
  const problems = validateSchedule(g, tg, chosen, board.cores, memoryPlan);
  if (problems.length > 0)
    throw new Error(
      `compiler produced an invalid ${chosen.policy} schedule:\n${problems.join('\n')}`,
    );
  checkFits(g, board, arena, memoryPlan, coreIds);
  return {
    model: g.name,
    board,
    scheduler: chosen.policy,
    taskGraph: tg,
    schedule: chosen,
    schedulers: best.summaries,
    memoryPlan,
  };
}

/** Items per op per core tried when the option does not fix it. */
const GRANULARITIES = [1, 2, 4];

/**
 * Partitions at several granularities (1, 2 and 4 items per core for large ops) and, on cores of
 * different speeds, also at a speed-proportional granularity (so a fast core can take several
 * tiles while a slow one takes one); schedules each and keeps the shortest. Each policy is
 * reported at its best, against the smallest lower bound of all the partitions tried (the optimum
 * could use any of them), so efficiency never flatters a coarse partition.
 */
function bestPartition(
  g: Graph,
  board: Board,
  options: CompileOptions,
  coefficients: CostCoefficients,
) {
  const cores = board.cores.length;
  const cap = capacity(board, coefficients);
  const fixed = options.forceTiles !== undefined;
  const capacities = !fixed && cap > cores + 0.01 ? [cores, cap] : [cores];
  const perCore =
    fixed || options.itemsPerCore !== undefined ? [options.itemsPerCore] : GRANULARITIES;
  const candidates = capacities.flatMap((c) =>
    perCore.map((itemsPerCore) => {
      const tg = partition(g, { cores, capacity: c, itemsPerCore, forceTiles: options.forceTiles });
      priceItems(
        tg.items,
        board.cores.map((k) => k.type),
        coefficients,
      );
      return { tg, ...scheduleAll(tg, board.cores, options.scheduler ?? 'auto') };
    }),
  );
  const lb = Math.min(...candidates.map((c) => c.chosen.lowerBoundCycles));
  const rebased = (s: Schedule): Schedule => ({
    ...s,
    lowerBoundCycles: lb,
    efficiency: lb / Math.max(1, s.makespanCycles),
  });
  const best = candidates.reduce((a, b) =>
    b.chosen.makespanCycles < a.chosen.makespanCycles ? b : a,
  );
  const summaries = candidates[0]!.all.map((_, i): SchedulerSummary => {
    const s = rebased(
      candidates
        .map((c) => c.all[i]!)
        .reduce((a, b) => (b.makespanCycles < a.makespanCycles ? b : a)),
    );
    const { policy, makespanCycles, lowerBoundCycles, efficiency } = s;
    return { policy, makespanCycles, lowerBoundCycles, efficiency };
  });
  return { tg: best.tg, chosen: rebased(best.chosen), summaries };
}

/** Convolution throughput of all cores, in units of the slowest core's. */
export function capacity(board: Board, coefficients: CostCoefficients): number {
  const speed = board.cores.map((c) => c.clockHz / coefficients[c.type].cyclesPerWork.conv);
  const slowest = Math.min(...speed);
  return speed.reduce((a, b) => a + b / slowest, 0);
}

/** The largest SRAM (or TCM) every core can reach: where the activation arena goes. */
export function arenaMemory(board: Board, coreIds: readonly number[]): BoardMemory {
  const candidates = sharedMemories(board, coreIds).filter(
    (m) => m.kind === 'sram' || m.kind === 'tcm',
  );
  if (candidates.length === 0)
    throw new DiagnosticError({
      code: 'compile/no-shared-sram',
      where: board.name,
      message: 'no SRAM is reachable by every core',
    });
  return candidates.reduce((a, b) => (b.size > a.size ? b : a));
}

function checkFits(
  g: Graph,
  board: Board,
  arena: BoardMemory,
  plan: MemoryPlan,
  coreIds: number[],
): void {
  const diags = new DiagnosticBag();
  const sram = plan.arenaBytes + plan.sramWeightBytes;
  if (sram > arena.size)
    diags.add(
      'compile/does-not-fit',
      `${g.name} on ${board.name}`,
      `needs ${sram} bytes of SRAM (arena ${plan.arenaBytes} + weights ${plan.sramWeightBytes}), ${arena.name} has ${arena.size}`,
    );
  const flash = sharedMemories(board, coreIds).filter((m) => m.kind === 'flash');
  const flashSize = Math.max(0, ...flash.map((m) => m.size));
  if (plan.flashBytes > 0 && plan.flashBytes > flashSize)
    diags.add(
      'compile/does-not-fit',
      `${g.name} on ${board.name}`,
      `needs ${plan.flashBytes} bytes of flash for weights, the largest shared flash has ${flashSize}`,
    );
  diags.throwIfAny();
}
