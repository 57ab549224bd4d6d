/**
 * 64-bit integer arithmetic on pairs of 32-bit halves, without BigInt (no allocation per
 * instruction). Results come back in `hi`/`lo` of the module (read them right after the call).
 */

export const wide = { hi: 0, lo: 0 };

const TWO_32 = 4294967296;

/** Unsigned or signed 32 x 32 -> 64 multiply of two register values. */
export function multiply64(a: number, b: number, signed: boolean): void {
  a >>>= 0;
  b >>>= 0;
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const mid1 = ah * bl;
  const mid2 = al * bh;
  const low = al * bl + (mid1 % 65536) * 65536 + (mid2 % 65536) * 65536;
  let hi = ah * bh + Math.floor(mid1 / 65536) + Math.floor(mid2 / 65536) + Math.floor(low / TWO_32);
  if (signed) {
    if (a >>> 31 !== 0) hi -= b;
    if (b >>> 31 !== 0) hi -= a;
  }
  wide.hi = hi >>> 0;
  wide.lo = low >>> 0;
}

/** (hi:lo) + (addHi:addLo), modulo 2^64. */
export function add64(hi: number, lo: number, addHi: number, addLo: number): void {
  const sum = (lo >>> 0) + (addLo >>> 0);
  wide.lo = sum >>> 0;
  wide.hi = ((hi >>> 0) + (addHi >>> 0) + (sum >= TWO_32 ? 1 : 0)) >>> 0;
}

/** (hi:lo) - (subHi:subLo), modulo 2^64. */
export function sub64(hi: number, lo: number, subHi: number, subLo: number): void {
  const diff = (lo >>> 0) - (subLo >>> 0);
  wide.lo = diff >>> 0;
  wide.hi = ((hi >>> 0) - (subHi >>> 0) - (diff < 0 ? 1 : 0)) >>> 0;
}

/** Adds a signed 32-bit number (sign-extended to 64 bits) to hi:lo. */
export function addSigned64(hi: number, lo: number, value: number): void {
  add64(hi, lo, value < 0 ? 0xffffffff : 0, value >>> 0);
}
