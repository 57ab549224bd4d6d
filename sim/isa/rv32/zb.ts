/**
 * Bit manipulation: Zba, Zbb and Zbs (RISC-V Bit-Manipulation ISA-extensions 1.0.0), RV32 encodings.
 * Hazard3 implements all three; every instruction here is one ALU cycle on it.
 */
import type { TableEntry } from './types.js';
import { Timing } from './types.js';
import { MASK_F12F3, MASK_F7F3, op32 } from './formats.js';

const { ALU } = Timing;

function cpop(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) | 0;
}

const ctz = (v: number): number => (v === 0 ? 32 : 31 - Math.clz32(v & -v));

function orcB(v: number): number {
  let r = 0;
  for (let i = 0; i < 32; i += 8) if ((v >>> i) & 0xff) r |= 0xff << i;
  return r;
}

const rev8 = (v: number): number =>
  ((v >>> 24) & 0xff) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24);

const rol = (v: number, n: number): number => (v << (n & 31)) | (v >>> (-n & 31));
const ror = (v: number, n: number): number => (v >>> (n & 31)) | (v << (-n & 31));

export const ZBA: TableEntry[] = [
  op32('sh1add', 0x20002033, MASK_F7F3, 'zba', 'R', (h, d) => {
    h.x[d.rd] = (h.x[d.rs1]! << 1) + h.x[d.rs2]!;
    return ALU;
  }),
  op32('sh2add', 0x20004033, MASK_F7F3, 'zba', 'R', (h, d) => {
    h.x[d.rd] = (h.x[d.rs1]! << 2) + h.x[d.rs2]!;
    return ALU;
  }),
  op32('sh3add', 0x20006033, MASK_F7F3, 'zba', 'R', (h, d) => {
    h.x[d.rd] = (h.x[d.rs1]! << 3) + h.x[d.rs2]!;
    return ALU;
  }),
];

/** A Zbb unary op: `f(rs1)` into rd. */
const unary = (mnemonic: string, match: number, f: (v: number) => number): TableEntry =>
  op32(mnemonic, match, MASK_F12F3, 'zbb', 'R1', (h, d) => ((h.x[d.rd] = f(h.x[d.rs1]!)), ALU));

/** A Zbb/Zbs binary op: `f(rs1, rs2)` into rd. */
const binary = (
  mnemonic: string,
  match: number,
  ext: 'zbb' | 'zbs',
  f: (a: number, b: number) => number,
): TableEntry =>
  op32(mnemonic, match, MASK_F7F3, ext, 'R', (h, d) => {
    h.x[d.rd] = f(h.x[d.rs1]!, h.x[d.rs2]!);
    return ALU;
  });

/** A Zbs/Zbb op with a 5-bit immediate: `f(rs1, shamt)` into rd. */
const withShamt = (
  mnemonic: string,
  match: number,
  ext: 'zbb' | 'zbs',
  f: (a: number, b: number) => number,
): TableEntry =>
  op32(mnemonic, match, MASK_F7F3, ext, 'SHAMT', (h, d) => {
    h.x[d.rd] = f(h.x[d.rs1]!, d.imm);
    return ALU;
  });

export const ZBB: TableEntry[] = [
  binary('andn', 0x40007033, 'zbb', (a, b) => a & ~b),
  binary('orn', 0x40006033, 'zbb', (a, b) => a | ~b),
  binary('xnor', 0x40004033, 'zbb', (a, b) => ~(a ^ b)),
  unary('clz', 0x60001013, (v) => Math.clz32(v)),
  unary('ctz', 0x60101013, ctz),
  unary('cpop', 0x60201013, cpop),
  binary('max', 0x0a006033, 'zbb', (a, b) => (a > b ? a : b)),
  binary('maxu', 0x0a007033, 'zbb', (a, b) => (a >>> 0 > b >>> 0 ? a : b)),
  binary('min', 0x0a004033, 'zbb', (a, b) => (a < b ? a : b)),
  binary('minu', 0x0a005033, 'zbb', (a, b) => (a >>> 0 < b >>> 0 ? a : b)),
  unary('sext.b', 0x60401013, (v) => (v << 24) >> 24),
  unary('sext.h', 0x60501013, (v) => (v << 16) >> 16),
  unary('zext.h', 0x08004033, (v) => v & 0xffff),
  binary('rol', 0x60001033, 'zbb', rol),
  binary('ror', 0x60005033, 'zbb', ror),
  withShamt('rori', 0x60005013, 'zbb', ror),
  unary('orc.b', 0x28705013, orcB),
  unary('rev8', 0x69805013, rev8),
];

export const ZBS: TableEntry[] = [
  binary('bclr', 0x48001033, 'zbs', (a, b) => a & ~(1 << (b & 31))),
  withShamt('bclri', 0x48001013, 'zbs', (a, b) => a & ~(1 << b)),
  binary('bext', 0x48005033, 'zbs', (a, b) => (a >>> (b & 31)) & 1),
  withShamt('bexti', 0x48005013, 'zbs', (a, b) => (a >>> b) & 1),
  binary('binv', 0x68001033, 'zbs', (a, b) => a ^ (1 << (b & 31))),
  withShamt('binvi', 0x68001013, 'zbs', (a, b) => a ^ (1 << b)),
  binary('bset', 0x28001033, 'zbs', (a, b) => a | (1 << (b & 31))),
  withShamt('bseti', 0x28001013, 'zbs', (a, b) => a | (1 << b)),
];

export { cpop, ctz, orcB, rev8 };
