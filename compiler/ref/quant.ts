/**
 * Integer requantisation arithmetic, bit-exact with TensorFlow Lite Micro.
 *
 * Definitions from tensorflow/lite/kernels/internal/quantization_util.cc (QuantizeMultiplier),
 * tensorflow/lite/kernels/internal/common.cc (MultiplyByQuantizedMultiplier, both roundings),
 * gemmlowp fixedpoint/fixedpoint.h (SaturatingRoundingDoublingHighMul, RoundingDivideByPOT) and
 * tensorflow/lite/kernels/kernel_util.cc (CalculateActivationRangeQuantized).
 *
 * The hot functions take and return int32 values held in JS numbers. The 64-bit products they need
 * are computed exactly without BigInt: the multiplier is split into a signed high and an unsigned
 * low 16-bit half, so every partial product stays below 2^48 and is exact in a float64.
 */
import type { Activation } from '../ir/graph.js';
import type { Rounding } from './registry.js';

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
const TWO_POW_15 = 32768;
const TWO_POW_16 = 65536;
const TWO_POW_30 = 1073741824;
const TWO_POW_31 = 2147483648;

/** POW2[n] = 2^n for n in [0, 64], exact in float64. */
const POW2 = Float64Array.from({ length: 65 }, (_, n) => 2 ** n);

/** Q31 multiplier and power-of-two exponent: real ≈ multiplier · 2^(shift − 31). */
export interface QuantizedMultiplier {
  multiplier: number;
  /** Positive: left shift; negative: right shift (TFLite's convention). */
  shift: number;
}

/** std::round: halves go away from zero. Exact for every float64. */
export function roundHalfAwayFromZero(x: number): number {
  const whole = Math.trunc(x);
  const frac = x - whole; // exact
  if (frac >= 0.5) return whole + 1;
  if (frac <= -0.5) return whole - 1;
  return whole;
}

const frexpView = new DataView(new ArrayBuffer(8));

/** std::frexp: x = mantissa · 2^exponent with |mantissa| in [0.5, 1); (0, 0) for zero. */
export function frexp(x: number): [mantissa: number, exponent: number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  frexpView.setFloat64(0, x);
  const hi = frexpView.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  if (biased === 0) {
    // Subnormal: scale into the normal range first.
    const [m, e] = frexp(x * POW2[64]!);
    return [m, e - 64];
  }
  frexpView.setUint32(0, (hi & 0x800fffff) | (1022 << 20));
  return [frexpView.getFloat64(0), biased - 1022];
}

/**
 * QuantizeMultiplier: Q31 significand (round half away from zero) and shift from frexp. A rounded
 * significand of 2^31 is halved (shift + 1); shifts below −31 flush to zero. Under single rounding,
 * shifts above 30 saturate to (2^31 − 1, 30) as TFLITE_SINGLE_ROUNDING builds do.
 */
export function quantizeMultiplier(
  real: number,
  rounding: Rounding = 'double',
): QuantizedMultiplier {
  if (real === 0) return { multiplier: 0, shift: 0 };
  if (!Number.isFinite(real))
    throw new Error(`quantizeMultiplier: multiplier ${real} is not finite`);
  const [q, exponent] = frexp(real);
  let shift = exponent;
  let fixed = roundHalfAwayFromZero(q * TWO_POW_31);
  if (fixed === TWO_POW_31) {
    fixed /= 2;
    shift += 1;
  }
  if (shift < -31) return { multiplier: 0, shift: 0 };
  if (rounding === 'single' && shift > 30) return { multiplier: INT32_MAX, shift: 30 };
  return { multiplier: fixed, shift };
}

/**
 * gemmlowp SaturatingRoundingDoublingHighMul: (a·b + nudge) / 2^31 truncated, nudge ±2^30, which
 * equals floor((a·b + 2^30) / 2^31); INT32_MIN · INT32_MIN saturates to INT32_MAX.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  // a·b = p1·2^16 + a·bLow and p1 = q1·2^15 + r1, so a·b = q1·2^31 + (r1·2^16 + a·bLow).
  const p1 = a * (b >> 16);
  const q1 = Math.floor(p1 / TWO_POW_15);
  const low = (p1 - q1 * TWO_POW_15) * TWO_POW_16 + a * (b & 0xffff) + TWO_POW_30;
  return q1 + Math.floor(low / TWO_POW_31);
}

/** gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, halves away from zero. */
export function roundingDivideByPOT(x: number, exponent: number): number {
  const mask = exponent === 31 ? INT32_MAX : (1 << exponent) - 1;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/** MultiplyByQuantizedMultiplier, double rounding (TFLM default). */
export function multiplyByQuantizedMultiplierDouble(
  x: number,
  multiplier: number,
  shift: number,
): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  // x * (1 << left) wraps in int32 as the C code does.
  return roundingDivideByPOT(
    saturatingRoundingDoublingHighMul(Math.imul(x, 1 << left), multiplier),
    right,
  );
}

/**
 * MultiplyByQuantizedMultiplier, single rounding: (x·M + 2^(30−shift)) >> (31 − shift) in 64 bits.
 * Exact whenever the result fits in int32 (TFLM DCHECKs that it does).
 */
export function multiplyByQuantizedMultiplierSingle(
  x: number,
  multiplier: number,
  shift: number,
): number {
  const total = 31 - shift; // 1..62
  const p1 = x * (multiplier >> 16);
  const q1 = Math.floor(p1 / TWO_POW_15);
  const low = (p1 - q1 * TWO_POW_15) * TWO_POW_16 + x * (multiplier & 0xffff); // x·M = q1·2^31 + low
  if (total <= 31) {
    const rounded = low + POW2[total - 1]!;
    return (q1 * POW2[31 - total]! + Math.floor(rounded / POW2[total]!)) | 0;
  }
  // The rounding term 2^(total−1) is a multiple of 2^31; the low bits below 2^31 cannot carry.
  const high = q1 + Math.floor(low / TWO_POW_31) + POW2[total - 32]!;
  return Math.floor(high / POW2[total - 31]!) | 0;
}

export type Requantize = (x: number, multiplier: number, shift: number) => number;

/** The MultiplyByQuantizedMultiplier of a build: double (default) or single rounding. */
export function requantizerFor(rounding: Rounding): Requantize {
  return rounding === 'single'
    ? multiplyByQuantizedMultiplierSingle
    : multiplyByQuantizedMultiplierDouble;
}

/** Quantize() of kernel_util.cc: zeroPoint + round(f / scale), the division in float32. */
function quantizeFloat(f: number, scale: number, zeroPoint: number): number {
  return zeroPoint + roundHalfAwayFromZero(Math.fround(f / scale));
}

/** CalculateActivationRangeQuantized: the clamp range of a fused activation in the output's units. */
export function activationRange(
  activation: Activation,
  scale: number,
  zeroPoint: number,
  qmin = -128,
  qmax = 127,
): [min: number, max: number] {
  switch (activation) {
    case 'NONE':
      return [qmin, qmax];
    case 'RELU':
      return [Math.max(qmin, quantizeFloat(0, scale, zeroPoint)), qmax];
    case 'RELU6':
      return [
        Math.max(qmin, quantizeFloat(0, scale, zeroPoint)),
        Math.min(qmax, quantizeFloat(6, scale, zeroPoint)),
      ];
    case 'RELU_N1_TO_1':
      return [
        Math.max(qmin, quantizeFloat(-1, scale, zeroPoint)),
        Math.min(qmax, quantizeFloat(1, scale, zeroPoint)),
      ];
  }
}
