/**
 * Prices of the RV32 timing classes for one core model: the table from platforms/cores turned into
 * an array indexed by `Timing`, so the inner loop does one typed-array read per instruction.
 */
import type { RiscvCoreModel, Rv32TimingClass } from '../../../platforms/cores/hazard3.js';
import { TIMING_CLASS_COUNT, Timing } from '../../isa/rv32/types.js';

/** Which model entry prices each timing class. Branches are priced by the predictor instead. */
const PRICE_OF: Record<keyof typeof Timing, Rv32TimingClass | undefined> = {
  ALU: 'alu',
  JAL: 'jal',
  JALR: 'jalr',
  BRANCH_TAKEN: undefined,
  BRANCH_NOT_TAKEN: undefined,
  LOAD: 'load',
  STORE: 'store',
  MUL: 'mul',
  MULH: 'mulh',
  DIV: 'div',
  DIV_SIGN_FIX: 'divSignFix',
  CSR: 'csr',
  FENCE: 'fence',
  FENCE_I: 'fenceI',
  TRAP: 'trapEntry',
  MRET: 'mret',
  WFI: 'wfi',
  LR: 'lrSc',
  SC: 'lrSc',
  AMO: 'amo',
};

export interface Rv32Prices {
  /** Cycles per Timing class (0 for branches). */
  byClass: Int32Array;
  branchPredicted: number;
  branchMispredicted: number;
  loadUse: number;
  exclusiveBackToBack: number;
  unalignedJumpTarget: number;
  /** True for Hazard3's last-taken-backward predictor. */
  predictsBackward: boolean;
}

export function pricesFor(model: RiscvCoreModel): Rv32Prices {
  const cost = (name: Rv32TimingClass): number => {
    const t = model.timing[name];
    if (t === undefined) throw new Error(`core model ${model.name} has no timing for '${name}'`);
    return t.cycles;
  };
  const byClass = new Int32Array(TIMING_CLASS_COUNT);
  for (const [cls, index] of Object.entries(Timing)) {
    const name = PRICE_OF[cls as keyof typeof Timing];
    if (name !== undefined) byClass[index] = cost(name);
  }
  return {
    byClass,
    branchPredicted: cost('branchPredicted'),
    branchMispredicted: cost('branchMispredicted'),
    loadUse: cost('loadUse'),
    exclusiveBackToBack: cost('exclusiveBackToBack'),
    unalignedJumpTarget: cost('unalignedJumpTarget'),
    predictsBackward: model.riscv.branchPredictor === 'last-taken-backward',
  };
}
