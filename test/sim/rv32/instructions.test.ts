/**
 * One behaviour per test: results and exact cycles on every RV32 core model. Programs end in a bare
 * `ebreak` (no handler), so `cycles` counts everything before it (run.ts removes its trap price).
 * Hazard3 prices: doc/sections/instruction_timings.adoc; the ESP models differ only in branches.
 */
import { describe, expect, it } from 'vitest';
import type { ModelName } from './run.js';
import { MODELS, runToEbreak, u32 } from './run.js';

interface Case {
  name: string;
  src: string;
  /** Expected register values (ABI name -> value, compared as uint32). */
  regs: Record<string, number>;
  /** Cycles on hazard3; `esp` when the ESP models differ. */
  cycles: number;
  esp?: number;
}

const R: Record<string, number> = { ra: 1, sp: 2, t0: 5, t1: 6, t2: 7, s0: 8, s1: 9, a0: 10, a1: 11, a2: 12, a3: 13, a4: 14, a5: 15 }; // prettier-ignore

function check(model: ModelName, c: Case): void {
  const r = runToEbreak(
    MODELS[model],
    `${c.src}\n ebreak\n .balign 4\ndata: .word 0x80402010, 0xfedcba98, 0, 0`,
  );
  for (const [name, v] of Object.entries(c.regs))
    expect(u32(r.x[R[name]!]!), `${name}`).toBe(u32(v));
  expect(r.cycles, 'cycles').toBe(model === 'hazard3' ? c.cycles : (c.esp ?? c.cycles));
}

const RV32I: Case[] = [
  { name: 'addi/add', src: 'li a0, 5\n li a1, -7\n add a2, a0, a1', regs: { a2: -2 }, cycles: 3 },
  {
    name: 'li of a large value is lui + addi',
    src: 'li a0, 0x12345fff',
    regs: { a0: 0x12345fff },
    cycles: 2,
  },
  {
    name: 'sub wraps',
    src: 'li a0, 0\n li a1, 1\n sub a2, a0, a1',
    regs: { a2: 0xffffffff },
    cycles: 3,
  },
  {
    name: 'slt/sltu',
    src: 'li a0, -1\n li a1, 1\n slt a2, a0, a1\n sltu a3, a0, a1',
    regs: { a2: 1, a3: 0 },
    cycles: 4,
  },
  {
    name: 'slti/sltiu sign-extend the immediate',
    src: 'li a0, 5\n slti a1, a0, -1\n sltiu a2, a0, -1',
    regs: { a1: 0, a2: 1 },
    cycles: 3,
  },
  {
    name: 'xor/or/and + immediates',
    src: 'li a0, 0x0f0\n xori a1, a0, -1\n ori a2, a0, 0x00f\n andi a3, a0, 0x030',
    regs: { a1: 0xffffff0f, a2: 0xff, a3: 0x30 },
    cycles: 4,
  },
  {
    name: 'shifts use the low 5 bits',
    src: 'li a0, -16\n li a1, 33\n sll a2, a0, a1\n srl a3, a0, a1\n sra a4, a0, a1',
    regs: { a2: -32, a3: 0x7ffffff8, a4: -8 },
    cycles: 5,
  },
  {
    name: 'shift immediates',
    src: 'li a0, 0x80000000\n slli a1, a0, 1\n srli a2, a0, 31\n srai a3, a0, 31',
    regs: { a1: 0, a2: 1, a3: -1 },
    cycles: 4,
  },
  {
    name: 'lui/auipc',
    src: 'lui a0, 0xfffff\n auipc a1, 1',
    regs: { a0: 0xfffff000, a1: 0x80001004 },
    cycles: 2,
  },
  {
    name: 'writes to x0 are dropped',
    src: 'li x0, 5\n addi a0, x0, 0',
    regs: { a0: 0 },
    cycles: 2,
  },
  {
    name: 'loads: signed and unsigned widths',
    src: 'la a5, data\n lb a0, 3(a5)\n lbu a1, 3(a5)\n lh a2, 6(a5)\n lhu a3, 6(a5)\n lw a4, 4(a5)',
    regs: { a0: 0xffffff80, a1: 0x80, a2: 0xfffffedc, a3: 0xfedc, a4: 0xfedcba98 },
    cycles: 7,
  },
  {
    name: 'load-use: +1 when the next instruction reads the result',
    src: 'la a5, data\n lw a0, 0(a5)\n addi a0, a0, 1',
    regs: { a0: 0x80402011 },
    cycles: 5,
  },
  {
    name: 'load -> store data: no bubble',
    src: 'la a5, data\n lw a0, 0(a5)\n sw a0, 8(a5)\n lw a1, 8(a5)',
    regs: { a1: 0x80402010 },
    cycles: 5,
  },
  {
    name: 'load -> store address: bubble',
    src: 'la a5, data\n addi a0, a5, 8\n li a3, 77\n sw a0, 12(a5)\n lw a1, 12(a5)\n sw a3, 0(a1)\n lw a2, 8(a5)',
    regs: { a2: 77 },
    cycles: 9,
  },
  {
    name: 'sb/sh/sw',
    src: 'la a5, data\n li a0, -1\n sw x0, 8(a5)\n sb a0, 8(a5)\n sh a0, 10(a5)\n lw a1, 8(a5)',
    regs: { a1: 0xffff00ff },
    cycles: 7,
  },
  {
    name: 'jal links and jumps (2)',
    src: 'jal ra, t\n li a0, 9\nt: li a1, 1',
    regs: { ra: 0x80000004, a0: 0, a1: 1 },
    cycles: 3,
  },
  {
    name: 'jalr clears bit 0 (2)',
    src: 'la a5, t\n addi a5, a5, 1\n jalr ra, 0(a5)\n li a0, 9\nt: li a1, 1',
    regs: { ra: 0x80000010, a0: 0, a1: 1 },
    cycles: 6,
  },
  {
    name: 'jump to a misaligned 32-bit instruction: +1',
    src: 'jal x0, t\n c.nop\nt: li a0, 1',
    regs: { a0: 1 },
    cycles: 4,
  },
  {
    name: 'jump to a misaligned 16-bit instruction: no penalty',
    src: 'jal x0, t\n c.nop\nt: c.li a0, 1',
    regs: { a0: 1 },
    cycles: 3,
  },
  {
    name: 'beq not taken (1)',
    src: 'li a0, 1\n beq a0, x0, t\n li a1, 2\nt: li a2, 3',
    regs: { a1: 2, a2: 3 },
    cycles: 4,
  },
  {
    name: 'forward taken branch mispredicts (2)',
    src: 'li a0, 1\n bne a0, x0, t\n li a1, 2\nt: li a2, 3',
    regs: { a1: 0, a2: 3 },
    cycles: 4,
  },
  {
    name: 'blt/bge/bltu/bgeu',
    src: 'li a0, -1\n li a1, 1\n blt a1, a0, bad\n bge a0, a1, bad\n bltu a0, a1, bad\n bgeu a1, a0, bad\n li a2, 7\n jal x0, ok\nbad: li a2, 0\nok: nop',
    regs: { a2: 7 },
    cycles: 10,
  },
  // Backward loop, 4 iterations: hazard3 predicts the repeat (2+1+1, then 2 for the exit);
  // the ESP models predict not-taken (2+2+2, exit 1).
  {
    name: 'backward branch prediction',
    src: 'li a0, 4\nloop: addi a0, a0, -1\n bne a0, x0, loop',
    regs: { a0: 0 },
    cycles: 11,
    esp: 12,
  },
  { name: 'fence (1)', src: 'fence\n li a0, 1', regs: { a0: 1 }, cycles: 2 },
  { name: 'fence.i (2)', src: 'fence.i\n li a0, 1', regs: { a0: 1 }, cycles: 3 },
  {
    name: 'a store over the next instruction takes effect (decode cache eviction)',
    src: 'la a5, t\n li a0, 0x00700593\n sw a0, 0(a5)\nt: li a1, 1',
    regs: { a1: 7 },
    cycles: 6,
  },
];

const RV32M: Case[] = [
  {
    name: 'mul (1)',
    src: 'li a0, -3\n li a1, 0x40000001\n mul a2, a0, a1',
    regs: { a2: 0x3ffffffd },
    cycles: 5 - 1,
  },
  {
    name: 'mulh/mulhu/mulhsu (1 each)',
    src: 'li a0, -1\n mulhu a1, a0, a0\n mulh a2, a0, a0\n mulhsu a3, a0, a0\n li a4, 0x80000000\n mulh a5, a4, a4',
    regs: { a1: 0xfffffffe, a2: 0, a3: 0xffffffff, a5: 0x40000000 },
    cycles: 7 - 1,
  },
  {
    name: 'divu/remu (18)',
    src: 'li a0, 7\n li a1, 2\n divu a2, a0, a1\n remu a3, a0, a1',
    regs: { a2: 3, a3: 1 },
    cycles: 38,
  },
  {
    name: 'div/rem with sign correction (19)',
    src: 'li a0, -7\n li a1, 2\n div a2, a0, a1\n rem a3, a0, a1',
    regs: { a2: -3, a3: -1 },
    cycles: 40,
  },
  {
    name: 'div/rem without sign correction (18)',
    src: 'li a0, -7\n li a1, -2\n div a2, a0, a1\n li a0, 7\n rem a3, a0, a1',
    regs: { a2: 3, a3: 1 },
    cycles: 39,
  },
  {
    name: 'division by zero',
    src: 'li a0, 5\n div a2, a0, x0\n rem a3, a0, x0\n divu a4, a0, x0',
    regs: { a2: -1, a3: 5, a4: 0xffffffff },
    cycles: 55,
  },
  {
    name: 'INT_MIN / -1 overflow',
    src: 'li a0, 0x80000000\n li a1, -1\n div a2, a0, a1\n rem a3, a0, a1',
    regs: { a2: 0x80000000, a3: 0 },
    cycles: 39,
  },
];

const RVC: Case[] = [
  {
    name: 'c.li/c.addi/c.mv/c.add (1 each)',
    src: 'c.li a0, -5\n c.addi a0, 3\n c.mv a1, a0\n c.add a1, a0',
    regs: { a0: -2, a1: -4 },
    cycles: 4,
  },
  {
    name: 'c.lui/c.srli/c.srai/c.andi',
    src: 'c.lui a0, 0xfffe0\n c.srai a0, 4\n c.mv a1, a0\n c.srli a1, 28\n c.andi a0, 0x1f',
    regs: { a0: 0, a1: 0xf },
    cycles: 5,
  },
  {
    name: 'c.sub/c.xor/c.or/c.and',
    src: 'c.li a0, 12\n c.li a1, 10\n c.mv a2, a0\n c.sub a2, a1\n c.mv a3, a0\n c.xor a3, a1\n c.mv a4, a0\n c.or a4, a1\n c.and a0, a1',
    regs: { a2: 2, a3: 6, a4: 14, a0: 8 },
    cycles: 9,
  },
  {
    name: 'c.addi16sp/c.addi4spn/c.swsp/c.lwsp',
    src: 'la sp, data\n c.addi16sp sp, 16\n c.li a0, 9\n c.swsp a0, 4(sp)\n c.lwsp a1, 4(sp)\n c.addi4spn a2, sp, 4\n c.lw a3, 0(a2)',
    regs: { a1: 9, a3: 9 },
    cycles: 8,
  },
  {
    name: 'c.lw/c.sw',
    src: 'la s0, data\n c.lw a0, 4(s0)\n c.sw a0, 8(s0)\n c.lw a1, 8(s0)',
    regs: { a1: 0xfedcba98 },
    cycles: 5,
  },
  {
    name: 'c.j/c.jal/c.jr/c.jalr (2 each)',
    src: 'c.jal f\n c.j end\nf: la a5, g\n c.mv t0, ra\n c.jalr a5\n c.jr t0\ng: c.jr ra\nend: c.li a0, 1',
    regs: { a0: 1, t0: 0x80000002 },
    cycles: 14,
  },
  {
    name: 'c.beqz/c.bnez',
    src: 'c.li s0, 0\n c.beqz s0, t\n c.li a0, 9\nt: c.bnez s0, bad\n c.li a1, 1\nbad: c.nop',
    regs: { a0: 0, a1: 1 },
    cycles: 6,
  },
  { name: 'c.slli', src: 'c.li a0, 3\n c.slli a0, 30', regs: { a0: 0xc0000000 }, cycles: 2 },
];

const ZB: Case[] = [
  {
    name: 'sh1add/sh2add/sh3add',
    src: 'li a0, 3\n li a1, 100\n sh1add a2, a0, a1\n sh2add a3, a0, a1\n sh3add a4, a0, a1',
    regs: { a2: 106, a3: 112, a4: 124 },
    cycles: 5,
  },
  {
    name: 'andn/orn/xnor',
    src: 'li a0, 0xff\n li a1, 0x0f\n andn a2, a0, a1\n orn a3, x0, a1\n xnor a4, a0, a1',
    regs: { a2: 0xf0, a3: 0xfffffff0, a4: 0xffffff0f },
    cycles: 5,
  },
  {
    name: 'clz/ctz/cpop',
    src: 'li a0, 0x00f00000\n clz a1, a0\n ctz a2, a0\n cpop a3, a0\n clz a4, x0',
    regs: { a1: 8, a2: 20, a3: 4, a4: 32 },
    cycles: 5,
  },
  {
    name: 'min/max signed and unsigned',
    src: 'li a0, -1\n li a1, 1\n min a2, a0, a1\n max a3, a0, a1\n minu a4, a0, a1\n maxu a5, a0, a1',
    regs: { a2: -1, a3: 1, a4: 1, a5: -1 },
    cycles: 6,
  },
  {
    name: 'sext.b/sext.h/zext.h',
    src: 'li a0, 0x1234f680\n sext.b a1, a0\n sext.h a2, a0\n zext.h a3, a0',
    regs: { a1: 0xffffff80, a2: 0xfffff680, a3: 0xf680 },
    cycles: 5,
  },
  {
    name: 'rol/ror/rori/rev8/orc.b',
    src: 'li a0, 0x12345678\n li a1, 4\n rol a2, a0, a1\n ror a3, a0, a1\n rori a4, a0, 8\n rev8 a5, a0\n li t0, 0x00100200\n orc.b t1, t0',
    regs: { a2: 0x23456781, a3: 0x81234567, a4: 0x78123456, a5: 0x78563412, t1: 0x00ffff00 },
    cycles: 10,
  },
  {
    name: 'bset/bclr/binv/bext (+ immediates)',
    src: 'li a0, 0\n li a1, 31\n bset a2, a0, a1\n bclri a3, a2, 31\n binvi a4, a0, 3\n bext a5, a2, a1\n bseti t0, a0, 1\n binv t1, t0, a1\n bclr t2, t1, a1\n bexti s0, a4, 3',
    regs: { a2: 0x80000000, a3: 0, a4: 8, a5: 1, t0: 2, t1: 0x80000002, t2: 2, s0: 1 },
    cycles: 10,
  },
  {
    name: 'Zcb: c.lbu/c.lh/c.sb/c.sh/c.zext.b/c.sext.b/c.not/c.mul',
    src: 'la a5, data\n c.lbu a0, 3(a5)\n c.lh a1, 2(a5)\n addi a4, a5, 8\n c.sb a0, 0(a4)\n c.sh a1, 2(a4)\n c.lw a2, 0(a4)\n li a3, 0x1ff\n c.zext.b a3\n li a4, 0x80\n c.sext.b a4\n c.not a4\n c.mul a3, a4',
    regs: { a0: 0x80, a1: 0xffff8040, a2: 0x80400080, a3: 0x7f * 0xff, a4: 0x7f },
    cycles: 14,
  },
];

const CORES: ModelName[] = ['hazard3', 'rv32imc-esp', 'rv32imac-esp'];

describe.each(CORES)('RV32I on %s', (model) => {
  it.each(RV32I.map((c) => [c.name, c] as const))('%s', (_n, c) => check(model, c));
});

describe.each(CORES)('RV32M on %s', (model) => {
  it.each(RV32M.map((c) => [c.name, c] as const))('%s', (_n, c) => check(model, c));
});

describe.each(CORES)('Zca on %s', (model) => {
  it.each(RVC.map((c) => [c.name, c] as const))('%s', (_n, c) => check(model, c));
});

describe('Zba/Zbb/Zbs/Zcb on hazard3', () => {
  it.each(ZB.map((c) => [c.name, c] as const))('%s', (_n, c) => check('hazard3', c));
});
