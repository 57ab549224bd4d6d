/**
 * Timing classes of Cortex-M instructions. An exec function returns a timing code: the class in the
 * low 8 bits and, for multiple transfers, the register count above (`withCount`). The core model's
 * data (platforms/cores) prices each class; semantics never count cycles themselves.
 */
import type { CoreModel } from '../../../platforms/cores/schema.js';

export const TIMING_CLASSES = [
  'alu',
  'pcWrite',
  'mul',
  'loadStore',
  'branchNotTaken',
  'branchTaken',
  'branch',
  'branchLink',
  'branchExchange',
  'loadStoreMultiple',
  'popPc',
  'system',
  /** ISB: a barrier that also refills the pipeline (priced apart from DMB/DSB, MRS/MSR). */
  'instructionBarrier',
  'sleep',
  'trap',
  'exceptionEntry',
  'exceptionReturn',
] as const;
export type TimingClassName = (typeof TIMING_CLASSES)[number];

/** Timing class name -> its code (index in TIMING_CLASSES). */
export const T = Object.fromEntries(TIMING_CLASSES.map((name, i) => [name, i])) as {
  readonly [K in TimingClassName]: number;
};

/** The timing code of a class that moves `registers` registers (LDM/STM/PUSH/POP). */
export function withCount(timingClass: number, registers: number): number {
  return timingClass | (registers << 8);
}

/** Cycle prices per timing class, as flat arrays for the hot loop. */
export interface PriceTable {
  cycles: Int32Array;
  perRegister: Int32Array;
}

export function priceTable(model: CoreModel): PriceTable {
  const cycles = new Int32Array(256);
  const perRegister = new Int32Array(256);
  for (const name of TIMING_CLASSES) {
    const cost = model.timing[name];
    if (cost === undefined) throw new Error(`core model ${model.name} has no timing for ${name}`);
    cycles[T[name]] = cost.cycles;
    perRegister[T[name]] = cost.perRegister ?? 0;
  }
  return { cycles, perRegister };
}

/** Cycles of one timing code under a price table. */
export function price(table: PriceTable, code: number): number {
  return table.cycles[code & 0xff]! + table.perRegister[code & 0xff]! * (code >>> 8);
}
