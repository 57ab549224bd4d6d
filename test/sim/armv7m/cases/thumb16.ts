/**
 * The ARMv6-M instruction forms (16-bit Thumb plus BL, MSR, MRS and the barriers), as they run on the
 * Cortex-M4, M33 and M7. Programs are assembled by test/sim/armv6m/thumb-asm.ts (checked against GNU
 * as), so they are not in encodings.json. Data processing is here; loads/stores, branches and system
 * instructions are in thumb16.test.ts, which runs them all.
 *
 * Expected cycles, derived from the cited sources, not from the simulator:
 * - M4 (ARM 100166 table 3-1, section 3.3.2; P = 1 as platforms/cores/cortex-m4.ts takes it): ALU,
 *   ADR, MUL 1; MOV/ADD PC 1+P; B, BL, BX, BLX, B<cc> taken 1+P, not taken 1; LDR/STR 2, but a load
 *   or store single after a load/store single pipelines to 1, except after a register-offset STR;
 *   STR with an immediate offset is always 1; LDM/STM/PUSH/POP 1+N, POP with PC 1+N+P; MRS, MSR,
 *   CPS 1 (the table's minimum); DMB/DSB 1+B with B >= 0 (so 1), ISB 1+B with B >= P (so 1+P = 2).
 *   Unaligned LDR/LDRH/LDRSH/STR/STRH (allowed on v7-M, ARM DDI0403E A3.2.1) add one cycle per extra
 *   aligned transfer (section 3.3.2): +1 for a byte-aligned halfword or a halfword-aligned word, +2
 *   for a byte-aligned word.
 * - M33: the M4 prices (platforms/cores/cortex-m33.ts, as LLVM models it).
 * - M7 (platforms/cores/cortex-m7.ts after LLVM ARMScheduleM7.td): ALU 1 and an ALU right after an
 *   ALU that opened an issue slot dual-issues (0, no dependency check); MUL 2; loads/stores 1
 *   (byte/halfword not distinguished by the model); taken branches and PC writes 2; LDM/STM 1+N,
 *   POP with PC 2+N; system 1; ISB 3 (M7NonGeneralPurpose); unaligned transfers as on the M4
 *   (assumed by the model: neither LLVM nor the M7 TRM gives a figure).
 */
import { CODE_BASE, STACK_TOP, type Expected, type Given } from '../harness.js';

export interface Thumb16Case {
  name: string;
  /** thumb-asm source lines; `udf #0` follows them and the run stops there. */
  asm: readonly string[];
  given?: Given;
  expect: Expected;
  cycles: { m4: number; m33?: number; m7: number };
  /**
   * Where the simulator disagrees with the cited source: per model, the discrepancy. Those runs are
   * `test.fails`, so they show until the simulator (or the source reading) is fixed.
   */
  discrepancy?: { m4?: string; m33?: string; m7?: string };
}

const M = 0xffffffff;
/** One ALU instruction: 1 everywhere. */
const ONE = { m4: 1, m7: 1 };
/** Two independent ALU instructions: 1+1 on the M4, dual-issued (1+0) on the M7. */
const ALU_PAIR = { m4: 2, m7: 1 };

export const MOVES_AND_SHIFTS: Thumb16Case[] = [
  { name: 'MOVS imm', asm: ['movs r0, #0'], expect: { r: { 0: 0 }, flags: 'nZcv' }, cycles: ONE },
  {
    name: 'MOVS reg keeps C',
    asm: ['movs r0, r1'],
    given: { r: { 1: 0x80000000 }, flags: 'nzCv' },
    expect: { r: { 0: 0x80000000 }, flags: 'NzCv' },
    cycles: ONE,
  },
  {
    name: 'MOV high registers, no flags',
    asm: ['mov r9, r1', 'mov r2, r10'],
    given: { r: { 1: 42, 10: 7 }, flags: 'nZcv' },
    expect: { r: { 9: 42, 2: 7 }, flags: 'nZcv' },
    cycles: ALU_PAIR,
  },
  { name: 'MOV reads PC+4', asm: ['mov r0, pc'], expect: { r: { 0: CODE_BASE + 4 } }, cycles: ONE },
  {
    // ADR 1, MOV PC 1+P, MOVS 1. M7: ADR 1 (opens a slot), MOV PC 2 (closes it), MOVS 1.
    name: 'MOV to PC branches',
    asm: ['adr r1, target', 'mov pc, r1', 'movs r0, #1', 'movs r0, #2', 'target:', 'movs r2, #2'],
    expect: { r: { 0: 0, 2: 2 } },
    cycles: { m4: 4, m7: 4 },
  },
  {
    name: 'LSLS imm sets C from the last bit out',
    asm: ['lsls r0, r1, #1'],
    given: { r: { 1: 0x80000001 } },
    expect: { r: { 0: 2 }, flags: 'nzCv' },
    cycles: ONE,
  },
  {
    name: 'LSRS #32',
    asm: ['lsrs r0, r1, #32'],
    given: { r: { 1: 0x80000000 } },
    expect: { r: { 0: 0 }, flags: 'nZCv' },
    cycles: ONE,
  },
  {
    name: 'ASRS imm keeps the sign',
    asm: ['asrs r0, r1, #4'],
    given: { r: { 1: 0x80000010 }, flags: 'nzCv' },
    expect: { r: { 0: 0xf8000001 }, flags: 'Nzcv' },
    cycles: ONE,
  },
  {
    name: 'ASRS #32',
    asm: ['asrs r0, r1, #32'],
    given: { r: { 1: 0x80000000 } },
    expect: { r: { 0: M }, flags: 'NzCv' },
    cycles: ONE,
  },
  {
    name: 'LSLS reg by 32',
    asm: ['lsls r0, r1'],
    given: { r: { 0: 1, 1: 32 } },
    expect: { r: { 0: 0 }, flags: 'nZCv' },
    cycles: ONE,
  },
  {
    name: 'LSLS reg by 0 (bottom byte of 256) keeps C',
    asm: ['lsls r0, r1'],
    given: { r: { 0: 5, 1: 256 }, flags: 'nzCv' },
    expect: { r: { 0: 5 }, flags: 'nzCv' },
    cycles: ONE,
  },
  {
    name: 'LSRS reg',
    asm: ['lsrs r0, r1'],
    given: { r: { 0: 3, 1: 1 } },
    expect: { r: { 0: 1 }, flags: 'nzCv' },
    cycles: ONE,
  },
  {
    name: 'ASRS reg by 40',
    asm: ['asrs r0, r1'],
    given: { r: { 0: 0x80000000, 1: 40 } },
    expect: { r: { 0: M }, flags: 'NzCv' },
    cycles: ONE,
  },
  {
    name: 'RORS reg',
    asm: ['rors r0, r1'],
    given: { r: { 0: 1, 1: 1 } },
    expect: { r: { 0: 0x80000000 }, flags: 'NzCv' },
    cycles: ONE,
  },
  {
    name: 'RORS by 32 sets C from bit 31',
    asm: ['rors r0, r1'],
    given: { r: { 0: 0x80000000, 1: 32 } },
    expect: { r: { 0: 0x80000000 }, flags: 'NzCv' },
    cycles: ONE,
  },
];

export const ADD_SUBTRACT_COMPARE: Thumb16Case[] = [
  {
    name: 'ADDS reg carry out',
    asm: ['adds r0, r1, r2'],
    given: { r: { 1: M, 2: 1 } },
    expect: { r: { 0: 0 }, flags: 'nZCv' },
    cycles: ONE,
  },
  {
    name: 'ADDS signed overflow',
    asm: ['adds r0, r1, r2'],
    given: { r: { 1: 0x7fffffff, 2: 1 } },
    expect: { r: { 0: 0x80000000 }, flags: 'NzcV' },
    cycles: ONE,
  },
  {
    name: 'ADDS imm3',
    asm: ['adds r0, r1, #7'],
    given: { r: { 1: 1 } },
    expect: { r: { 0: 8 }, flags: 'nzcv' },
    cycles: ONE,
  },
  {
    name: 'ADDS imm8',
    asm: ['adds r0, #255'],
    given: { r: { 0: 1 } },
    expect: { r: { 0: 256 }, flags: 'nzcv' },
    cycles: ONE,
  },
  {
    name: 'SUBS reg borrow clears C',
    asm: ['subs r0, r1, r2'],
    given: { r: { 1: 1, 2: 2 } },
    expect: { r: { 0: M }, flags: 'Nzcv' },
    cycles: ONE,
  },
  {
    name: 'SUBS imm3 equal sets Z and C',
    asm: ['subs r0, r1, #3'],
    given: { r: { 1: 3 } },
    expect: { r: { 0: 0 }, flags: 'nZCv' },
    cycles: ONE,
  },
  {
    name: 'SUBS imm8 overflow',
    asm: ['subs r0, #1'],
    given: { r: { 0: 0x80000000 } },
    expect: { r: { 0: 0x7fffffff }, flags: 'nzCV' },
    cycles: ONE,
  },
  {
    name: 'ADCS adds the carry',
    asm: ['adcs r0, r1'],
    given: { r: { 0: 1, 1: M }, flags: 'nzCv' },
    expect: { r: { 0: 1 }, flags: 'nzCv' },
    cycles: ONE,
  },
  {
    name: 'SBCS without carry subtracts one more',
    asm: ['sbcs r0, r1'],
    given: { r: { 0: 5, 1: 2 }, flags: 'nzcv' },
    expect: { r: { 0: 2 }, flags: 'nzCv' },
    cycles: ONE,
  },
  {
    name: 'RSBS (NEGS)',
    asm: ['rsbs r0, r1, #0'],
    given: { r: { 1: 1 } },
    expect: { r: { 0: M }, flags: 'Nzcv' },
    cycles: ONE,
  },
  {
    name: 'RSBS of 0 sets C',
    asm: ['rsbs r0, r1, #0'],
    given: { r: { 1: 0 } },
    expect: { r: { 0: 0 }, flags: 'nZCv' },
    cycles: ONE,
  },
  {
    name: 'ADD high registers, no flags',
    asm: ['add r0, r9'],
    given: { r: { 0: M, 9: 2 } },
    expect: { r: { 0: 1 }, flags: 'nzcv' },
    cycles: ONE,
  },
  {
    // ADD PC, Rm: 1+P; the target (PC reads as 0x1004, +2) skips both MOVS r0. M7: 2, then MOVS 1.
    name: 'ADD to PC branches',
    asm: ['add pc, r1', 'movs r0, #1', 'movs r0, #2', 'movs r2, #3'],
    given: { r: { 1: 2 } },
    expect: { r: { 0: 0, 2: 3 } },
    cycles: { m4: 3, m7: 3 },
  },
  {
    name: 'ADD SP imm7, SUB SP imm7',
    asm: ['add sp, #16', 'sub sp, #8'],
    expect: { r: { 13: STACK_TOP + 8 } },
    cycles: ALU_PAIR,
  },
  {
    name: 'ADD Rd, SP, imm8',
    asm: ['add r0, sp, #12'],
    expect: { r: { 0: STACK_TOP + 12 } },
    cycles: ONE,
  },
  {
    // MOVS 1, ADR 1 (dual-issued on the M7), B 1+P.
    name: 'ADR aligns the PC down to a word',
    asm: ['movs r1, #0', 'adr r0, lit', 'b done', '.hword 0', 'lit:', '.word 7', 'done:'],
    expect: { r: { 0: CODE_BASE + 8 } },
    cycles: { m4: 4, m7: 3 },
  },
  {
    name: 'CMP imm',
    asm: ['cmp r0, #5'],
    given: { r: { 0: 3 } },
    expect: { flags: 'Nzcv' },
    cycles: ONE,
  },
  {
    name: 'CMP low registers',
    asm: ['cmp r0, r1'],
    given: { r: { 0: 0x80000000, 1: 1 } },
    expect: { flags: 'nzCV' },
    cycles: ONE,
  },
  {
    name: 'CMP high register',
    asm: ['cmp r9, r0'],
    given: { r: { 0: 1, 9: 1 } },
    expect: { flags: 'nZCv' },
    cycles: ONE,
  },
  {
    name: 'CMN',
    asm: ['cmn r0, r1'],
    given: { r: { 0: 1, 1: M } },
    expect: { flags: 'nZCv' },
    cycles: ONE,
  },
];

export const LOGIC_MULTIPLY_EXTEND: Thumb16Case[] = [
  {
    name: 'ANDS',
    asm: ['ands r0, r1'],
    given: { r: { 0: 0xf0f0, 1: 0xff00 } },
    expect: { r: { 0: 0xf000 }, flags: 'nzcv' },
    cycles: ONE,
  },
  {
    name: 'EORS',
    asm: ['eors r0, r1'],
    given: { r: { 0: M, 1: 0xffff } },
    expect: { r: { 0: 0xffff0000 }, flags: 'Nzcv' },
    cycles: ONE,
  },
  {
    name: 'ORRS',
    asm: ['orrs r0, r1'],
    given: { r: { 0: 0, 1: 0 }, flags: 'nzCV' },
    expect: { r: { 0: 0 }, flags: 'nZCV' },
    cycles: ONE,
  },
  {
    name: 'BICS',
    asm: ['bics r0, r1'],
    given: { r: { 0: 0xff, 1: 0x0f } },
    expect: { r: { 0: 0xf0 }, flags: 'nzcv' },
    cycles: ONE,
  },
  {
    name: 'MVNS',
    asm: ['mvns r0, r1'],
    given: { r: { 1: 0 } },
    expect: { r: { 0: M }, flags: 'Nzcv' },
    cycles: ONE,
  },
  {
    name: 'TST',
    asm: ['tst r0, r1'],
    given: { r: { 0: 1, 1: 2 } },
    expect: { r: { 0: 1 }, flags: 'nZcv' },
    cycles: ONE,
  },
  {
    name: 'Two independent ALU instructions dual-issue on the M7',
    asm: ['adds r0, r1, #1', 'eors r2, r3'],
    given: { r: { 1: 1, 2: 6, 3: 3 } },
    expect: { r: { 0: 2, 2: 5 } },
    cycles: ALU_PAIR,
  },
  {
    // M7: the third ALU instruction opens a new slot: 1+0+1.
    name: 'Three ALU instructions: one pair and one single on the M7',
    asm: ['movs r0, #1', 'movs r1, #2', 'movs r2, #3'],
    expect: { r: { 0: 1, 1: 2, 2: 3 } },
    cycles: { m4: 3, m7: 2 },
  },
  {
    name: 'MULS low 32 bits',
    asm: ['muls r0, r1, r0'],
    given: { r: { 0: 0x10001, 1: 0x10001 } },
    expect: { r: { 0: 0x20001 }, flags: 'nzcv' },
    cycles: { m4: 1, m7: 2 },
  },
  {
    name: 'MULS negative keeps C and V',
    asm: ['muls r0, r1, r0'],
    given: { r: { 0: M, 1: 3 }, flags: 'nzCV' },
    expect: { r: { 0: 0xfffffffd }, flags: 'NzCV' },
    cycles: { m4: 1, m7: 2 },
  },
  {
    // M7: MUL 2 is not an ALU slot, so the ADDS after it issues alone: 2+1.
    name: 'MULS then ADDS does not dual-issue',
    asm: ['muls r0, r1, r0', 'adds r2, #1'],
    given: { r: { 0: 6, 1: 7, 2: 1 } },
    expect: { r: { 0: 42, 2: 2 } },
    cycles: { m4: 2, m7: 3 },
  },
  {
    name: 'SXTB',
    asm: ['sxtb r0, r1'],
    given: { r: { 1: 0x1280 } },
    expect: { r: { 0: 0xffffff80 } },
    cycles: ONE,
  },
  {
    name: 'SXTH',
    asm: ['sxth r0, r1'],
    given: { r: { 1: 0x18000 } },
    expect: { r: { 0: 0xffff8000 } },
    cycles: ONE,
  },
  {
    name: 'UXTB',
    asm: ['uxtb r0, r1'],
    given: { r: { 1: 0x1280 } },
    expect: { r: { 0: 0x80 } },
    cycles: ONE,
  },
  {
    name: 'UXTH',
    asm: ['uxth r0, r1'],
    given: { r: { 1: 0x18000 } },
    expect: { r: { 0: 0x8000 } },
    cycles: ONE,
  },
  {
    name: 'REV',
    asm: ['rev r0, r1'],
    given: { r: { 1: 0x11223344 } },
    expect: { r: { 0: 0x44332211 } },
    cycles: ONE,
  },
  {
    name: 'REV16',
    asm: ['rev16 r0, r1'],
    given: { r: { 1: 0x11223344 } },
    expect: { r: { 0: 0x22114433 } },
    cycles: ONE,
  },
  {
    name: 'REVSH',
    asm: ['revsh r0, r1'],
    given: { r: { 1: 0x11223380 } },
    expect: { r: { 0: 0xffff8033 } },
    cycles: ONE,
  },
];
