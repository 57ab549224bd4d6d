/**
 * The compiler pipeline: Graph + Board + options -> CompiledModel. A readable list of named passes
 * with a validity check between them: verify the graph, partition it into work items, price the
 * items per core type, schedule them, plan memory, validate the result and check it fits the board.
 */
import { DiagnosticBag, DiagnosticError } from '../common/diagnostics.js';
import type { Board, BoardMemory } from '../platforms/boards/schema.js';
import { sharedMemories } from '../platforms/boards/schema.js';
import type { CostCoefficients } from './cost/coefficients.js';
import { coefficientsFor } from './cost/memory.js';
import { priceItems } from './cost/model.js';
import type { Graph } from './ir/graph.js';
import { verifyGraph } from './ir/verify.js';
import { planMemory, type MemoryPlan } from './memory/planner.js';
import { partition, type PartitionOptions } from './partition/partition.js';
import type { TaskGraph } from './partition/task-graph.js';
import { partitionWorkgroups } from './partition/workgroups.js';
import { POLICIES, scheduleAll, type PolicyOrAuto, type Schedule } from './schedule/index.js';
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
  const coefficients = options.coefficients ?? coefficientsFor(board);
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

interface Candidate {
  tg: TaskGraph;
  schedule: Schedule;
}

/**
 * Schedules every requested policy on its own partitions and keeps the shortest schedule.
 * `ariel-greedy` (the Ariel-ML baseline) gets IREE's fixed workgroup tiling, as Ariel-ML does: no
 * tile search. Our policies get our partition at several granularities (1, 2 and 4 items per core
 * for large ops), on cores of different speeds also at a speed-proportional granularity (so a
 * fast core can take several tiles while a slow one takes one), and the workgroup tiling too; each
 * keeps its best. `forceTiles`
 * is an explicit experiment and applies to every policy. Each policy is reported against the
 * smallest lower bound of all the partitions tried (the optimum could use any of them), so
 * efficiency never flatters a coarse partition.
 */
function bestPartition(
  g: Graph,
  board: Board,
  options: CompileOptions,
  coefficients: CostCoefficients,
) {
  const policy = options.scheduler ?? 'auto';
  const names = policy === 'auto' ? POLICIES : [policy];
  const priced = (tg: TaskGraph): TaskGraph => {
    priceItems(
      tg.items,
      board.cores.map((k) => k.type),
      coefficients,
    );
    return tg;
  };
  const forced = options.forceTiles !== undefined;
  const baselineOwnTiles = !forced && names.includes('ariel-greedy');
  const needTuned = !baselineOwnTiles || names.length > 1;
  const workgroups = forced ? [] : [priced(partitionWorkgroups(g))];
  // Our policies also try the workgroup tiling: its multi-dimensional boxes can balance better than
  // our one-dimension splits, and a policy should never lose to the baseline on the baseline's tiles.
  const pinned = forced || options.itemsPerCore !== undefined;
  const tuned = needTuned
    ? [...tunedPartitions(g, board, options).map(priced), ...(pinned ? [] : workgroups)]
    : [];
  const candidates = names.map((p) =>
    (p === 'ariel-greedy' && baselineOwnTiles ? workgroups : tuned).map((tg): Candidate => ({
      tg,
      schedule: scheduleAll(tg, board.cores, p).chosen,
    })),
  );
  const perPolicy = candidates.map((cs) =>
    cs.reduce((a, b) => (b.schedule.makespanCycles < a.schedule.makespanCycles ? b : a)),
  );
  // Every partition tried was scheduled by some policy; scheduleAll set its lower bound.
  const lb = Math.min(...candidates.flat().map((c) => c.schedule.lowerBoundCycles));
  const rebased = (s: Schedule): Schedule => ({
    ...s,
    lowerBoundCycles: lb,
    efficiency: lb / Math.max(1, s.makespanCycles),
  });
  // Ties go to the earlier policy in POLICIES, as in scheduleAll.
  const best = perPolicy.reduce((a, b) =>
    b.schedule.makespanCycles < a.schedule.makespanCycles ? b : a,
  );
  const summaries = perPolicy.map(({ schedule }): SchedulerSummary => {
    const { policy, makespanCycles, lowerBoundCycles, efficiency } = rebased(schedule);
    return { policy, makespanCycles, lowerBoundCycles, efficiency };
  });
  return { tg: best.tg, chosen: rebased(best.schedule), summaries };
}

/** Our partitions: every granularity tried for the tuned policies (unpriced). */
function tunedPartitions(g: Graph, board: Board, options: CompileOptions): TaskGraph[] {
  const cores = board.cores.length;
  const cap = capacity(board, options.coefficients ?? coefficientsFor(board));
  const fixed = options.forceTiles !== undefined;
  const capacities = !fixed && cap > cores + 0.01 ? [cores, cap] : [cores];
  const perCore =
    fixed || options.itemsPerCore !== undefined ? [options.itemsPerCore] : GRANULARITIES;
  return capacities.flatMap((c) =>
    perCore.map((itemsPerCore) =>
      partition(g, { cores, capacity: c, itemsPerCore, forceTiles: options.forceTiles }),
    ),
  );
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
