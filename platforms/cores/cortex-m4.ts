/**
 * Cortex-M4 (ARMv7E-M, optional FPv4-SP) cycle model. Source, unless a line says otherwise: ARM 100166
 * (Cortex-M4 Technical Reference Manual r0p1), table 3-1 "Cortex-M4 instruction set summary" and
 * section 3.3.2 "Load/store timings"; FPU: table 7-1 "FPU instruction set". Zero wait-state memory:
 * the bus adds its own wait states. P, the pipeline refill after a taken branch, is 1..3 in the TRM;
 * this model uses P = 1 (target alignment and width are not modelled, *unverified*). LLVM's
 * ARMScheduleM4.td uses the same single-issue figures. Also defines `Armv7mCoreModel`, shared by the
 * M33 and M7 models.
 */
import { z } from 'zod';
import { CoreModel, type TimingCost } from './schema.js';

export const Armv7mCoreModel = CoreModel.extend({
  isa: z.enum(['armv7m', 'armv7em', 'armv8m-main']),
  pipeline: z.object({
    /** In-order dual issue of ALU pairs (Cortex-M7); false for the single-issue M4/M33. */
    dualIssue: z.boolean(),
  }),
  /** What the silicon vendor configures: NVIC priority bits and external interrupt count. */
  nvic: z.object({
    priorityBits: z.number().int().min(3).max(8),
    interrupts: z.number().int().min(1).max(496),
  }),
  /** SCB CPUID (implementer, variant, part number, revision). */
  cpuid: z.number().int().nonnegative(),
});
export type Armv7mCoreModel = z.infer<typeof Armv7mCoreModel>;

const P = 1;

/** Prices of the Cortex-M4, also the base of the M33 model. */
export const CORTEX_M4_TIMING: Record<string, TimingCost> = {
  alu: { cycles: 1 }, // data processing, IT, extends, bit-field, REV/RBIT/CLZ: 1
  pcWrite: { cycles: 1 + P }, // ADD/MOV PC: 1+P
  mul: { cycles: 1 }, // MUL: 1
  loadStore: { cycles: 2 }, // LDR/LDRB/LDRH/LDRSB/LDRSH/STR (register offset): 2
  branchNotTaken: { cycles: 1 }, // B<cc>, CBZ/CBNZ not taken: 1
  branchTaken: { cycles: 1 + P }, // B<cc>, CBZ/CBNZ taken: 1+P
  branch: { cycles: 1 + P }, // B: 1+P
  branchLink: { cycles: 1 + P }, // BL: 1+P
  branchExchange: { cycles: 1 + P }, // BX, BLX: 1+P
  loadStoreMultiple: { cycles: 1, perRegister: 1 }, // LDM/STM/PUSH/POP: 1+N
  popPc: { cycles: 1 + P, perRegister: 1 }, // LDM/POP with PC: 1+N+P
  system: { cycles: 1 }, // MRS 1, MSR 1; DMB/DSB 1+B, B >= 0: the minimum, B = 0 (*unverified*)
  // ISB 1+B, where "for ISB, the minimum number of cycles [B] is equivalent to the number required
  // for a pipeline refill": 1+P at the minimum.
  instructionBarrier: { cycles: 1 + P },
  sleep: { cycles: 1 }, // WFI/WFE/SEV: 1
  trap: { cycles: 1 }, // SVC/BKPT: not priced in table 3-1, 1 assumed (*unverified*)
  // Section 3.9 / ARM's Cortex-M4 product page: 12-cycle interrupt latency with zero wait states.
  exceptionEntry: { cycles: 12 },
  // Unstacking on top of the returning BX/POP: 10-cycle exit latency less the returning branch
  // (*unverified*).
  exceptionReturn: { cycles: 8 },
  storeImmediate: { cycles: 1 }, // "STR Rx,[Ry,#imm] is always one cycle" (3.3.2)
  loadStorePipelined: { cycles: 1 }, // "LDR R0,[R1]; LDR R1,[R2]" = 3 cycles (3.3.2)
  mulLong: { cycles: 1 }, // SMULL/UMULL/SMLAL/UMLAL, SMLAL<x><y>/SMLALD/SMLSLD, UMAAL: 1
  mac: { cycles: 1 }, // MLA/MLS, SMLA<x><y>, SMLAD(X), SMLSD, SMLAW, SMMLA, USADA8: 1
  div: { cycles: 2, perRegister: 1 }, // SDIV/UDIV: 2-12, plus early-termination steps (mul.ts)
  dsp: { cycles: 1 }, // SSAT/USAT, parallel add/sub, SEL, PKH, SXTB16/SXTAB: 1
  tableBranch: { cycles: 2 + P }, // TBB/TBH: 2+P
  skipped: { cycles: 1 }, // an IT-block instruction whose condition fails still takes its slot
  loadStoreDual: { cycles: 3 }, // LDRD/STRD: 1+N with N = 2
  exclusive: { cycles: 2 }, // LDREX/STREX: 2
  fpu: { cycles: 1 }, // table 7-1: VADD/VSUB/VMUL/VNMUL/VABS/VNEG/VCMP/VCVT/VMOV: 1
  fpuMac: { cycles: 3 }, // table 7-1: VMLA/VMLS/VNMLA/VNMLS/VFMA/VFMS/VFNMA/VFNMS: 3
  fpuDiv: { cycles: 14 }, // table 7-1: VDIV/VSQRT: 14
  fpuLoadStore: { cycles: 2 }, // table 7-1: VLDR.32/VSTR.32: 2
  fpuLoadStoreDouble: { cycles: 3 }, // table 7-1: VLDR.64/VSTR.64: 3
  // Table 7-1: VLDM/VSTM/VPUSH/VPOP .32: 1+N, .64: 1+2N (N registers; priced per word moved).
  fpuLoadStoreMultiple: { cycles: 1, perRegister: 1 },
  fpuTransfer: { cycles: 1 }, // table 7-1: VMOV Rt<->Sn, VMRS, VMSR: 1
  fpuTransferDouble: { cycles: 2 }, // table 7-1: VMOV two core <-> two singles or one double: 2
  dualIssued: { cycles: 1 }, // never produced: the M4 is single-issue
  // ARM AN298 (Cortex-M4(F) Lazy Stacking and Context Switching): interrupt latency 29 cycles when
  // S0-S15 and FPSCR are stacked, 12 without: 17 more (*unverified* for the lazy save).
  fpuContext: { cycles: 17 },
  // Section 3.3.2: "Unaligned word or halfword loads or stores add penalty cycles": one per extra
  // aligned transfer (byte-aligned halfword: two bytes, +1; halfword-aligned word: two halfwords,
  // +1; byte-aligned word: byte, halfword, byte, +2), more if the memory stalls (bus wait states).
  unalignedTransfer: { cycles: 1 },
};

export interface CortexM4Options {
  /** FPv4-SP present (Cortex-M4F). */
  fpu: boolean;
}

export function cortexM4Model(options: CortexM4Options = { fpu: true }): Armv7mCoreModel {
  return Armv7mCoreModel.parse({
    name: options.fpu ? 'cortex-m4' : 'cortex-m4-nofp',
    isa: 'armv7em',
    extensions: ['armv6m', 'armv7m', 'dsp', ...(options.fpu ? ['fpv4sp'] : [])],
    elfMachine: 40,
    source: 'ARM 100166 (Cortex-M4 TRM) table 3-1, section 3.3.2, table 7-1',
    timing: CORTEX_M4_TIMING,
    pipeline: { dualIssue: false },
    // Priority bits are the vendor's choice: 4 on STM32, 3 on NXP Kinetis; the generic model takes
    // the architecture's minimum for v7-M, 3. Interrupts: the TRM's maximum, 240.
    nvic: { priorityBits: 3, interrupts: 240 },
    cpuid: 0x410fc241, // Cortex-M4 r0p1 (ARM 100166, CPUID register)
  });
}

/** Cortex-M4F: with the FPU, as on STM32H755's second core. */
export const CORTEX_M4: Armv7mCoreModel = cortexM4Model();
/** Cortex-M4 without the FPU: FP instructions are UNDEFINED. */
export const CORTEX_M4_NOFP: Armv7mCoreModel = cortexM4Model({ fpu: false });
