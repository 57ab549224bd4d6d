/**
 * Compressed instructions: Zca (the C extension without floating point, Unprivileged spec ch. 16,
 * RV32 encodings) and Zcb (Code Size Reduction extensions 1.0). Each 16-bit entry expands into the
 * operands of its 32-bit equivalent and runs that instruction's semantics.
 */
import type { Exec, Operands, Rv32Extension, TableEntry } from './types.js';
import { RV32I } from './rv32i.js';
import { RV32M } from './rv32m.js';
import { ZBB } from './zb.js';

const bits = (w: number, hi: number, lo: number): number => (w >>> lo) & ((1 << (hi - lo + 1)) - 1);
const bit = (w: number, i: number): number => (w >>> i) & 1;
const sext = (v: number, width: number): number => (v << (32 - width)) >> (32 - width);

const rdFull = (w: number): number => bits(w, 11, 7);
const rs2Full = (w: number): number => bits(w, 6, 2);
/** rd'/rs2' (bits 4:2) and rs1' (bits 9:7) name x8..x15. */
const rdPrime = (w: number): number => 8 + bits(w, 4, 2);
const rs1Prime = (w: number): number => 8 + bits(w, 9, 7);

const immCI = (w: number): number => sext((bit(w, 12) << 5) | bits(w, 6, 2), 6);
const uimmCLW = (w: number): number => (bits(w, 12, 10) << 3) | (bit(w, 6) << 2) | (bit(w, 5) << 6);
const immCJ = (w: number): number =>
  sext(
    (bit(w, 12) << 11) |
      (bit(w, 11) << 4) |
      (bits(w, 10, 9) << 8) |
      (bit(w, 8) << 10) |
      (bit(w, 7) << 6) |
      (bit(w, 6) << 7) |
      (bits(w, 5, 3) << 1) |
      (bit(w, 2) << 5),
    12,
  );
const immCB = (w: number): number =>
  sext(
    (bit(w, 12) << 8) |
      (bits(w, 11, 10) << 3) |
      (bits(w, 6, 5) << 6) |
      (bits(w, 4, 3) << 1) |
      (bit(w, 2) << 5),
    9,
  );

const ops = (rd: number, rs1: number, rs2: number, imm: number): Operands => ({
  rd,
  rs1,
  rs2,
  imm,
});

const BASE = new Map<string, TableEntry>([...RV32I, ...RV32M, ...ZBB].map((e) => [e.mnemonic, e]));
function semanticsOf(mnemonic: string): { exec: Exec; uses: number } {
  const e = BASE.get(mnemonic);
  if (e === undefined) throw new Error(`rvc: no base instruction ${mnemonic}`);
  return e;
}

/** A 16-bit entry running `base`'s semantics on the expanded operands. */
function c16(
  mnemonic: string,
  match: number,
  mask: number,
  base: string,
  operands: (w: number) => Operands | undefined,
  ext: Rv32Extension = 'zca',
): TableEntry {
  const { exec, uses } = semanticsOf(base);
  return { mnemonic, match, mask, ext, exec, operands, uses, size: 2 };
}

export const ZCA: TableEntry[] = [
  // Quadrant 0
  c16('c.addi4spn', 0x0000, 0xe003, 'addi', (w) => {
    const imm =
      (bits(w, 12, 11) << 4) | (bits(w, 10, 7) << 6) | (bit(w, 6) << 2) | (bit(w, 5) << 3);
    return imm === 0 ? undefined : ops(rdPrime(w), 2, 0, imm);
  }),
  c16('c.lw', 0x4000, 0xe003, 'lw', (w) => ops(rdPrime(w), rs1Prime(w), 0, uimmCLW(w))),
  c16('c.sw', 0xc000, 0xe003, 'sw', (w) => ops(0, rs1Prime(w), rdPrime(w), uimmCLW(w))),
  // Quadrant 1
  c16('c.addi', 0x0001, 0xe003, 'addi', (w) => ops(rdFull(w), rdFull(w), 0, immCI(w))),
  c16('c.jal', 0x2001, 0xe003, 'jal', (w) => ops(1, 0, 0, immCJ(w))),
  c16('c.li', 0x4001, 0xe003, 'addi', (w) => ops(rdFull(w), 0, 0, immCI(w))),
  c16('c.addi16sp', 0x6101, 0xef83, 'addi', (w) => {
    const imm = sext(
      (bit(w, 12) << 9) |
        (bit(w, 6) << 4) |
        (bit(w, 5) << 6) |
        (bits(w, 4, 3) << 7) |
        (bit(w, 2) << 5),
      10,
    );
    return imm === 0 ? undefined : ops(2, 2, 0, imm);
  }),
  c16('c.lui', 0x6001, 0xe003, 'lui', (w) => {
    const imm = immCI(w) << 12;
    return imm === 0 ? undefined : ops(rdFull(w), 0, 0, imm);
  }),
  c16('c.srli', 0x8001, 0xfc03, 'srli', (w) => ops(rs1Prime(w), rs1Prime(w), 0, bits(w, 6, 2))),
  c16('c.srai', 0x8401, 0xfc03, 'srai', (w) => ops(rs1Prime(w), rs1Prime(w), 0, bits(w, 6, 2))),
  c16('c.andi', 0x8801, 0xec03, 'andi', (w) => ops(rs1Prime(w), rs1Prime(w), 0, immCI(w))),
  c16('c.sub', 0x8c01, 0xfc63, 'sub', (w) => ops(rs1Prime(w), rs1Prime(w), rdPrime(w), 0)),
  c16('c.xor', 0x8c21, 0xfc63, 'xor', (w) => ops(rs1Prime(w), rs1Prime(w), rdPrime(w), 0)),
  c16('c.or', 0x8c41, 0xfc63, 'or', (w) => ops(rs1Prime(w), rs1Prime(w), rdPrime(w), 0)),
  c16('c.and', 0x8c61, 0xfc63, 'and', (w) => ops(rs1Prime(w), rs1Prime(w), rdPrime(w), 0)),
  c16('c.j', 0xa001, 0xe003, 'jal', (w) => ops(0, 0, 0, immCJ(w))),
  c16('c.beqz', 0xc001, 0xe003, 'beq', (w) => ops(0, rs1Prime(w), 0, immCB(w))),
  c16('c.bnez', 0xe001, 0xe003, 'bne', (w) => ops(0, rs1Prime(w), 0, immCB(w))),
  // Quadrant 2 (c.slli: shamt[5] = 1 is reserved on RV32)
  c16('c.slli', 0x0002, 0xf003, 'slli', (w) => ops(rdFull(w), rdFull(w), 0, bits(w, 6, 2))),
  c16('c.lwsp', 0x4002, 0xe003, 'lw', (w) => {
    const imm = (bit(w, 12) << 5) | (bits(w, 6, 4) << 2) | (bits(w, 3, 2) << 6);
    return rdFull(w) === 0 ? undefined : ops(rdFull(w), 2, 0, imm);
  }),
  c16('c.jr', 0x8002, 0xf07f, 'jalr', (w) =>
    rdFull(w) === 0 ? undefined : ops(0, rdFull(w), 0, 0),
  ),
  c16('c.mv', 0x8002, 0xf003, 'add', (w) => ops(rdFull(w), 0, rs2Full(w), 0)),
  c16('c.ebreak', 0x9002, 0xffff, 'ebreak', () => ops(0, 0, 0, 0)),
  c16('c.jalr', 0x9002, 0xf07f, 'jalr', (w) => ops(1, rdFull(w), 0, 0)),
  c16('c.add', 0x9002, 0xf003, 'add', (w) => ops(rdFull(w), rdFull(w), rs2Full(w), 0)),
  c16('c.swsp', 0xc002, 0xe003, 'sw', (w) =>
    ops(0, 2, rs2Full(w), (bits(w, 12, 9) << 2) | (bits(w, 8, 7) << 6)),
  ),
];

const zcb = (
  mnemonic: string,
  match: number,
  mask: number,
  base: string,
  operands: (w: number) => Operands,
) => c16(mnemonic, match, mask, base, operands, 'zcb');

/** Zcb. c.sext.*, c.zext.h need Zbb and c.mul needs M: the core models that enable Zcb have both. */
export const ZCB: TableEntry[] = [
  zcb('c.lbu', 0x8000, 0xfc03, 'lbu', (w) =>
    ops(rdPrime(w), rs1Prime(w), 0, bit(w, 6) | (bit(w, 5) << 1)),
  ),
  zcb('c.lhu', 0x8400, 0xfc43, 'lhu', (w) => ops(rdPrime(w), rs1Prime(w), 0, bit(w, 5) << 1)),
  zcb('c.lh', 0x8440, 0xfc43, 'lh', (w) => ops(rdPrime(w), rs1Prime(w), 0, bit(w, 5) << 1)),
  zcb('c.sb', 0x8800, 0xfc03, 'sb', (w) =>
    ops(0, rs1Prime(w), rdPrime(w), bit(w, 6) | (bit(w, 5) << 1)),
  ),
  zcb('c.sh', 0x8c00, 0xfc43, 'sh', (w) => ops(0, rs1Prime(w), rdPrime(w), bit(w, 5) << 1)),
  zcb('c.zext.b', 0x9c61, 0xfc7f, 'andi', (w) => ops(rs1Prime(w), rs1Prime(w), 0, 0xff)),
  zcb('c.sext.b', 0x9c65, 0xfc7f, 'sext.b', (w) => ops(rs1Prime(w), rs1Prime(w), 0, 0)),
  zcb('c.zext.h', 0x9c69, 0xfc7f, 'zext.h', (w) => ops(rs1Prime(w), rs1Prime(w), 0, 0)),
  zcb('c.sext.h', 0x9c6d, 0xfc7f, 'sext.h', (w) => ops(rs1Prime(w), rs1Prime(w), 0, 0)),
  zcb('c.not', 0x9c75, 0xfc7f, 'xori', (w) => ops(rs1Prime(w), rs1Prime(w), 0, -1)),
  zcb('c.mul', 0x9c41, 0xfc63, 'mul', (w) => ops(rs1Prime(w), rs1Prime(w), rdPrime(w), 0)),
];
