/**
 * The cost model: cycles of one work item on one core type, including the executor's own cycles
 * around it, as the sum of its terms (features.ts) times the core's coefficients (coefficients.ts).
 */
import type { OpKind } from '../ir/graph.js';
import type { BoardCoreType } from '../../platforms/boards/schema.js';
import {
  DEFAULT_COEFFICIENTS,
  type CoreCoefficients,
  type CostCoefficients,
  type KernelKind,
} from './coefficients.js';
import { geometryOf, itemTerms, readsWeights, type CostInputs, type Term } from './features.js';

export type { CostInputs } from './features.js';

const KIND_OF_OP: Record<OpKind, KernelKind> = {
  CONV_2D: 'conv',
  DEPTHWISE_CONV_2D: 'depthwise',
  FULLY_CONNECTED: 'fc',
  AVERAGE_POOL_2D: 'pool',
  MAX_POOL_2D: 'pool',
  ADD: 'elementwise',
  MUL: 'elementwise',
  QUANTIZE: 'elementwise',
  DEQUANTIZE: 'elementwise',
  LOGISTIC: 'elementwise',
  TANH: 'elementwise',
  SOFTMAX: 'softmax',
  MEAN: 'reduce',
  RESHAPE: 'copy',
  PAD: 'copy',
  CONCATENATION: 'copy',
};

export function kernelKind(op: OpKind): KernelKind {
  return KIND_OF_OP[op];
}

/**
 * Unrounded cycles of an item under one core's coefficients, on a board of `cores` cores (the
 * others contend for memory).
 */
export function coreCycles(item: CostInputs, c: CoreCoefficients, cores = 1): number {
  const t = itemTerms({ ...item, geometry: geometryOf(item) }, c.weightCacheBytes);
  const others = Math.max(0, cores - 1);
  const alone = aloneCycles(item, t, c);
  const refetch = readsWeights(item.kernel) ? c.cyclesPerWeightByte * t.weightRefetchBytes : 0;
  const queued = queuedFillCycles(missCycles(item, t, c), alone);
  return (
    alone * (1 + c.contention * others) +
    (refetch * c.refetchContention + queued * c.flashContention) * others
  );
}

/**
 * What an item's fills meet at one flash interface shared with another core doing alike: each
 * fill finds the port busy with a chance of the other core's share of time filling, taken as the
 * item's own (`fills / alone`), so the wait grows as fills x that share. flashContention scales it.
 */
export function queuedFillCycles(fills: number, alone: number): number {
  return alone > 0 ? fills * Math.min(1, fills / alone) : 0;
}

/** Cycles of the item's flash-cache misses (0 without a cache or weights). */
function missCycles(item: CostInputs, t: Record<Term, number>, c: CoreCoefficients): number {
  return readsWeights(item.kernel) ? c.cyclesPerWeightByte * t.weightBytes : 0;
}

/** Unrounded cycles of an item with the memory to itself. */
function aloneCycles(item: CostInputs, t: Record<Term, number>, c: CoreCoefficients): number {
  const k = item.kernel;
  return (
    c.overheadCycles +
    (item.deps?.length ?? 0) * c.cyclesPerDep +
    c.callCycles[k] * t.calls +
    c.cyclesPerWork[k] * t.work +
    c.cyclesPerBorderWork[k] * t.borderWork +
    c.cyclesPerOutput[k] * t.outputs +
    c.cyclesPerRow[k] * t.rows +
    c.cyclesPerPixel[k] * t.pixels +
    missCycles(item, t, c) +
    c.cyclesPerByte * (item.bytesIn + item.bytesOut)
  );
}

/**
 * Cycles (at the core's own clock) of one item on one core type of a board with `cores` cores,
 * rounded up to a whole cycle.
 */
export function itemCycles(
  item: CostInputs,
  coreType: BoardCoreType,
  coefficients: CostCoefficients = DEFAULT_COEFFICIENTS,
  cores = 1,
): number {
  return Math.ceil(coreCycles(item, coefficients[coreType], cores));
}

/**
 * Fills every item's `cost` for the cores of a board, given as the list of their types (one entry
 * per core: the count prices the contention); the items are modified in place.
 */
export function priceItems(
  items: (CostInputs & { cost: Record<string, number> })[],
  coreTypes: readonly BoardCoreType[],
  coefficients: CostCoefficients = DEFAULT_COEFFICIENTS,
): void {
  const types = [...new Set(coreTypes)];
  for (const it of items)
    for (const t of types) it.cost[t] = itemCycles(it, t, coefficients, coreTypes.length);
}
