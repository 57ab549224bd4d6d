/**
 * gemmlowp's fixed-point arithmetic on int32 raw values (`fixedpoint/fixedpoint.h`, google/gemmlowp
 * 719139ce, the revision TFLite Micro builds with): the math that TFLM's int8 SOFTMAX, LOGISTIC and
 * TANH reference kernels use. A value in format Qm (m integer bits, 31 - m fractional bits) is a
 * plain number holding an int32; the integer-bit counts travel as arguments, the templates' role.
 *
 * Constants are gemmlowp's (each one is round(value * 2^31) for the format noted beside it).
 * Additions wrap like two's-complement int32 (`| 0`), as the C++ does in practice. The two
 * primitives (SaturatingRoundingDoublingHighMul, RoundingDivideByPOT) come from `quant.ts`.
 */

import {
  INT32_MAX,
  INT32_MIN,
  roundingDivideByPOT,
  saturatingRoundingDoublingHighMul,
} from './quant.js';

const TWO_POW_31 = 2147483648;

/**
 * gemmlowp SaturatingRoundingMultiplyByPOT<exponent>: a saturating left shift for a positive
 * exponent, a rounding right shift for a negative one.
 */
export function saturatingRoundingMultiplyByPOT(x: number, exponent: number): number {
  if (exponent === 0) return x;
  if (exponent < 0) return roundingDivideByPOT(x, -exponent);
  const threshold = 2 ** (31 - exponent) - 1;
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return x * 2 ** exponent;
}

/** gemmlowp Rescale<dstIntegerBits>(FixedPoint<srcIntegerBits>). */
export function rescale(x: number, srcIntegerBits: number, dstIntegerBits: number): number {
  return saturatingRoundingMultiplyByPOT(x, srcIntegerBits - dstIntegerBits);
}

/** gemmlowp RoundingHalfSum for int32: (a + b + sign) / 2 truncated, sign of the 64-bit sum. */
export function roundingHalfSum(a: number, b: number): number {
  const sum = a + b;
  return Math.trunc((sum + (sum >= 0 ? 1 : -1)) / 2);
}

const EXP_MINUS_ONE_EIGHTH_Q0 = 1895147668; // exp(-1/8), Q0.31
const ONE_THIRD_Q0 = 715827883; // 1/3, Q0.31

/** exp(a) for a in [-1/4, 0), Q0.31 in and out: Taylor expansion around -1/8 (gemmlowp). */
export function expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a: number): number {
  const x = (a + (1 << 28)) | 0; // a + 1/8
  const x2 = saturatingRoundingDoublingHighMul(x, x);
  const x3 = saturatingRoundingDoublingHighMul(x2, x);
  const x4 = saturatingRoundingDoublingHighMul(x2, x2);
  const x4Over4 = roundingDivideByPOT(x4, 2);
  const sum = (saturatingRoundingDoublingHighMul((x4Over4 + x3) | 0, ONE_THIRD_Q0) + x2) | 0;
  const x4Over24PlusX3Over6PlusX2Over2 = roundingDivideByPOT(sum, 1);
  const poly = saturatingRoundingDoublingHighMul(
    EXP_MINUS_ONE_EIGHTH_Q0,
    (x + x4Over24PlusX3Over6PlusX2Over2) | 0,
  );
  return (EXP_MINUS_ONE_EIGHTH_Q0 + poly) | 0;
}

/**
 * gemmlowp's barrel shifter: exp(-2^k) in Q0.31 for k = -2..4, applied for each set bit of the
 * input's multiple-of-a-quarter part.
 */
const EXP_BARREL: ReadonlyArray<readonly [exponent: number, multiplier: number]> = [
  [-2, 1672461947], // exp(-1/4)
  [-1, 1302514674], // exp(-1/2)
  [0, 790015084], // exp(-1)
  [1, 290630308], // exp(-2)
  [2, 39332535], // exp(-4)
  [3, 720401], // exp(-8)
  [4, 242], // exp(-16)
];

/** exp(a) for a <= 0 given in Q`integerBits`; the result is Q0.31. */
export function expOnNegativeValues(a: number, integerBits: number): number {
  const fractionalBits = 31 - integerBits;
  const oneQuarter = 2 ** (fractionalBits - 2);
  const aModQuarterMinusOneQuarter = ((a & (oneQuarter - 1)) - oneQuarter) | 0;
  let result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(
    rescale(aModQuarterMinusOneQuarter, integerBits, 0),
  );
  const remainder = (aModQuarterMinusOneQuarter - a) | 0;
  for (const [exponent, multiplier] of EXP_BARREL) {
    if (integerBits > exponent && (remainder & (2 ** (fractionalBits + exponent))) !== 0) {
      result = saturatingRoundingDoublingHighMul(result, multiplier);
    }
  }
  if (integerBits > 5) {
    const clamp = -(2 ** (36 - integerBits)); // -32.0 in Q`integerBits`
    if (a < clamp) result = 0;
  }
  return a === 0 ? INT32_MAX : result;
}

const FORTY_EIGHT_OVER_17_Q2 = 1515870810; // 48/17, Q2.29
const NEG_THIRTY_TWO_OVER_17_Q2 = -1010580540; // -32/17, Q2.29
const ONE_Q2 = 1 << 29;

/** Newton-Raphson for 1 / halfDenominator in Q2.29, three steps from the 48/17 - 32/17 x seed. */
function reciprocalOfHalfDenominatorQ2(halfDenominator: number): number {
  let x =
    (FORTY_EIGHT_OVER_17_Q2 +
      saturatingRoundingDoublingHighMul(halfDenominator, NEG_THIRTY_TWO_OVER_17_Q2)) |
    0;
  for (let i = 0; i < 3; i++) {
    const halfDenominatorTimesX = saturatingRoundingDoublingHighMul(halfDenominator, x);
    const oneMinus = (ONE_Q2 - halfDenominatorTimesX) | 0;
    x = (x + rescale(saturatingRoundingDoublingHighMul(x, oneMinus), 4, 2)) | 0;
  }
  return x;
}

/** 1 / (1 + a) for a in [0, 1), Q0.31 in and out. */
export function oneOverOnePlusXForXIn01(a: number): number {
  const x = reciprocalOfHalfDenominatorQ2(roundingHalfSum(a, INT32_MAX));
  return rescale(x, 1, 0); // ExactMulByPot<-1> turns Q2.29 into Q1.30 with the same raw value
}

/** (1 - a) / (1 + a) for a in [0, 1), Q0.31 in and out. */
export function oneMinusXOverOnePlusXForXIn01(a: number): number {
  const x = reciprocalOfHalfDenominatorQ2(roundingHalfSum(a, INT32_MAX));
  return rescale((x - ONE_Q2) | 0, 2, 0);
}

/** tanh(a) for a in Q`integerBits`; the result is Q0.31. */
export function tanhFixed(a: number, integerBits: number): number {
  if (a === 0) return 0;
  const negative = a < 0;
  const nonPositive = negative ? a : -a | 0;
  // -tanh(n) for n < 0: (1 - exp(2n)) / (1 + exp(2n)); ExactMulByPot<1> adds an integer bit.
  const t = oneMinusXOverOnePlusXForXIn01(expOnNegativeValues(nonPositive, integerBits + 1));
  return negative ? -t | 0 : t;
}

/** logistic(a) = 1 / (1 + exp(-a)) for a in Q`integerBits`; the result is Q0.31. */
export function logisticFixed(a: number, integerBits: number): number {
  if (a === 0) return 1 << 30; // 0.5
  const positive = a > 0;
  const absInput = positive ? a : -a | 0;
  const resultIfPositive = oneOverOnePlusXForXIn01(expOnNegativeValues(-absInput | 0, integerBits));
  return positive ? resultIfPositive : (INT32_MAX - resultIfPositive) | 0;
}

/**
 * TFLite GetReciprocal (kernels/internal/common.h): 1 / x for x in Q`xIntegerDigits`, as a Q0.31
 * value and the number of bits by which x exceeded one (the caller shifts the result by them).
 */
export function getReciprocal(
  x: number,
  xIntegerDigits: number,
): { reciprocal: number; numBitsOverUnit: number } {
  const headroomPlusOne = Math.clz32(x);
  const numBitsOverUnit = xIntegerDigits - headroomPlusOne;
  const shiftedSumMinusOne = (((x << headroomPlusOne) >>> 0) - TWO_POW_31) | 0;
  return { reciprocal: oneOverOnePlusXForXIn01(shiftedSumMinusOne), numBitsOverUnit };
}

/**
 * TFLite CalculateInputRadius (quantization_util.cc, floating-point build): the largest input
 * difference whose rescaled value stays below the format's maximum, floor((2^m - 1) *
 * 2^(totalSignedBits - m) / 2^leftShift).
 */
export function calculateInputRadius(
  inputIntegerBits: number,
  inputLeftShift: number,
  totalSignedBits = 31,
): number {
  const maxInputRescaled =
    ((2 ** inputIntegerBits - 1) * 2 ** (totalSignedBits - inputIntegerBits)) / 2 ** inputLeftShift;
  return Math.floor(maxInputRescaled);
}
