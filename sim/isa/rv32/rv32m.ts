/**
 * M extension: multiply and divide (Unprivileged spec ch. 7). Division by zero and INT_MIN / -1 give
 * the spec's results (table 7.1), never a trap. The high-half products are computed with 16-bit
 * limbs so the inner loop allocates nothing (no BigInt).
 */
import type { Hart, Decoded, TableEntry, TimingClass } from './types.js';
import { Timing } from './types.js';
import { MASK_F7F3, op32 } from './formats.js';

const { MUL, MULH, DIV, DIV_SIGN_FIX } = Timing;

/** High 32 bits of the unsigned 64-bit product of a and b (both taken as uint32). */
export function mulhu(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + Math.floor(mid / 0x10000)) | 0;
}

/** Signed x signed high half: the unsigned one corrected for each negative operand. */
export const mulh = (a: number, b: number): number =>
  (mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;

/** Signed x unsigned high half. */
export const mulhsu = (a: number, b: number): number => (mulhu(a, b) - (a < 0 ? b : 0)) | 0;

function divide(h: Hart, d: Decoded, signed: boolean, remainder: boolean): TimingClass {
  const a = h.x[d.rs1]!;
  const b = h.x[d.rs2]!;
  let r: number;
  if (b === 0) r = remainder ? a : -1;
  else if (signed) r = remainder ? (a % b) | 0 : (a / b) | 0;
  else r = remainder ? (a >>> 0) % (b >>> 0) : Math.floor((a >>> 0) / (b >>> 0));
  h.x[d.rd] = r;
  if (!signed) return DIV;
  // The sequential divider works on magnitudes; negating the result costs one more cycle
  // (Hazard3 "18 or 19 depending on sign correction").
  const negate = remainder ? a < 0 : a < 0 !== b < 0;
  return negate ? DIV_SIGN_FIX : DIV;
}

export const RV32M: TableEntry[] = [
  op32('mul', 0x2000033, MASK_F7F3, 'm', 'R', (h, d) => {
    h.x[d.rd] = Math.imul(h.x[d.rs1]!, h.x[d.rs2]!);
    return MUL;
  }),
  op32('mulh', 0x2001033, MASK_F7F3, 'm', 'R', (h, d) => {
    h.x[d.rd] = mulh(h.x[d.rs1]!, h.x[d.rs2]!);
    return MULH;
  }),
  op32('mulhsu', 0x2002033, MASK_F7F3, 'm', 'R', (h, d) => {
    h.x[d.rd] = mulhsu(h.x[d.rs1]!, h.x[d.rs2]!);
    return MULH;
  }),
  op32('mulhu', 0x2003033, MASK_F7F3, 'm', 'R', (h, d) => {
    h.x[d.rd] = mulhu(h.x[d.rs1]!, h.x[d.rs2]!);
    return MULH;
  }),
  op32('div', 0x2004033, MASK_F7F3, 'm', 'R', (h, d) => divide(h, d, true, false)),
  op32('divu', 0x2005033, MASK_F7F3, 'm', 'R', (h, d) => divide(h, d, false, false)),
  op32('rem', 0x2006033, MASK_F7F3, 'm', 'R', (h, d) => divide(h, d, true, true)),
  op32('remu', 0x2007033, MASK_F7F3, 'm', 'R', (h, d) => divide(h, d, false, true)),
];
