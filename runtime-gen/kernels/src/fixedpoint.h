/*
 * gemmlowp's fixed-point math (fixedpoint/fixedpoint.h, google/gemmlowp 719139ce) for the int8
 * SOFTMAX, LOGISTIC and TANH kernels: a C port of compiler/ref/fixedpoint.ts, function for function.
 * A Qm value (m integer bits, 31 - m fractional bits) is a plain int32; integer-bit counts are
 * arguments. Additions wrap like the reference's `| 0`.
 */
#ifndef ARS_FIXEDPOINT_H
#define ARS_FIXEDPOINT_H

#include "ars_internal.h"

/* SaturatingRoundingMultiplyByPOT: saturating left shift, or rounding right shift. */
static inline int32_t fp_mul_by_pot(int32_t x, int32_t exponent) {
  if (exponent == 0) return x;
  if (exponent < 0) return ars_rdbp(x, -exponent);
  const int32_t threshold = (int32_t)((1u << (31 - exponent)) - 1u);
  if (x > threshold) return ARS_INT32_MAX;
  if (x < -threshold) return ARS_INT32_MIN;
  return (int32_t)((uint32_t)x << exponent);
}

static inline int32_t fp_rescale(int32_t x, int32_t src_integer_bits, int32_t dst_integer_bits) {
  return fp_mul_by_pot(x, src_integer_bits - dst_integer_bits);
}

/* RoundingHalfSum: (a + b + sign) / 2 in 64 bits, truncated. */
static inline int32_t fp_rounding_half_sum(int32_t a, int32_t b) {
  const int64_t sum = (int64_t)a + (int64_t)b;
  return (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
}

/* exp(a) for a in [-1/4, 0), Q0.31: Taylor expansion around -1/8. */
static inline int32_t fp_exp_on_interval_between_negative_one_quarter_and_0_excl(int32_t a) {
  const int32_t constant_term = 1895147668; /* exp(-1/8) */
  const int32_t one_third = 715827883;
  const int32_t x = ars_wadd(a, 1 << 28);
  const int32_t x2 = ars_srdhm(x, x);
  const int32_t x3 = ars_srdhm(x2, x);
  const int32_t x4 = ars_srdhm(x2, x2);
  const int32_t x4_over_4 = ars_rdbp(x4, 2);
  const int32_t sum = ars_wadd(ars_srdhm(ars_wadd(x4_over_4, x3), one_third), x2);
  const int32_t x4_over_24_plus_x3_over_6_plus_x2_over_2 = ars_rdbp(sum, 1);
  return ars_wadd(constant_term,
                  ars_srdhm(constant_term, ars_wadd(x, x4_over_24_plus_x3_over_6_plus_x2_over_2)));
}

/* exp(-2^k) in Q0.31 for k = -2..4 (gemmlowp's barrel shifter). */
static const int32_t fp_exp_barrel[7] = {1672461947, 1302514674, 790015084, 290630308,
                                         39332535,   720401,     242};

/* exp(a) for a <= 0 in Q`integer_bits` (integer_bits in [1, 6]); the result is Q0.31. */
static inline int32_t fp_exp_on_negative_values(int32_t a, int32_t integer_bits) {
  const int32_t fractional_bits = 31 - integer_bits;
  const int32_t one_quarter = (int32_t)1 << (fractional_bits - 2);
  const int32_t a_mod_quarter_minus_one_quarter = ars_wsub(a & (one_quarter - 1), one_quarter);
  int32_t result = fp_exp_on_interval_between_negative_one_quarter_and_0_excl(
      fp_rescale(a_mod_quarter_minus_one_quarter, integer_bits, 0));
  const uint32_t remainder = (uint32_t)ars_wsub(a_mod_quarter_minus_one_quarter, a);
  for (int32_t k = 0; k < 7; k++) {
    const int32_t exponent = k - 2;
    if (integer_bits > exponent && ((remainder >> (fractional_bits + exponent)) & 1u) != 0) {
      result = ars_srdhm(result, fp_exp_barrel[k]);
    }
  }
  if (integer_bits > 5) {
    const int32_t clamp = -((int32_t)1 << (36 - integer_bits)); /* -32.0 */
    if (a < clamp) result = 0;
  }
  return a == 0 ? ARS_INT32_MAX : result;
}

/* Newton-Raphson for 1 / half_denominator in Q2.29, three steps from 48/17 - 32/17 x. */
static inline int32_t fp_reciprocal_of_half_denominator_q2(int32_t half_denominator) {
  const int32_t one_q2 = 1 << 29;
  int32_t x = ars_wadd(1515870810, ars_srdhm(half_denominator, -1010580540));
  for (int32_t i = 0; i < 3; i++) {
    const int32_t half_denominator_times_x = ars_srdhm(half_denominator, x);
    const int32_t one_minus = ars_wsub(one_q2, half_denominator_times_x);
    x = ars_wadd(x, fp_rescale(ars_srdhm(x, one_minus), 4, 2));
  }
  return x;
}

/* 1 / (1 + a) for a in [0, 1), Q0.31 in and out. */
static inline int32_t fp_one_over_one_plus_x_for_x_in_0_1(int32_t a) {
  const int32_t x = fp_reciprocal_of_half_denominator_q2(fp_rounding_half_sum(a, ARS_INT32_MAX));
  return fp_rescale(x, 1, 0);
}

/* (1 - a) / (1 + a) for a in [0, 1), Q0.31 in and out. */
static inline int32_t fp_one_minus_x_over_one_plus_x_for_x_in_0_1(int32_t a) {
  const int32_t x = fp_reciprocal_of_half_denominator_q2(fp_rounding_half_sum(a, ARS_INT32_MAX));
  return fp_rescale(ars_wsub(x, 1 << 29), 2, 0);
}

/* tanh(a) for a in Q`integer_bits`; the result is Q0.31. */
static inline int32_t fp_tanh(int32_t a, int32_t integer_bits) {
  if (a == 0) return 0;
  const int negative = a < 0;
  const int32_t non_positive = negative ? a : ars_wneg(a);
  const int32_t t = fp_one_minus_x_over_one_plus_x_for_x_in_0_1(
      fp_exp_on_negative_values(non_positive, integer_bits + 1));
  return negative ? ars_wneg(t) : t;
}

/* logistic(a) = 1 / (1 + exp(-a)) for a in Q`integer_bits`; the result is Q0.31. */
static inline int32_t fp_logistic(int32_t a, int32_t integer_bits) {
  if (a == 0) return 1 << 30;
  const int positive = a > 0;
  const int32_t abs_input = positive ? a : ars_wneg(a);
  const int32_t result_if_positive =
      fp_one_over_one_plus_x_for_x_in_0_1(fp_exp_on_negative_values(ars_wneg(abs_input), integer_bits));
  return positive ? result_if_positive : ars_wsub(ARS_INT32_MAX, result_if_positive);
}

/* TFLite GetReciprocal: 1 / x for x in Q`x_integer_digits` as Q0.31, and the bits by which x
   exceeded one. The shift count wraps mod 32 like the reference's `<<` (x == 0 shifts by 0). */
static inline int32_t fp_get_reciprocal(int32_t x, int32_t x_integer_digits,
                                        int32_t *num_bits_over_unit) {
  const int32_t headroom_plus_one = x == 0 ? 32 : __builtin_clz((uint32_t)x);
  *num_bits_over_unit = x_integer_digits - headroom_plus_one;
  const uint32_t shifted = (uint32_t)x << (headroom_plus_one & 31);
  return fp_one_over_one_plus_x_for_x_in_0_1((int32_t)(shifted - 0x80000000u));
}

#endif /* ARS_FIXEDPOINT_H */
