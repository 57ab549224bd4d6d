/**
 * Cortex-M0+ (ARMv6-M) cycle model. Source: ARM DDI0484C, Cortex-M0+ Technical Reference Manual,
 * table 3.1 (instruction summary, zero wait-state system) and section 3.6.1 (exception handling).
 * Memory wait states are not part of this table: the bus reports them (`Bus.waitCycles`).
 */
import { CoreModel } from './schema.js';

export interface CortexM0plusOptions {
  /**
   * 'fast': the single-cycle multiplier (as on RP2040); 'small': the iterative 32-cycle multiplier
   * (TRM table 3.1 note a).
   */
  multiplier: 'fast' | 'small';
}

export function cortexM0plusModel(
  options: CortexM0plusOptions = { multiplier: 'fast' },
): CoreModel {
  return CoreModel.parse({
    name: 'cortex-m0plus',
    isa: 'armv6m',
    extensions: ['armv6m'],
    elfMachine: 40,
    source: 'ARM DDI0484C table 3.1, section 3.6.1',
    timing: {
      // ALU, MOVS/ADDS/..., ADR, ADD Rd,SP,#imm, CPS, NOP, SEV, YIELD, SXT*/UXT*/REV*: 1.
      alu: { cycles: 1 },
      // MOV PC, Rm / ADD PC, PC, Rm: 2.
      pcWrite: { cycles: 2 },
      mul: { cycles: options.multiplier === 'fast' ? 1 : 32 },
      // LDR/LDRH/LDRB/LDRSH/LDRSB/STR/STRH/STRB (all addressing modes, incl. PC- and SP-relative): 2.
      loadStore: { cycles: 2 },
      branchNotTaken: { cycles: 1 },
      branchTaken: { cycles: 2 },
      branch: { cycles: 2 },
      branchLink: { cycles: 3 },
      // BX/BLX: 2.
      branchExchange: { cycles: 2 },
      // LDM/STM/PUSH/POP: 1+N, N = number of registers in the list.
      loadStoreMultiple: { cycles: 1, perRegister: 1 },
      // POP {..., PC}: 3+N. N counts every register in the list, PC included ("N is the number of
      // elements"); the TRM does not say whether PC is one of them, so this is *unverified*.
      popPc: { cycles: 3, perRegister: 1 },
      // MRS, MSR, DMB, DSB: 3.
      system: { cycles: 3 },
      // ISB: 3.
      instructionBarrier: { cycles: 3 },
      // WFI/WFE: 2 before the core sleeps.
      sleep: { cycles: 2 },
      // SVC and BKPT are not priced in table 3.1; counted as 1 here (*unverified*). Exception entry
      // is priced separately below.
      trap: { cycles: 1 },
      // Section 3.6.1: worst-case interrupt latency 15 cycles with zero wait states.
      exceptionEntry: { cycles: 15 },
      // Unstacking 8 words on top of the returning BX/POP: not given by the TRM; 8 cycles assumed
      // (one per word on a zero-wait bus) — *unverified*.
      exceptionReturn: { cycles: 8 },
    },
  });
}

/** The default Cortex-M0+ model: fast multiplier, as on RP2040. */
export const CORTEX_M0PLUS: CoreModel = cortexM0plusModel();
