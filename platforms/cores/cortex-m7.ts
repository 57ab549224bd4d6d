/**
 * Cortex-M7 (ARMv7E-M, FPv5-SP) cycle model. There is no public per-instruction TRM table; the figures
 * come from LLVM's ARMScheduleM7.td and are *unverified* against silicon. The model is a
 * superscalar-lite approximation: a second ALU instruction right after an ALU instruction issues in
 * the same cycle ('dualIssued' costs 0; no register-dependency check, so optimistic). Latencies are
 * charged as costs (no dependency tracking), which overestimates independent sequences.
 */
import { Armv7mCoreModel } from './cortex-m4.js';

const UNVERIFIED = 'unverified: LLVM ARMScheduleM7.td';

export const CORTEX_M7: Armv7mCoreModel = Armv7mCoreModel.parse({
  name: 'cortex-m7',
  isa: 'armv7em',
  extensions: ['armv6m', 'armv7m', 'dsp', 'fpv4sp', 'fpv5sp'],
  elfMachine: 40,
  source: UNVERIFIED,
  timing: {
    alu: { cycles: 1 },
    pcWrite: { cycles: 2 }, // assumed: as a predicted taken branch
    mul: { cycles: 2 }, // MUL latency 2
    loadStore: { cycles: 1 }, // load latency 1 (byte/halfword 2, not distinguished)
    branchNotTaken: { cycles: 1 },
    branchTaken: { cycles: 2 }, // assumed correctly predicted; a mispredict costs ~4 (not modelled)
    branch: { cycles: 2 },
    branchLink: { cycles: 2 },
    branchExchange: { cycles: 2 },
    loadStoreMultiple: { cycles: 1, perRegister: 1 }, // single-issue
    popPc: { cycles: 2, perRegister: 1 },
    system: { cycles: 1 },
    // t2ISB is one of LLVM's M7NonGeneralPurpose instructions: latency 3, single issue ("many look
    // likely to stall the whole pipeline"). (The same class covers MRS/MSR/DMB/DSB, priced 1 above.)
    instructionBarrier: { cycles: 3 },
    sleep: { cycles: 1 },
    trap: { cycles: 1 },
    exceptionEntry: { cycles: 12 }, // ARM: 12 cycles, as on the M4
    exceptionReturn: { cycles: 8 }, // as the M4 model (*unverified*)
    storeImmediate: { cycles: 1 },
    loadStorePipelined: { cycles: 1 },
    mulLong: { cycles: 2 }, // MUL/MAC latency 2
    mac: { cycles: 2 },
    div: { cycles: 7 }, // DIV 7, single-issue, no early termination modelled
    dsp: { cycles: 1 },
    tableBranch: { cycles: 3 }, // assumed: load + taken branch
    skipped: { cycles: 1 },
    loadStoreDual: { cycles: 2 }, // LDRD single-issue, 64-bit data path
    exclusive: { cycles: 2 }, // assumed
    fpu: { cycles: 3 }, // FP latency 3
    fpuMac: { cycles: 3 }, // assumed as the other FP operations
    fpuDiv: { cycles: 16 }, // single-precision divide 16 (VSQRT assumed the same)
    fpuLoadStore: { cycles: 1 }, // as integer loads
    // VLDRD/VSTRD: both load (or the store) pipes and both VFP ports, latency 2, single issue
    // (M7LoadDP/M7StoreDP), as LDRD above.
    fpuLoadStoreDouble: { cycles: 2 },
    // Single issue; per word moved, a D register two (LLVM gives no per-register figure).
    fpuLoadStoreMultiple: { cycles: 1, perRegister: 1 },
    fpuTransfer: { cycles: 1 },
    fpuTransferDouble: { cycles: 2 }, // VMOV(DRR|RRD|RRS|SRR): one schedule, single issue
    dualIssued: { cycles: 0 }, // the second instruction of a dual-issued pair
    fpuContext: { cycles: 17 }, // assumed as the Cortex-M4 (ARM AN298)
    // ARM DDI0489F (Cortex-M7 TRM) 2.4.2: unaligned accesses are "converted into two or more aligned
    // accesses"; neither the TRM nor LLVM gives a cost. Assumed one cycle per extra transfer, as on
    // the Cortex-M4 (*unverified*).
    unalignedTransfer: { cycles: 1 },
  },
  pipeline: { dualIssue: true },
  // 4 priority bits as on STM32F7/H7 and NXP i.MX RT10xx; up to 240 interrupts (ARM DDI0489).
  nvic: { priorityBits: 4, interrupts: 240 },
  cpuid: 0x411fc272, // Cortex-M7 r1p2
});
