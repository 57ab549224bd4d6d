/** Load/store cases: every addressing mode, unaligned accesses, pipelining, dual, multiple, exclusive. */
import type { InstructionCase } from '../harness.js';

const R = 0x20000000;
const WORDS: readonly [number, readonly number[]][] = [
  [
    R,
    [
      0x11, 0x22, 0x33, 0x44, 0x78, 0x56, 0x34, 0x12, 0x00, 0x80, 0xfe, 0xff, 0xef, 0xbe, 0xad,
      0xde,
    ],
  ],
];

export const MEMORY: InstructionCase[] = [
  {
    name: 'LDR.W imm12',
    asm: ['ldr.w r0, [r1, #4]'],
    given: { r: { 1: R }, mem: WORDS },
    expect: { r: { 0: 0x12345678 } },
    cycles: { m4: 2, m7: 1 },
  },
  {
    name: 'LDR; LDR pipeline (3 cycles on M4)',
    asm: ['ldr.w r0, [r1, #4]', 'ldr.w r2, [r1, #12]'],
    given: { r: { 1: R }, mem: WORDS },
    expect: { r: { 0: 0x12345678, 2: 0xdeadbeef } },
    cycles: { m4: 3, m7: 2 },
  },
  {
    name: 'LDR post-indexed writes back',
    asm: ['ldr r0, [r1], #4'],
    given: { r: { 1: R + 4 }, mem: WORDS },
    expect: { r: { 0: 0x12345678, 1: R + 8 } },
    cycles: { m4: 2, m7: 1 },
  },
  {
    name: 'LDR pre-indexed negative with writeback',
    asm: ['ldr r0, [r1, #-4]!'],
    given: { r: { 1: R + 8 }, mem: WORDS },
    expect: { r: { 0: 0x12345678, 1: R + 4 } },
    cycles: { m4: 2, m7: 1 },
  },
  {
    name: 'LDR negative offset, no writeback',
    asm: ['ldr r0, [r1, #-8]'],
    given: { r: { 1: R + 12 }, mem: WORDS },
    expect: { r: { 0: 0x12345678, 1: R + 12 } },
    cycles: { m4: 2, m7: 1 },
  },
  {
    name: 'LDRT',
    asm: ['ldrt r0, [r1, #4]'],
    given: { r: { 1: R }, mem: WORDS },
    expect: { r: { 0: 0x12345678 } },
    cycles: { m4: 2, m7: 1 },
  },
  {
    name: 'LDRSH.W register LSL #1',
    asm: ['ldrsh.w r0, [r1, r2, lsl #1]'],
    given: { r: { 1: R, 2: 4 }, mem: WORDS },
    expect: { r: { 0: 0xffff8000 } },
    cycles: { m4: 2, m7: 1 },
  },
  {
    name: 'LDRSB.W imm12',
    asm: ['ldrsb.w r0, [r1, #10]'],
    given: { r: { 1: R }, mem: WORDS },
    expect: { r: { 0: 0xfffffffe } },
    cycles: { m4: 2, m7: 1 },
  },
  {
    name: 'LDRB.W imm8 negative',
    asm: ['ldrb r0, [r1, #-1]'],
    given: { r: { 1: R + 8 }, mem: WORDS },
    expect: { r: { 0: 0x12 } },
    cycles: { m4: 2, m7: 1 },
  },
  {
    // Cortex-M4 TRM 3.3.2: a byte-aligned halfword is two byte transfers, one extra cycle.
    name: 'LDRH.W unaligned: 2+1',
    asm: ['ldrh.w r0, [r1, #1]'],
    given: { r: { 1: R }, mem: WORDS },
    expect: { r: { 0: 0x3322 } },
    cycles: { m4: 3, m7: 2 },
  },
  {
    // A halfword-aligned word is two halfword transfers, one extra cycle.
    name: 'LDR.W unaligned: 2+1',
    asm: ['ldr.w r0, [r1, #2]'],
    given: { r: { 1: R }, mem: WORDS },
    expect: { r: { 0: 0x56784433 } },
    cycles: { m4: 3, m7: 2 },
  },
  {
    name: 'LDR.W literal',
    asm: ['ldr.w r0, =0xcafebabe'],
    expect: { r: { 0: 0xcafebabe } },
    cycles: { m4: 2, m7: 1 },
  },
  {
    name: 'LDRB.W literal',
    asm: ['ldrb.w r0, lit', 'b.w done', '.align 2', 'lit: .word 0x000000f1', 'done:'],
    expect: { r: { 0: 0xf1 } },
    cycles: { m4: 4, m7: 3 },
  },
  {
    name: 'PLD is a hint',
    asm: ['pld [r1, #64]'],
    given: { r: { 1: R } },
    expect: { r: { 1: R } },
    cycles: { m4: 1, m7: 1 },
  },
  {
    name: 'STR.W imm12 is one cycle',
    asm: ['str.w r0, [r1, #4]'],
    given: { r: { 0: 0xa1b2c3d4, 1: R } },
    expect: { mem: [[R + 4, [0xd4, 0xc3, 0xb2, 0xa1]]] },
    cycles: { m4: 1, m7: 1 },
  },
  {
    name: 'STR; LDR pipeline',
    asm: ['str.w r0, [r1, #4]', 'ldr.w r2, [r1, #4]'],
    given: { r: { 0: 7, 1: R } },
    expect: { r: { 2: 7 } },
    cycles: { m4: 2, m7: 2 },
  },
  {
    name: 'STRB.W register offset',
    asm: ['strb.w r0, [r1, r2]'],
    given: { r: { 0: 0x1ff, 1: R, 2: 3 } },
    expect: { mem: [[R, [0, 0, 0, 0xff, 0]]] },
    cycles: { m4: 2, m7: 1 },
  },
  {
    name: 'nothing pipelines behind STR register offset',
    asm: ['str.w r0, [r1, r2]', 'ldr.w r3, [r1, r2]'],
    given: { r: { 0: 9, 1: R, 2: 8 } },
    expect: { r: { 3: 9 } },
    cycles: { m4: 4, m7: 2 },
  },
  {
    // STR immediate 1, plus one extra transfer for the byte-aligned halfword (TRM 3.3.2).
    name: 'STRH pre-indexed writeback, unaligned: 1+1',
    asm: ['strh r0, [r1, #-3]!'],
    given: { r: { 0: 0xbeef, 1: R + 8 } },
    expect: { r: { 1: R + 5 }, mem: [[R + 4, [0, 0xef, 0xbe, 0]]] },
    cycles: { m4: 2, m7: 2 },
  },
  {
    name: 'LDRD imm',
    asm: ['ldrd r0, r1, [r2, #4]'],
    given: { r: { 2: R }, mem: WORDS },
    expect: { r: { 0: 0x12345678, 1: 0xfffe8000 } },
    cycles: { m4: 3, m7: 2 },
  },
  {
    name: 'STRD post-indexed',
    asm: ['strd r0, r1, [r2], #8'],
    given: { r: { 0: 1, 1: 2, 2: R } },
    expect: { r: { 2: R + 8 }, mem: [[R, [1, 0, 0, 0, 2, 0, 0, 0]]] },
    cycles: { m4: 3, m7: 2 },
  },
  {
    name: 'LDRD literal',
    asm: ['ldrd r0, r1, lit', 'b.w done', '.align 2', 'lit: .word 5, 6', 'done:'],
    expect: { r: { 0: 5, 1: 6 } },
    cycles: { m4: 5, m7: 4 },
  },
  {
    name: 'LDMIA.W with writeback',
    asm: ['ldmia.w r0!, {r1, r2, r8}'],
    given: { r: { 0: R + 4 }, mem: WORDS },
    expect: { r: { 0: R + 16, 1: 0x12345678, 2: 0xfffe8000, 8: 0xdeadbeef } },
    cycles: { m4: 4, m7: 4 },
  },
  {
    name: 'STMDB with writeback (PUSH.W shape)',
    asm: ['stmdb r0!, {r1, r2, r8}'],
    given: { r: { 0: R + 12, 1: 1, 2: 2, 8: 8 } },
    expect: { r: { 0: R }, mem: [[R, [1, 0, 0, 0, 2, 0, 0, 0, 8, 0, 0, 0]]] },
    cycles: { m4: 4, m7: 4 },
  },
  {
    name: 'PUSH.W; POP.W',
    asm: ['push.w {r4, r8, lr}', 'pop.w {r5, r9, r10}'],
    given: { r: { 4: 4, 8: 8, 14: 14 } },
    expect: { r: { 5: 4, 9: 8, 10: 14, 13: 0x20008000 } },
    cycles: { m4: 8, m7: 8 },
  },
  {
    name: 'LDREX; STREX succeeds',
    asm: ['ldrex r0, [r1]', 'strex r2, r3, [r1]'],
    given: { r: { 1: R, 3: 0x55 }, mem: WORDS },
    expect: { r: { 0: 0x44332211, 2: 0 }, mem: [[R, [0x55, 0, 0, 0]]] },
    cycles: { m4: 4, m7: 4 },
  },
  {
    name: 'STREX without LDREX fails',
    asm: ['strex r2, r3, [r1]'],
    given: { r: { 1: R, 3: 0x55 }, mem: WORDS },
    expect: { r: { 2: 1 }, mem: [[R, [0x11, 0x22]]] },
    cycles: { m4: 2, m7: 2 },
  },
  {
    name: 'CLREX clears the monitor',
    asm: ['ldrex r0, [r1, #4]', 'clrex', 'strex r2, r3, [r1, #4]'],
    given: { r: { 1: R, 3: 0x55 }, mem: WORDS },
    expect: { r: { 2: 1 }, mem: [[R + 4, [0x78]]] },
    cycles: { m4: 5, m7: 5 },
  },
  {
    name: 'LDREXB; STREXH to another address fails',
    asm: ['ldrexb r0, [r1]', 'strexh r2, r3, [r4]'],
    given: { r: { 1: R + 3, 3: 0x55, 4: R + 8 }, mem: WORDS },
    expect: { r: { 0: 0x44, 2: 1 } },
    cycles: { m4: 4, m7: 4 },
  },
  {
    name: 'LDREXH; STREXH',
    asm: ['ldrexh r0, [r1]', 'strexh r2, r3, [r1]'],
    given: { r: { 1: R + 2, 3: 0xabcd }, mem: WORDS },
    expect: { r: { 0: 0x4433, 2: 0 }, mem: [[R + 2, [0xcd, 0xab]]] },
    cycles: { m4: 4, m7: 4 },
  },
];

/** A literal load with U = 0 and imm12[11:6] = 0 shares its encoding with the register form. */
MEMORY.push({
  name: 'LDR.W literal, negative offset',
  asm: ['b.w start', 'lit: .word 0x600dcafe', 'start: ldr.w r0, [pc, #-8]'],
  expect: { r: { 0: 0x600dcafe } },
  cycles: { m4: 4, m7: 3 },
});
