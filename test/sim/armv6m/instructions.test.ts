/**
 * One behaviour per test: a tiny program, its result registers, the APSR flags and the exact cycle
 * count under the Cortex-M0+ model (ARM DDI0484C table 3.1).
 */
import { describe, expect, test } from 'vitest';
import { flags, runThumb, RAM_BASE, STACK_TOP, CODE_BASE } from './runner.js';

interface Case {
  name: string;
  asm: string;
  regs?: Partial<Record<number, number>>;
  /** Expected register values (unsigned). */
  out: Partial<Record<number, number>>;
  /** Expected flags, upper case = set, e.g. 'nZCv'. */
  flags?: string;
  cycles: number;
}

const M = 0xffffffff;
const cases: Case[] = [
  // moves and shifts
  { name: 'MOVS imm', asm: 'movs r0, #0', out: { 0: 0 }, flags: 'nZcv', cycles: 1 },
  {
    name: 'MOVS reg keeps C',
    asm: 'movs r0, r1',
    regs: { 1: 0x80000000 },
    out: { 0: 0x80000000 },
    flags: 'Nzcv',
    cycles: 1,
  },
  {
    name: 'MOV high',
    asm: 'mov r9, r1\nmov r2, r9',
    regs: { 1: 42 },
    out: { 2: 42, 9: 42 },
    cycles: 2,
  },
  { name: 'MOV reads PC+4', asm: 'mov r0, pc', out: { 0: CODE_BASE + 4 }, cycles: 1 },
  {
    name: 'MOV to PC branches (2 cycles)',
    asm: 'adr r1, target\nmov pc, r1\nmovs r0, #1\nnop\ntarget:\nmovs r2, #2',
    out: { 0: 0, 2: 2 },
    cycles: 4,
  },
  {
    name: 'LSLS imm sets C from last bit out',
    asm: 'lsls r0, r1, #1',
    regs: { 1: 0x80000001 },
    out: { 0: 2 },
    flags: 'nzCv',
    cycles: 1,
  },
  {
    name: 'LSRS #32',
    asm: 'lsrs r0, r1, #32',
    regs: { 1: 0x80000000 },
    out: { 0: 0 },
    flags: 'nZCv',
    cycles: 1,
  },
  {
    name: 'ASRS imm keeps sign',
    asm: 'asrs r0, r1, #4',
    regs: { 1: 0x80000010 },
    out: { 0: 0xf8000001 },
    flags: 'Nzcv',
    cycles: 1,
  },
  {
    name: 'ASRS #32',
    asm: 'asrs r0, r1, #32',
    regs: { 1: 0x80000000 },
    out: { 0: M },
    flags: 'NzCv',
    cycles: 1,
  },
  {
    name: 'LSLS reg by 32',
    asm: 'lsls r0, r1',
    regs: { 0: 1, 1: 32 },
    out: { 0: 0 },
    flags: 'nZCv',
    cycles: 1,
  },
  {
    name: 'LSLS reg by 0 keeps C',
    asm: 'lsls r0, r1',
    regs: { 0: 5, 1: 256 },
    out: { 0: 5 },
    flags: 'nzcv',
    cycles: 1,
  },
  {
    name: 'LSRS reg',
    asm: 'lsrs r0, r1',
    regs: { 0: 0x3, 1: 1 },
    out: { 0: 1 },
    flags: 'nzCv',
    cycles: 1,
  },
  {
    name: 'ASRS reg by 40',
    asm: 'asrs r0, r1',
    regs: { 0: 0x80000000, 1: 40 },
    out: { 0: M },
    flags: 'NzCv',
    cycles: 1,
  },
  {
    name: 'RORS reg',
    asm: 'rors r0, r1',
    regs: { 0: 0x1, 1: 1 },
    out: { 0: 0x80000000 },
    flags: 'NzCv',
    cycles: 1,
  },
  {
    name: 'RORS by 32 sets C from bit 31',
    asm: 'rors r0, r1',
    regs: { 0: 0x80000000, 1: 32 },
    out: { 0: 0x80000000 },
    flags: 'NzCv',
    cycles: 1,
  },
  // add and subtract
  {
    name: 'ADDS reg carry out',
    asm: 'adds r0, r1, r2',
    regs: { 1: M, 2: 1 },
    out: { 0: 0 },
    flags: 'nZCv',
    cycles: 1,
  },
  {
    name: 'ADDS signed overflow',
    asm: 'adds r0, r1, r2',
    regs: { 1: 0x7fffffff, 2: 1 },
    out: { 0: 0x80000000 },
    flags: 'NzcV',
    cycles: 1,
  },
  {
    name: 'ADDS imm3',
    asm: 'adds r0, r1, #7',
    regs: { 1: 1 },
    out: { 0: 8 },
    flags: 'nzcv',
    cycles: 1,
  },
  {
    name: 'ADDS imm8',
    asm: 'adds r0, #255',
    regs: { 0: 1 },
    out: { 0: 256 },
    flags: 'nzcv',
    cycles: 1,
  },
  {
    name: 'SUBS reg borrow clears C',
    asm: 'subs r0, r1, r2',
    regs: { 1: 1, 2: 2 },
    out: { 0: M },
    flags: 'Nzcv',
    cycles: 1,
  },
  {
    name: 'SUBS equal sets Z and C',
    asm: 'subs r0, r1, #3',
    regs: { 1: 3 },
    out: { 0: 0 },
    flags: 'nZCv',
    cycles: 1,
  },
  {
    name: 'SUBS imm8 overflow',
    asm: 'subs r0, #1',
    regs: { 0: 0x80000000 },
    out: { 0: 0x7fffffff },
    flags: 'nzCV',
    cycles: 1,
  },
  {
    name: 'ADCS uses carry',
    asm: 'adcs r0, r1',
    regs: { 0: 1, 1: M },
    out: { 0: 1 },
    flags: 'nzCv',
    cycles: 2,
    asmPrefix: 'cmp r0, r0',
  } as Case,
  {
    name: 'SBCS without carry subtracts one more',
    asm: 'movs r3, #0\nadds r3, r3, #0\nsbcs r0, r1',
    regs: { 0: 5, 1: 2 },
    out: { 0: 2 },
    flags: 'nzCv',
    cycles: 3,
  },
  {
    name: 'RSBS (NEGS)',
    asm: 'rsbs r0, r1, #0',
    regs: { 1: 1 },
    out: { 0: M },
    flags: 'Nzcv',
    cycles: 1,
  },
  {
    name: 'RSBS of 0 sets C',
    asm: 'rsbs r0, r1, #0',
    regs: { 1: 0 },
    out: { 0: 0 },
    flags: 'nZCv',
    cycles: 1,
  },
  {
    name: 'ADD high no flags',
    asm: 'add r0, r9',
    regs: { 0: M, 9: 2 },
    out: { 0: 1 },
    flags: 'nzcv',
    cycles: 1,
  },
  { name: 'ADD SP imm7', asm: 'add sp, #16\nsub sp, #8', out: { 13: STACK_TOP + 8 }, cycles: 2 },
  { name: 'ADD Rd, SP, imm', asm: 'add r0, sp, #12', out: { 0: STACK_TOP + 12 }, cycles: 1 },
  {
    name: 'ADR aligns PC',
    asm: 'nop\nadr r0, lit\nb end\n.hword 0\nlit:\n.word 7\nend:\nnop',
    out: { 0: CODE_BASE + 8 },
    cycles: 4,
  },
  { name: 'CMP imm', asm: 'cmp r0, #5', regs: { 0: 3 }, out: {}, flags: 'Nzcv', cycles: 1 },
  { name: 'CMP high', asm: 'cmp r9, r0', regs: { 0: 1, 9: 1 }, out: {}, flags: 'nZCv', cycles: 1 },
  { name: 'CMN', asm: 'cmn r0, r1', regs: { 0: 1, 1: M }, out: {}, flags: 'nZCv', cycles: 1 },
  // logical and multiply
  {
    name: 'ANDS',
    asm: 'ands r0, r1',
    regs: { 0: 0xf0f0, 1: 0xff00 },
    out: { 0: 0xf000 },
    flags: 'nzcv',
    cycles: 1,
  },
  {
    name: 'EORS',
    asm: 'eors r0, r1',
    regs: { 0: M, 1: 0x0000ffff },
    out: { 0: 0xffff0000 },
    flags: 'Nzcv',
    cycles: 1,
  },
  {
    name: 'ORRS',
    asm: 'orrs r0, r1',
    regs: { 0: 0, 1: 0 },
    out: { 0: 0 },
    flags: 'nZcv',
    cycles: 1,
  },
  {
    name: 'BICS',
    asm: 'bics r0, r1',
    regs: { 0: 0xff, 1: 0x0f },
    out: { 0: 0xf0 },
    flags: 'nzcv',
    cycles: 1,
  },
  { name: 'MVNS', asm: 'mvns r0, r1', regs: { 1: 0 }, out: { 0: M }, flags: 'Nzcv', cycles: 1 },
  { name: 'TST', asm: 'tst r0, r1', regs: { 0: 1, 1: 2 }, out: { 0: 1 }, flags: 'nZcv', cycles: 1 },
  {
    name: 'MULS low 32 bits, fast multiplier',
    asm: 'muls r0, r1, r0',
    regs: { 0: 0x10001, 1: 0x10001 },
    out: { 0: 0x20001 },
    flags: 'nzcv',
    cycles: 1,
  },
  {
    name: 'MULS negative',
    asm: 'muls r0, r1, r0',
    regs: { 0: M, 1: 3 },
    out: { 0: 0xfffffffd },
    flags: 'Nzcv',
    cycles: 1,
  },
  // extend and reverse
  { name: 'SXTB', asm: 'sxtb r0, r1', regs: { 1: 0x1280 }, out: { 0: 0xffffff80 }, cycles: 1 },
  { name: 'SXTH', asm: 'sxth r0, r1', regs: { 1: 0x18000 }, out: { 0: 0xffff8000 }, cycles: 1 },
  { name: 'UXTB', asm: 'uxtb r0, r1', regs: { 1: 0x1280 }, out: { 0: 0x80 }, cycles: 1 },
  { name: 'UXTH', asm: 'uxth r0, r1', regs: { 1: 0x18000 }, out: { 0: 0x8000 }, cycles: 1 },
  { name: 'REV', asm: 'rev r0, r1', regs: { 1: 0x11223344 }, out: { 0: 0x44332211 }, cycles: 1 },
  {
    name: 'REV16',
    asm: 'rev16 r0, r1',
    regs: { 1: 0x11223344 },
    out: { 0: 0x22114433 },
    cycles: 1,
  },
  {
    name: 'REVSH',
    asm: 'revsh r0, r1',
    regs: { 1: 0x11223380 },
    out: { 0: 0xffff8033 },
    cycles: 1,
  },
  // loads and stores
  {
    name: 'STR/LDR imm',
    asm: 'str r1, [r0, #4]\nldr r2, [r0, #4]',
    regs: { 0: RAM_BASE, 1: 0xdeadbeef },
    out: { 2: 0xdeadbeef },
    cycles: 4,
  },
  {
    name: 'STRB/LDRSB reg',
    asm: 'strb r1, [r0, r3]\nldrsb r2, [r0, r3]',
    regs: { 0: RAM_BASE, 1: 0x1ff, 3: 3 },
    out: { 2: M },
    cycles: 4,
  },
  {
    name: 'STRH/LDRSH/LDRH',
    asm: 'strh r1, [r0, #2]\nldrsh r2, [r0, r3]\nldrh r4, [r0, #2]',
    regs: { 0: RAM_BASE, 1: 0x8001, 3: 2 },
    out: { 2: 0xffff8001, 4: 0x8001 },
    cycles: 6,
  },
  {
    name: 'LDRB imm, LDR reg',
    asm: 'str r1, [r0]\nldrb r2, [r0, #1]\nldr r3, [r0, r4]',
    regs: { 0: RAM_BASE, 1: 0x11223344, 4: 0 },
    out: { 2: 0x33, 3: 0x11223344 },
    cycles: 6,
  },
  {
    name: 'STR/LDR SP-relative',
    asm: 'sub sp, #8\nstr r1, [sp, #4]\nldr r2, [sp, #4]',
    regs: { 1: 77 },
    out: { 2: 77 },
    cycles: 5,
  },
  {
    name: 'LDR literal',
    asm: 'ldr r0, lit\nb end\nlit:\n.word 0xcafef00d\nend:\nnop',
    out: { 0: 0xcafef00d },
    cycles: 4,
  },
  {
    name: 'PUSH/POP 1+N',
    asm: 'push {r0, r1, lr}\npop {r2, r3, r4}',
    regs: { 0: 1, 1: 2, 14: 3 },
    out: { 2: 1, 3: 2, 4: 3, 13: STACK_TOP },
    cycles: 8,
  },
  {
    name: 'STM/LDM with writeback',
    asm: 'stm r0!, {r1, r2}\nsubs r0, #8\nldm r0!, {r3, r4}',
    regs: { 0: RAM_BASE, 1: 5, 2: 6 },
    out: { 0: RAM_BASE + 8, 3: 5, 4: 6 },
    cycles: 7,
  },
  {
    name: 'LDM base in list: no writeback',
    asm: 'str r1, [r0]\nldm r0, {r0}',
    regs: { 0: RAM_BASE, 1: 9 },
    out: { 0: 9 },
    cycles: 4,
  },
  // branches
  {
    name: 'B<cond> taken 2',
    asm: 'cmp r0, #0\nbeq skip\nmovs r1, #1\nskip:\nnop',
    regs: { 0: 0 },
    out: { 1: 0 },
    cycles: 4,
  },
  {
    name: 'B<cond> not taken 1',
    asm: 'cmp r0, #0\nbeq skip\nmovs r1, #1\nskip:\nnop',
    regs: { 0: 1 },
    out: { 1: 1 },
    cycles: 4,
  },
  {
    name: 'BGT signed, BHI unsigned',
    asm: 'cmp r0, r1\nbgt a\nmovs r2, #1\na:\nbhi b\nmovs r3, #1\nb:\nnop',
    regs: { 0: M, 1: 1 },
    out: { 2: 1, 3: 0 },
    cycles: 6,
  },
  { name: 'B 2', asm: 'b skip\nmovs r1, #1\nskip:\nnop', out: { 1: 0 }, cycles: 3 },
  {
    name: 'BL 3, BX 2',
    asm: 'bl f\nb end\nf:\nmovs r0, #1\nbx lr\nend:\nnop',
    out: { 0: 1, 14: CODE_BASE + 5 },
    cycles: 8,
  },
  {
    name: 'BLX 2',
    asm: 'adr r1, f\nadds r1, #1\nblx r1\nb end\nf:\nbx lr\nend:\nnop',
    out: { 14: CODE_BASE + 7 },
    cycles: 8,
  },
  {
    name: 'POP {pc} 3+N',
    asm: 'bl f\nb end\nf:\npush {r4, lr}\npop {r4, pc}\nend:\nnop',
    out: {},
    cycles: 3 + 3 + 5 + 2,
  },
  // system
  {
    name: 'MRS/MSR PRIMASK 3 each',
    asm: 'movs r0, #1\nmsr primask, r0\nmrs r1, primask',
    out: { 1: 1 },
    cycles: 7,
  },
  {
    name: 'MSR APSR',
    asm: 'movs r0, #0xf0\nlsls r0, r0, #24\nmsr apsr_nzcvq, r0\nmrs r1, apsr',
    out: { 1: 0xf0000000 },
    flags: 'NZCV',
    cycles: 8,
  },
  {
    name: 'CPSID/CPSIE 1 each',
    asm: 'cpsid i\nmrs r0, primask\ncpsie i\nmrs r1, primask',
    out: { 0: 1, 1: 0 },
    cycles: 8,
  },
  { name: 'barriers 3 each', asm: 'dmb\ndsb\nisb', out: {}, cycles: 9 },
  {
    name: 'NOP (MOV r8, r8), hint NOP, YIELD, SEV 1 each',
    asm: 'nop\n.hword 0xbf00\nyield\nsev',
    out: {},
    cycles: 4,
  },
  { name: 'WFE with event set: clears it, no sleep', asm: 'sev\nwfe', out: {}, cycles: 3 },
];

describe('ARMv6-M instructions on the Cortex-M0+ model', () => {
  for (const c of cases) {
    test(c.name, () => {
      const prefix = (c as Case & { asmPrefix?: string }).asmPrefix;
      const run = runThumb(prefix ? `${prefix}\n${c.asm}` : c.asm, { regs: c.regs });
      expect(run.cpu.halt).toBeUndefined();
      const got: Record<number, number> = {};
      for (const r of Object.keys(c.out)) got[Number(r)] = run.cpu.r[Number(r)]!;
      expect(got).toEqual(c.out);
      if (c.flags !== undefined) expect(flags(run.cpu)).toBe(c.flags);
      expect(run.cpu.cycles).toBe(c.cycles);
    });
  }

  test('MULS with the small multiplier costs 32', () => {
    const run = runThumb('muls r0, r1, r0', { regs: { 0: 6, 1: 7 }, multiplier: 'small' });
    expect(run.cpu.r[0]).toBe(42);
    expect(run.cpu.cycles).toBe(32);
  });

  test('instructions retired are counted', () => {
    const run = runThumb('movs r0, #3\nloop:\nsubs r0, #1\nbne loop');
    expect(run.cpu.instructions).toBe(7);
    expect(run.cpu.cycles).toBe(1 + 3 * 1 + 2 * 2 + 1);
  });

  test('a store over decoded code takes effect (self-modifying code)', () => {
    // Overwrite `movs r0, #1` at `loop` (0x102) with `movs r0, #2` (0x2002) after it has run once.
    const run = runThumb(
      'movs r2, #0\nloop:\nmovs r0, #1\nadds r2, #1\ncmp r2, #2\nbeq end\nadr r1, patch_word\nldrh r3, [r1]\nsubs r1, #18\nstrh r3, [r1]\nb loop\npatch_word:\n.hword 0x2002\nend:\nnop',
    );
    expect(run.labels.get('loop')).toBe(0x102);
    expect(run.cpu.r[0]).toBe(2);
  });
});
