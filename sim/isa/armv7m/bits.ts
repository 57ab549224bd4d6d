/**
 * Bit-level helpers of the ARMv7-M pseudocode (ARM DDI0403E A2.2, A5.3.2, A7.4.2). Pure functions on
 * unsigned 32-bit numbers; the shifter reports its carry-out through `shifterCarry` so that the hot
 * path allocates nothing.
 */

/** Carry-out of the last `shiftC`/`thumbExpandImmC` call (0 or 1). */
export let shifterCarry = 0;

export const SRType = { LSL: 0, LSR: 1, ASR: 2, ROR: 3, RRX: 4 } as const;

/** Shift_C (A2.2.1) of a 32-bit value; `amount` 0 returns the value and keeps `carryIn`. */
export function shiftC(value: number, type: number, amount: number, carryIn: number): number {
  value >>>= 0;
  shifterCarry = carryIn;
  if (amount === 0 && type !== SRType.RRX) return value;
  switch (type) {
    case SRType.LSL:
      if (amount > 32) return (shifterCarry = 0);
      shifterCarry = amount === 32 ? value & 1 : (value >>> (32 - amount)) & 1;
      return amount === 32 ? 0 : (value << amount) >>> 0;
    case SRType.LSR:
      if (amount > 32) return (shifterCarry = 0);
      shifterCarry = (value >>> (amount - 1)) & 1;
      return amount === 32 ? 0 : value >>> amount;
    case SRType.ASR:
      if (amount >= 32) {
        shifterCarry = value >>> 31;
        return ((value | 0) >> 31) >>> 0;
      }
      shifterCarry = (value >>> (amount - 1)) & 1;
      return ((value | 0) >> amount) >>> 0;
    case SRType.ROR: {
      const m = amount & 31;
      const result = m === 0 ? value : ((value >>> m) | (value << (32 - m))) >>> 0;
      shifterCarry = result >>> 31;
      return result;
    }
    default: // RRX
      shifterCarry = value & 1;
      return ((carryIn << 31) | (value >>> 1)) >>> 0;
  }
}

/** DecodeImmShift (A7.4.2) folded into one call: the shifted register operand of an instruction. */
export function shiftImmC(value: number, type: number, imm5: number, carryIn: number): number {
  if (type === SRType.LSL) return shiftC(value, SRType.LSL, imm5, carryIn);
  if (type === SRType.ROR)
    return shiftC(value, imm5 === 0 ? SRType.RRX : SRType.ROR, imm5 || 1, carryIn);
  return shiftC(value, type, imm5 === 0 ? 32 : imm5, carryIn);
}

/** ThumbExpandImm_C (A5.3.2) of the 12-bit i:imm3:imm8 field; sets `shifterCarry`. */
export function thumbExpandImmC(imm12: number, carryIn: number): number {
  const imm8 = imm12 & 0xff;
  shifterCarry = carryIn;
  switch (imm12 >>> 8) {
    case 0:
      return imm8;
    case 1:
      return ((imm8 << 16) | imm8) >>> 0;
    case 2:
      return ((imm8 << 24) | (imm8 << 8)) >>> 0;
    case 3:
      return ((imm8 << 24) | (imm8 << 16) | (imm8 << 8) | imm8) >>> 0;
    default: {
      const unrotated = 0x80 | (imm12 & 0x7f);
      const amount = imm12 >>> 7;
      const result = ((unrotated >>> amount) | (unrotated << (32 - amount))) >>> 0;
      shifterCarry = result >>> 31;
      return result;
    }
  }
}

/** The i:imm3:imm8 field of a 32-bit Thumb instruction word (hw1 << 16 | hw2). */
export function imm12Of(op: number): number {
  return ((op >>> 15) & 0x800) | ((op >>> 4) & 0x700) | (op & 0xff);
}

/** Sign-extends the low `bits` bits of `value`. */
export function signExtend(value: number, bits: number): number {
  const shift = 32 - bits;
  return (value << shift) >> shift;
}

/** SignedSatQ (A2.2.3): clamps a signed integer to `bits` bits; `saturated` says whether it clamped. */
export let saturated = false;
export function signedSat(value: number, bits: number): number {
  const max = 2 ** (bits - 1) - 1;
  const min = -(2 ** (bits - 1));
  saturated = value > max || value < min;
  return value > max ? max : value < min ? min : value;
}

/** UnsignedSatQ (A2.2.3). */
export function unsignedSat(value: number, bits: number): number {
  const max = 2 ** bits - 1;
  saturated = value > max || value < 0;
  return value > max ? max : value < 0 ? 0 : value;
}

/** Number of leading zero bits of a 32-bit value. */
export function countLeadingZeros(value: number): number {
  return Math.clz32(value);
}
