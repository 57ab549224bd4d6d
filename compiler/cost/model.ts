/** The cost model: cycles of one work item on one core type, from its work, bytes and kernel kind. */
import type { OpKind } from '../ir/graph.js';
import type { BoardCoreType } from '../../platforms/boards/schema.js';
import { DEFAULT_COEFFICIENTS, type CostCoefficients, type KernelKind } from './coefficients.js';

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

/** What the cost model needs to know of a work item. */
export interface CostInputs {
  kernel: KernelKind;
  work: number;
  bytesIn: number;
  bytesOut: number;
}

/** Cycles (at the core's own clock) of one item on one core type, rounded up to a whole cycle. */
export function itemCycles(
  item: CostInputs,
  coreType: BoardCoreType,
  coefficients: CostCoefficients = DEFAULT_COEFFICIENTS,
): number {
  const c = coefficients[coreType];
  return Math.ceil(
    c.overheadCycles +
      item.work * c.cyclesPerWork[item.kernel] +
      (item.bytesIn + item.bytesOut) * c.cyclesPerByte,
  );
}

/** Fills every item's `cost` for the given core types (the items are modified in place). */
export function priceItems(
  items: (CostInputs & { cost: Record<string, number> })[],
  coreTypes: readonly BoardCoreType[],
  coefficients: CostCoefficients = DEFAULT_COEFFICIENTS,
): void {
  const types = [...new Set(coreTypes)];
  for (const it of items) for (const t of types) it.cost[t] = itemCycles(it, t, coefficients);
}
