/**
 * Single-precision arithmetic helpers for the FPU exec functions (ARM DDI0403E A2.5): rounding to
 * integers, VFPExpandImm, a correctly rounded fused multiply-add. JS computes in double precision;
 * for +, -, *, /, sqrt of float32 operands, rounding the double result to float32 (Math.fround) is
 * correctly rounded (double has more than 2 * 24 + 2 significand bits), so only FMA needs care.
 * Not modelled: flush-to-zero (FPSCR.FZ), default-NaN mode and NaN payload propagation (results
 * are the host's quiet NaN), the IXC/UFC/OFC/IDC cumulative flags.
 */

const scratchF = new Float32Array(1);
const scratchU = new Uint32Array(scratchF.buffer);

export function floatBits(x: number): number {
  scratchF[0] = x;
  return scratchU[0]!;
}

export function bitsFloat(bits: number): number {
  scratchU[0] = bits >>> 0;
  return scratchF[0]!;
}

/** FPSCR.RMode values (bits 23:22). */
export const RMODE = { nearest: 0, plusInfinity: 1, minusInfinity: 2, zero: 3 } as const;

/** Round to an integral value in a rounding mode; ties to even for 'nearest', away for 'away'. */
export function roundIntegral(x: number, mode: number | 'away'): number {
  if (!Number.isFinite(x)) return x;
  if (mode === 'away') return Math.sign(x) * Math.round(Math.abs(x));
  switch (mode) {
    case RMODE.plusInfinity:
      return Math.ceil(x);
    case RMODE.minusInfinity:
      return Math.floor(x);
    case RMODE.zero:
      return Math.trunc(x);
    default: {
      const floor = Math.floor(x);
      const diff = x - floor;
      if (diff < 0.5) return floor;
      if (diff > 0.5) return floor + 1;
      return floor % 2 === 0 ? floor : floor + 1;
    }
  }
}

/** Result of `toFixed32`: whether the conversion was invalid (NaN or out of range): FPSCR.IOC. */
export let conversionInvalid = false;

/** FPToFixed for 32-bit results: round, then saturate; NaN converts to 0. Returns the bits. */
export function toFixed32(x: number, signed: boolean, mode: number | 'away'): number {
  conversionInvalid = false;
  if (Number.isNaN(x)) {
    conversionInvalid = true;
    return 0;
  }
  const r = roundIntegral(x, mode);
  const min = signed ? -2147483648 : 0;
  const max = signed ? 2147483647 : 4294967295;
  if (r < min || r > max) {
    conversionInvalid = true;
    return (r < min ? min : max) >>> 0;
  }
  return r >>> 0;
}

/** VFPExpandImm (A6.4.1) for single precision. */
export function expandImmediate(imm8: number): number {
  const b6 = (imm8 >>> 6) & 1;
  const exponent = ((b6 ^ 1) << 7) | (b6 !== 0 ? 0x7c : 0) | ((imm8 >>> 4) & 3);
  return ((imm8 >>> 7) << 31) | (exponent << 23) | ((imm8 & 0xf) << 19);
}

/**
 * a * b + c rounded once to float32 (FPMulAdd with fused = TRUE). The product of two floats is
 * exact in double; the double sum s may be off the exact sum by e (TwoSum). Rounding s to float is
 * right unless s falls exactly halfway between two floats, where e decides the direction.
 */
export function fusedMultiplyAdd(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  if (!Number.isFinite(s)) return Math.fround(s);
  const bv = s - p;
  const e = p - (s - bv) + (c - bv);
  const r = Math.fround(s);
  if (e === 0 || r === s) return r;
  const other = nextFloatToward(r, s - r);
  if (Math.abs(s - r) !== Math.abs(other - s)) return r; // not a midpoint: r is right
  return e > 0 === other > r ? other : r;
}

/** The float next to `x` in the direction of the sign of `direction`. */
function nextFloatToward(x: number, direction: number): number {
  if (x === 0) return bitsFloat(direction > 0 ? 1 : 0x80000001);
  return bitsFloat(floatBits(x) + (x > 0 === direction > 0 ? 1 : -1));
}
