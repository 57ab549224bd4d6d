/**
 * Operand extraction for the 32-bit instruction formats (Unprivileged spec §2.2–2.3: R, I, S, B, U, J)
 * and table-entry builders. Immediates come out sign-extended as int32.
 */
import type { Exec, Operands, Rv32Extension, TableEntry } from './types.js';
import { USES_RS1, USES_RS2 } from './types.js';

export const rdOf = (w: number): number => (w >>> 7) & 31;
export const rs1Of = (w: number): number => (w >>> 15) & 31;
export const rs2Of = (w: number): number => (w >>> 20) & 31;

export const immI = (w: number): number => w >> 20;
export const immS = (w: number): number => ((w >> 25) << 5) | ((w >>> 7) & 0x1f);
export const immB = (w: number): number =>
  ((w >> 31) << 12) |
  (((w >>> 7) & 1) << 11) |
  (((w >>> 25) & 0x3f) << 5) |
  (((w >>> 8) & 0xf) << 1);
export const immU = (w: number): number => w & 0xfffff000;
export const immJ = (w: number): number =>
  ((w >> 31) << 20) |
  (((w >>> 12) & 0xff) << 12) |
  (((w >>> 20) & 1) << 11) |
  (((w >>> 21) & 0x3ff) << 1);

export type Format = 'R' | 'I' | 'S' | 'B' | 'U' | 'J' | 'SHAMT' | 'CSR' | 'CSRI' | 'NONE' | 'R1';

/** Extracts the operands of a 32-bit instruction in the given format. */
export function operandsOf(format: Format): (w: number) => Operands {
  switch (format) {
    case 'R':
    case 'R1':
      return (w) => ({ rd: rdOf(w), rs1: rs1Of(w), rs2: rs2Of(w), imm: 0 });
    case 'I':
      return (w) => ({ rd: rdOf(w), rs1: rs1Of(w), rs2: 0, imm: immI(w) });
    case 'SHAMT':
      return (w) => ({ rd: rdOf(w), rs1: rs1Of(w), rs2: 0, imm: rs2Of(w) });
    case 'S':
      return (w) => ({ rd: 0, rs1: rs1Of(w), rs2: rs2Of(w), imm: immS(w) });
    case 'B':
      return (w) => ({ rd: 0, rs1: rs1Of(w), rs2: rs2Of(w), imm: immB(w) });
    case 'U':
      return (w) => ({ rd: rdOf(w), rs1: 0, rs2: 0, imm: immU(w) });
    case 'J':
      return (w) => ({ rd: rdOf(w), rs1: 0, rs2: 0, imm: immJ(w) });
    case 'CSR':
      // imm = CSR number; rs1 = source register.
      return (w) => ({ rd: rdOf(w), rs1: rs1Of(w), rs2: 0, imm: w >>> 20 });
    case 'CSRI':
      // imm = CSR number; rs1 = the 5-bit zero-extended immediate (uimm).
      return (w) => ({ rd: rdOf(w), rs1: rs1Of(w), rs2: 0, imm: w >>> 20 });
    case 'NONE':
      return () => ({ rd: 0, rs1: 0, rs2: 0, imm: 0 });
  }
}

/** Which source registers a format reads at issue. Stores read rs2 late (store data). */
export function usesOf(format: Format, storeData = false): number {
  switch (format) {
    case 'R':
    case 'B':
      return USES_RS1 | USES_RS2;
    case 'S':
      return storeData ? USES_RS1 : USES_RS1 | USES_RS2;
    case 'I':
    case 'SHAMT':
    case 'CSR':
    case 'R1':
      return USES_RS1;
    default:
      return 0;
  }
}

/** Builds a 32-bit table entry. */
export function op32(
  mnemonic: string,
  match: number,
  mask: number,
  ext: Rv32Extension,
  format: Format,
  exec: Exec,
  uses = usesOf(format),
): TableEntry {
  return { mnemonic, match, mask, ext, exec, operands: operandsOf(format), uses, size: 4 };
}

/** Common masks (Spike's MASK_* shapes): opcode, +funct3, +funct7, whole word. */
export const MASK_OPCODE = 0x0000007f;
export const MASK_F3 = 0x0000707f;
export const MASK_F7F3 = 0xfe00707f;
export const MASK_F12F3 = 0xfff0707f;
export const MASK_ALL = 0xffffffff;
