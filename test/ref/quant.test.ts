import { describe, expect, it } from 'vitest';
import { Prng } from '../../common/prng.js';
import {
  INT32_MAX,
  INT32_MIN,
  activationRange,
  frexp,
  multiplyByQuantizedMultiplierDouble,
  multiplyByQuantizedMultiplierSingle,
  quantizeMultiplier,
  roundHalfAwayFromZero,
  roundingDivideByPOT,
  saturatingRoundingDoublingHighMul,
} from '../../compiler/ref/quant.js';

// BigInt transcriptions of the C definitions (gemmlowp fixedpoint.h, TFLite common.cc), used as the
// oracle for the fast float64 versions.
const I32_MIN = -(2n ** 31n);
const I32_MAX = 2n ** 31n - 1n;
const wrap32 = (v: bigint) => Number(BigInt.asIntN(32, v));

function srdhmBig(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n)); // BigInt division truncates toward zero, as C does
}

function rdbpotBig(x: number, exponent: number): number {
  const mask = (1n << BigInt(exponent)) - 1n;
  const remainder = BigInt(x) & mask;
  const threshold = (mask >> 1n) + (x < 0 ? 1n : 0n);
  return Number((BigInt(x) >> BigInt(exponent)) + (remainder > threshold ? 1n : 0n));
}

function mbqmDoubleBig(x: number, m: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  return rdbpotBig(srdhmBig(wrap32(BigInt(x) << BigInt(left)), m), right);
}

function mbqmSingleBig(x: number, m: number, shift: number): number {
  const total = BigInt(31 - shift);
  return wrap32((BigInt(x) * BigInt(m) + (1n << (total - 1n))) >> total);
}

const EDGES = [
  INT32_MIN,
  INT32_MIN + 1,
  -65537,
  -65536,
  -32768,
  -1,
  0,
  1,
  32767,
  65535,
  65536,
  INT32_MAX - 1,
  INT32_MAX,
];

describe('SaturatingRoundingDoublingHighMul', () => {
  it('saturates INT32_MIN * INT32_MIN to INT32_MAX', () => {
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN)).toBe(INT32_MAX);
  });
  it('rounds halves toward +infinity (gemmlowp nudge)', () => {
    // 2^30 * 1 / 2^31 = 0.5 -> 1; -2^30 * 1 / 2^31 = -0.5 -> 0; -3·2^30 / 2^31 = -1.5 -> -1
    expect(saturatingRoundingDoublingHighMul(1 << 30, 1)).toBe(1);
    expect(saturatingRoundingDoublingHighMul(-(1 << 30), 1)).toBe(0);
    expect(saturatingRoundingDoublingHighMul(-3 * (1 << 30), 1)).toBe(-1);
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MAX)).toBe(-INT32_MAX);
    expect(saturatingRoundingDoublingHighMul(INT32_MAX, INT32_MAX)).toBe(INT32_MAX - 1);
  });
  it('matches the 64-bit definition on edge and random operands', () => {
    for (const a of EDGES)
      for (const b of EDGES) expect(saturatingRoundingDoublingHighMul(a, b)).toBe(srdhmBig(a, b));
    const rng = new Prng(7);
    for (let i = 0; i < 20000; i++) {
      const a = rng.int(INT32_MIN, INT32_MAX);
      const b = rng.int(INT32_MIN, INT32_MAX);
      if (saturatingRoundingDoublingHighMul(a, b) !== srdhmBig(a, b)) expect([a, b]).toBe('equal');
    }
  });
});

describe('RoundingDivideByPOT', () => {
  it('rounds halves away from zero', () => {
    expect(roundingDivideByPOT(5, 1)).toBe(3);
    expect(roundingDivideByPOT(-5, 1)).toBe(-3);
    expect(roundingDivideByPOT(-6, 2)).toBe(-2); // -1.5
    expect(roundingDivideByPOT(-5, 2)).toBe(-1); // -1.25
    expect(roundingDivideByPOT(7, 0)).toBe(7);
    expect(roundingDivideByPOT(INT32_MIN, 31)).toBe(-1);
    expect(roundingDivideByPOT(INT32_MAX, 31)).toBe(1);
    expect(roundingDivideByPOT(1 << 30, 31)).toBe(1); // 0.5 -> 1
    expect(roundingDivideByPOT(-(1 << 30), 31)).toBe(-1); // -0.5 -> -1
  });
  it('matches the definition for every exponent', () => {
    for (let e = 0; e <= 31; e++)
      for (const x of EDGES) expect(roundingDivideByPOT(x, e)).toBe(rdbpotBig(x, e));
  });
});

describe('QuantizeMultiplier', () => {
  it('uses frexp and a Q31 significand', () => {
    expect(quantizeMultiplier(0.5)).toEqual({ multiplier: 1 << 30, shift: 0 });
    expect(quantizeMultiplier(1)).toEqual({ multiplier: 1 << 30, shift: 1 });
    expect(quantizeMultiplier(0.75)).toEqual({ multiplier: 0x60000000, shift: 0 });
    expect(quantizeMultiplier(0)).toEqual({ multiplier: 0, shift: 0 });
    // 0.1 = 0.8 * 2^-3; round(0.8 * 2^31) = 1717986918
    expect(quantizeMultiplier(0.1)).toEqual({ multiplier: 1717986918, shift: -3 });
  });
  it('halves a significand that rounds up to 2^31', () => {
    // 1 - 2^-40: frexp gives q just below 1, q·2^31 rounds to 2^31.
    expect(quantizeMultiplier(1 - 2 ** -40)).toEqual({ multiplier: 1 << 30, shift: 1 });
  });
  it('flushes shifts below -31 to zero', () => {
    expect(quantizeMultiplier(2 ** -32)).toEqual({ multiplier: 1 << 30, shift: -31 });
    expect(quantizeMultiplier(2 ** -33)).toEqual({ multiplier: 0, shift: 0 });
  });
  it('saturates shifts above 30 under single rounding only', () => {
    expect(quantizeMultiplier(2 ** 31)).toEqual({ multiplier: 1 << 30, shift: 32 });
    expect(quantizeMultiplier(2 ** 31, 'single')).toEqual({ multiplier: INT32_MAX, shift: 30 });
  });
  it('frexp handles subnormals and negatives', () => {
    expect(frexp(5e-324)).toEqual([0.5, -1073]);
    expect(frexp(-3)).toEqual([-0.75, 2]);
    expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
    expect(roundHalfAwayFromZero(2.5)).toBe(3);
    expect(roundHalfAwayFromZero(0.49999999999999994)).toBe(0);
  });
});

describe('MultiplyByQuantizedMultiplier', () => {
  it('double rounding: rounds twice; single rounding: once, differing by 1 LSB', () => {
    // M = 0.75 (Q31 0x60000000), shift -1: x·0.375. x = 3: 1.125 -> double: SRDHM(3, M) = round(2.25)
    // = 2, then 2/2 = 1; single: round(1.125) = 1.  x = 5: 1.875 -> double: SRDHM = round(3.75) = 4,
    // 4/2 = 2; single 2. x = 6: 2.25 -> double: SRDHM = 4.5 -> 5, 5/2 = 2.5 -> 3; single: 2.
    const m = 0x60000000;
    expect(multiplyByQuantizedMultiplierDouble(3, m, -1)).toBe(1);
    expect(multiplyByQuantizedMultiplierSingle(3, m, -1)).toBe(1);
    expect(multiplyByQuantizedMultiplierDouble(6, m, -1)).toBe(3);
    expect(multiplyByQuantizedMultiplierSingle(6, m, -1)).toBe(2);
    // x = -6: -2.25 -> double: SRDHM rounds -4.5 toward +inf to -4, -4/2 = -2; single: -2.
    expect(multiplyByQuantizedMultiplierDouble(-6, m, -1)).toBe(-2);
    expect(multiplyByQuantizedMultiplierSingle(-6, m, -1)).toBe(-2);
    // x = -7: -2.625 -> double: SRDHM(-5.25) = -5, -5/2 = -2.5 -> -3; single: -3.
    expect(multiplyByQuantizedMultiplierDouble(-7, m, -1)).toBe(-3);
    expect(multiplyByQuantizedMultiplierSingle(-7, m, -1)).toBe(-3);
  });
  it('applies positive shifts before the multiply', () => {
    expect(multiplyByQuantizedMultiplierDouble(100, 1 << 30, 2)).toBe(200); // 100 · 4 · 0.5
    expect(multiplyByQuantizedMultiplierSingle(100, 1 << 30, 2)).toBe(200);
  });
  it('matches the 64-bit definitions on random requantisations', () => {
    const rng = new Prng(11);
    for (let i = 0; i < 20000; i++) {
      const m = rng.int(1 << 30, INT32_MAX);
      const shift = rng.int(-31, 4);
      const x = shift > 0 ? rng.int(-(1 << 26), 1 << 26) : rng.int(INT32_MIN, INT32_MAX);
      const d = multiplyByQuantizedMultiplierDouble(x, m, shift);
      if (d !== mbqmDoubleBig(x, m, shift))
        expect([x, m, shift, d]).toBe(mbqmDoubleBig(x, m, shift));
      const s = multiplyByQuantizedMultiplierSingle(x, m, shift);
      if (s !== mbqmSingleBig(x, m, shift))
        expect([x, m, shift, s]).toBe(mbqmSingleBig(x, m, shift));
      expect(Math.abs(d - s)).toBeLessThanOrEqual(1);
    }
  });
  it('single rounding handles the extreme shifts exactly', () => {
    for (const x of EDGES) {
      for (const shift of [-31, -30, 0, 1, 30]) {
        const m = 1 << 30;
        const big = BigInt(x) * BigInt(m) + (1n << BigInt(30 - shift));
        const exact = big >> BigInt(31 - shift);
        if (exact >= I32_MIN && exact <= I32_MAX) {
          expect(multiplyByQuantizedMultiplierSingle(x, m, shift)).toBe(Number(exact));
        }
      }
    }
  });
});

describe('CalculateActivationRangeQuantized', () => {
  it('clamps RELU / RELU6 / RELU_N1_TO_1 in output units', () => {
    expect(activationRange('NONE', 0.1, 3)).toEqual([-128, 127]);
    expect(activationRange('RELU', 0.1, -128)).toEqual([-128, 127]);
    expect(activationRange('RELU', 0.1, 5)).toEqual([5, 127]);
    // 6 / 0.05 = 120 (float32) -> zp -100 + 120 = 20
    expect(activationRange('RELU6', 0.05, -100)).toEqual([-100, 20]);
    // 6 / 0.02 = 300 -> clamped to 127
    expect(activationRange('RELU6', 0.02, -128)).toEqual([-128, 127]);
    expect(activationRange('RELU_N1_TO_1', 1 / 64, 0)).toEqual([-64, 64]);
    // zero point at the top: RELU range collapses to [127, 127]
    expect(activationRange('RELU', 0.1, 127)).toEqual([127, 127]);
  });
  it('divides in float32 before rounding', () => {
    // 6 / 0.04 in float32 rounds to exactly 150.0, which is then rounded: zp -128 + 150 = 22.
    const scale = Math.fround(0.04);
    expect(activationRange('RELU6', scale, -128)).toEqual([-128, 22]);
    // 1 / float32(0.4) = 2.49999996 in double but exactly 2.5 in float32, which rounds to 3.
    const s = Math.fround(0.4);
    expect(1 / s).toBeLessThan(2.5);
    expect(activationRange('RELU_N1_TO_1', s, 0)).toEqual([-3, 3]);
  });
});
