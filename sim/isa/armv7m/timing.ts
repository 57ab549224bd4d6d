/**
 * Timing classes ARMv7-M instructions report on top of the ARMv6-M ones (sim/core/cortex-m/timing.ts).
 * Their codes follow the v6-M codes; `installArmv7mPrices` fills the core's price arrays from the
 * core model (platforms/cores/cortex-m4.ts, -m33.ts, -m7.ts), which must price every class here.
 */
import { TIMING_CLASSES } from '../../core/cortex-m/timing.js';
import type { CortexM } from '../../core/cortex-m/core.js';
import type { CoreModel } from '../../../platforms/cores/schema.js';

export const ARMV7M_TIMING_CLASSES = [
  /** STR/STRB/STRH with an immediate offset (Cortex-M4: always one cycle). */
  'storeImmediate',
  /** A load/store single that pipelines behind the previous load/store (LDR; LDR = 3 on M4). */
  'loadStorePipelined',
  /** SMULL/UMULL/SMLAL/UMLAL/UMAAL and the 64-bit DSP accumulations. */
  'mulLong',
  /** MLA/MLS and the DSP multiply-accumulates (SMLAD, SMLABB, SMMLA...). */
  'mac',
  /** SDIV/UDIV: `cycles`, plus `perRegister` per early-termination step the exec reports. */
  'div',
  /** Saturation, packing, parallel add/subtract, SEL, extends with rotation. */
  'dsp',
  /** TBB/TBH. */
  'tableBranch',
  /** An instruction of an IT block whose condition failed. */
  'skipped',
  /** LDRD/STRD. */
  'loadStoreDual',
  /**
   * LDREX/STREX and their byte/halfword forms; also the ARMv8-M load-acquire/store-release
   * instructions LDA/STL/LDAEX/STLEX (acquire-release.ts).
   */
  'exclusive',
  /** FPU arithmetic: VADD/VSUB/VMUL/VABS/VNEG/VCMP/VCVT/VMOV immediate or register. */
  'fpu',
  /** VMLA/VMLS/VNMLA/VNMLS/VFMA/VFMS/VFNMA/VFNMS. */
  'fpuMac',
  /** VDIV/VSQRT. */
  'fpuDiv',
  /** VLDR/VSTR of an S register. */
  'fpuLoadStore',
  /** VLDR/VSTR of a D register (two words). */
  'fpuLoadStoreDouble',
  /**
   * VLDM/VSTM/VPUSH/VPOP: `cycles` + `perRegister` per single-precision register (per word: a D
   * register counts two).
   */
  'fpuLoadStoreMultiple',
  /** VMOV between a core register and an S register, VMRS, VMSR. */
  'fpuTransfer',
  /** VMOV between two core registers and two S registers or one D register. */
  'fpuTransferDouble',
  /** The second instruction of a dual-issued pair (Cortex-M7). */
  'dualIssued',
  /** Writing S0-S15 and FPSCR to an exception frame (at entry, or lazily on the first FP use). */
  'fpuContext',
  /**
   * Each aligned bus transfer beyond the first that an unaligned LDR/LDRH/LDRSH/STR/STRH (or TBH)
   * is split into (memory.ts): charged on top of the instruction's own class.
   */
  'unalignedTransfer',
] as const;
export type Armv7mTimingClass = (typeof ARMV7M_TIMING_CLASSES)[number];

/** Timing class name -> code (placed after the ARMv6-M codes). */
export const V = Object.fromEntries(
  ARMV7M_TIMING_CLASSES.map((name, i) => [name, TIMING_CLASSES.length + i]),
) as { readonly [K in Armv7mTimingClass]: number };

/** Writes the model's prices for the v7-M classes into the core's price arrays. */
export function installArmv7mPrices(cpu: CortexM, model: CoreModel): void {
  for (const name of ARMV7M_TIMING_CLASSES) {
    const cost = model.timing[name];
    if (cost === undefined) throw new Error(`core model ${model.name} has no timing for ${name}`);
    cpu.priceCycles[V[name]] = cost.cycles;
    cpu.pricePerRegister[V[name]] = cost.perRegister ?? 0;
  }
}
