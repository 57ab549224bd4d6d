/**
 * Architectural state that ARMv7-M / ARMv7E-M / ARMv8-M Mainline add to the ARMv6-M core
 * (sim/core/cortex-m): ITSTATE, APSR.Q and APSR.GE, BASEPRI/FAULTMASK, the local exclusive monitor,
 * the FPU register file and the pipeline bookkeeping the timing classes need. The exec functions in
 * this folder reach it through `v7(cpu)`; a core whose model has the 'armv7m' extension creates it
 * in its constructor (`cpu.armv7m`).
 */
import type { CortexM } from '../../core/cortex-m/core.js';

/** Single-precision FPU registers S0-S31 and FPSCR (ARMv7-M A2.5). */
export class FpuRegisters {
  /** S0-S31 as floats and as raw bits (one buffer: writing one view changes the other). */
  readonly s: Float32Array;
  readonly bits: Uint32Array;
  /** FPSCR: N Z C V at 31..28, AHP 26, DN 25, FZ 24, RMode 23:22, cumulative exception flags 7, 4:0. */
  fpscr = 0;

  constructor() {
    const buffer = new ArrayBuffer(32 * 4);
    this.s = new Float32Array(buffer);
    this.bits = new Uint32Array(buffer);
  }

  reset(): void {
    this.bits.fill(0);
    this.fpscr = 0;
  }
}

export const FPCCR_ASPEN = 1 << 31;
export const FPCCR_LSPEN = 1 << 30;
export const FPCCR_LSPACT = 1;
const FPCCR_RESET = (FPCCR_ASPEN | FPCCR_LSPEN) >>> 0;

export class Armv7mState {
  /** EPSR.IT (ITSTATE): firstcond:mask while inside an IT block, 0 outside. */
  itstate = 0;
  /** APSR.Q, the sticky saturation flag (0 or 1). */
  q = 0;
  /** APSR.GE[3:0], set by the parallel add/subtract instructions, read by SEL. */
  ge = 0;
  basepri = 0;
  faultmask = 0;
  /** Local exclusive monitor: the address LDREX tagged, or -1 in the Open Access state. */
  exclusiveAddress = -1;
  readonly fpu = new FpuRegisters();
  /** True when the previous instruction was a load/store single the next one may pipeline behind. */
  previousPipelinesLoads = false;
  /** Dual issue (Cortex-M7): true when the previous instruction opened a slot the next may fill. */
  issueSlotOpen = false;
  /** Set from the core model: whether pairs of ALU instructions issue together. */
  dualIssue = false;
  /**
   * FP context control (ARM DDI0403E B3.2.2): FPCCR (ASPEN 31, LSPEN 30, LSPACT 0; reset: ASPEN and
   * LSPEN set, lazy stacking on), FPCAR (address of the reserved S0-S15/FPSCR area of a lazily
   * stacked frame) and FPDSCR (the FPSCR a new FP context starts with).
   */
  fpccr = FPCCR_RESET;
  fpcar = 0;
  fpdscr = 0;

  reset(): void {
    this.itstate = this.q = this.ge = this.basepri = this.faultmask = 0;
    this.exclusiveAddress = -1;
    this.fpu.reset();
    this.fpccr = FPCCR_RESET;
    this.fpcar = this.fpdscr = 0;
    this.previousPipelinesLoads = false;
    this.issueSlotOpen = false;
  }
}

/** The v7-M state of a core (created on first use for a core built without it, as in unit tests). */
export function v7(cpu: CortexM): Armv7mState {
  return (cpu.armv7m ??= new Armv7mState());
}
