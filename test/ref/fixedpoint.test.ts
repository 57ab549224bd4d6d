import { describe, expect, it } from 'vitest';
import {
  calculateInputRadius,
  expOnNegativeValues,
  getReciprocal,
  logisticFixed,
  oneMinusXOverOnePlusXForXIn01,
  oneOverOnePlusXForXIn01,
  rescale,
  roundingHalfSum,
  saturatingRoundingMultiplyByPOT,
  tanhFixed,
} from '../../compiler/ref/fixedpoint.js';

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;
const Q31 = 2 ** 31;

describe('gemmlowp primitives', () => {
  it('SaturatingRoundingMultiplyByPOT saturates left shifts and rounds right shifts', () => {
    expect(saturatingRoundingMultiplyByPOT(2 ** 28 - 1, 3)).toBe((2 ** 28 - 1) * 8);
    expect(saturatingRoundingMultiplyByPOT(2 ** 28, 3)).toBe(INT32_MAX);
    expect(saturatingRoundingMultiplyByPOT(-(2 ** 28) - 1, 3)).toBe(INT32_MIN);
    expect(saturatingRoundingMultiplyByPOT(5, -1)).toBe(3);
    expect(saturatingRoundingMultiplyByPOT(-5, -1)).toBe(-3);
    expect(saturatingRoundingMultiplyByPOT(-5, 0)).toBe(-5);
    // Rescale Q0.31 -> Q12.19 divides by 2^12 with rounding.
    expect(rescale(INT32_MAX, 0, 12)).toBe(2 ** 19);
  });

  it('RoundingHalfSum rounds the exact 33-bit half sum away from zero', () => {
    expect(roundingHalfSum(1, 2)).toBe(2);
    expect(roundingHalfSum(-1, -2)).toBe(-2);
    expect(roundingHalfSum(INT32_MAX, INT32_MAX)).toBe(INT32_MAX);
    expect(roundingHalfSum(0, INT32_MAX)).toBe(2 ** 30);
  });

  it('CalculateInputRadius floors (2^m - 1) * 2^(31 - m) / 2^shift', () => {
    expect(calculateInputRadius(5, 22)).toBe(496); // softmax10's diff_min
    expect(calculateInputRadius(4, 23)).toBe(240); // the logistic golden's radius
    expect(calculateInputRadius(4, 28)).toBe(7);
    expect(calculateInputRadius(4, 29)).toBe(3); // 15 / 4 = 3.75
  });
});

describe('gemmlowp exp_on_negative_values', () => {
  it('is exactly one at zero and exact-by-construction at quarter multiples', () => {
    expect(expOnNegativeValues(0, 5)).toBe(INT32_MAX);
    // -1/4 goes through the polynomial alone; -1 = -1/4 + barrel bits -1/4 and -1/2.
    // (Values of this implementation, which the TFLM goldens confirm end to end.)
    expect(expOnNegativeValues(-(2 ** 24), 5)).toBe(1672462419); // exp(-1/4) * 2^31 = 1672461946.7
    expect(expOnNegativeValues(-(2 ** 26), 5)).toBe(790015308); // exp(-1) * 2^31 = 790015084.4
  });

  it('stays within 2^-22 of exp over [-16, 0] in Q5.26', () => {
    for (let i = 0; i <= 4000; i++) {
      const a = -Math.round(i * 16 * 2 ** 14); // steps of 1/256
      const got = expOnNegativeValues(a, 5) / Q31;
      expect(Math.abs(got - Math.exp(a / 2 ** 26))).toBeLessThan(2 ** -22);
    }
  });

  it('flushes inputs below -32 to zero for formats with more than 5 integer bits', () => {
    // The barrel shifter stops at exp(-16): without the clamp, -33 would come out as exp(-1).
    expect(expOnNegativeValues(-33 * 2 ** 25, 6)).toBe(0);
    expect(Math.abs(expOnNegativeValues(-2 * 2 ** 25, 6) - Math.exp(-2) * Q31)).toBeLessThan(512);
  });
});

describe('gemmlowp Newton-Raphson divisions', () => {
  it('1 / (1 + x) is one at zero and 2/3 at one half', () => {
    expect(oneOverOnePlusXForXIn01(0)).toBe(INT32_MAX);
    expect(oneOverOnePlusXForXIn01(2 ** 30)).toBe(1431655762); // 2/3 * 2^31 = 1431655765.3
    for (let i = 0; i < 1000; i++) {
      const x = Math.floor((i / 1000) * Q31);
      expect(Math.abs(oneOverOnePlusXForXIn01(x) / Q31 - 1 / (1 + x / Q31))).toBeLessThan(2 ** -27);
    }
  });

  it('(1 - x) / (1 + x) is one at zero and 1/3 at one half', () => {
    expect(oneMinusXOverOnePlusXForXIn01(0)).toBe(INT32_MAX);
    expect(Math.abs(oneMinusXOverOnePlusXForXIn01(2 ** 30) - Q31 / 3)).toBeLessThan(16);
  });

  it('GetReciprocal normalises the sum and reports the bits above one', () => {
    // 1.0 in Q12.19: no bits over unit, reciprocal one.
    expect(getReciprocal(2 ** 19, 12)).toEqual({ reciprocal: INT32_MAX, numBitsOverUnit: 0 });
    // 3.0 = 1.5 * 2^1: reciprocal of 1.5 and one bit over unit.
    expect(getReciprocal(3 * 2 ** 19, 12)).toEqual({ reciprocal: 1431655762, numBitsOverUnit: 1 });
  });
});

describe('gemmlowp tanh and logistic on Q4.27', () => {
  const ONE_Q4 = 2 ** 27;

  it('hit the fixed points exactly', () => {
    expect(tanhFixed(0, 4)).toBe(0);
    expect(logisticFixed(0, 4)).toBe(2 ** 30);
    expect(tanhFixed(ONE_Q4, 4)).toBe(1635510876); // tanh(1) * 2^31 = 1635510996.3
    expect(logisticFixed(ONE_Q4, 4)).toBe(1569936226); // 2^31 / (1 + e^-1) = 1569936343.3
  });

  it('tanh is odd and logistic(x) + logistic(-x) = one, bit for bit', () => {
    for (let i = 1; i < 2000; i++) {
      const a = Math.round(i * 0.008 * ONE_Q4);
      expect(tanhFixed(-a, 4)).toBe(-tanhFixed(a, 4));
      expect(logisticFixed(a, 4) + logisticFixed(-a, 4)).toBe(INT32_MAX);
    }
  });

  it('stay within 2^-22 of the real functions over (-16, 16)', () => {
    for (let i = -2000; i <= 2000; i++) {
      const a = Math.round((i / 2000) * 15.99 * ONE_Q4);
      expect(Math.abs(tanhFixed(a, 4) / Q31 - Math.tanh(a / ONE_Q4))).toBeLessThan(2 ** -22);
      const logistic = 1 / (1 + Math.exp(-a / ONE_Q4));
      expect(Math.abs(logisticFixed(a, 4) / Q31 - logistic)).toBeLessThan(2 ** -22);
    }
  });
});
