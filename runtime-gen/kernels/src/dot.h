/*
 * The int8 inner loops of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: raw dot products
 * sum(w * x) over int8 runs (the input offset is applied outside as offset * sum(w), which is the
 * same int32 value modulo 2^32 as the reference's sum(w * (x + offset))).
 *
 * Portable C unrolled by four, and with __ARM_FEATURE_DSP (Cortex-M4/M7/M33) the CMSIS-NN way:
 * four bytes per load, SXTB16 into two int16 pairs, SMLAD (integer, so bit-exact). Host tests
 * define ARS_EMULATE_DSP to run the same path with the instructions written in C.
 */
#ifndef ARS_DOT_H
#define ARS_DOT_H

#include "ars_internal.h"

#if defined(__ARM_FEATURE_DSP) && !defined(ARS_EMULATE_DSP)
#include <arm_acle.h>
#define ARS_DSP 1

typedef struct {
  uint32_t v;
} __attribute__((packed, may_alias)) ars_unaligned_u32;

/* Four int8 at any address (v7-M/v8-M Mainline allow unaligned LDR). */
static inline uint32_t ars_load4(const int8_t *p) { return ((const ars_unaligned_u32 *)p)->v; }
static inline int32_t ars_sxtb16(uint32_t x) { return __sxtb16((int32_t)x); }
static inline int32_t ars_smlad(int32_t a, int32_t b, int32_t acc) { return __smlad(a, b, acc); }
static inline int32_t ars_smlabb(int32_t a, int32_t b, int32_t acc) { return __smlabb(a, b, acc); }
static inline int32_t ars_smlatt(int32_t a, int32_t b, int32_t acc) { return __smlatt(a, b, acc); }

#elif defined(ARS_EMULATE_DSP)
/* Host test builds of the DSP path: the instructions in portable C (ARM ARM pseudocode). */
#define ARS_DSP 1

static inline uint32_t ars_load4(const int8_t *p) {
  const uint8_t *b = (const uint8_t *)p;
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}
static inline int32_t ars_lo16(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x & 0xffffu); }
static inline int32_t ars_hi16(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x >> 16); }
static inline int32_t ars_sxtb16(uint32_t x) {
  const uint32_t lo = (uint32_t)(int32_t)(int8_t)(uint8_t)(x & 0xffu) & 0xffffu;
  const uint32_t hi = (uint32_t)(int32_t)(int8_t)(uint8_t)((x >> 16) & 0xffu) << 16;
  return (int32_t)(lo | hi);
}
static inline int32_t ars_smlad(int32_t a, int32_t b, int32_t acc) {
  return ars_wadd(ars_wadd(acc, ars_lo16(a) * ars_lo16(b)), ars_hi16(a) * ars_hi16(b));
}
static inline int32_t ars_smlabb(int32_t a, int32_t b, int32_t acc) {
  return ars_wadd(acc, ars_lo16(a) * ars_lo16(b));
}
static inline int32_t ars_smlatt(int32_t a, int32_t b, int32_t acc) {
  return ars_wadd(acc, ars_hi16(a) * ars_hi16(b));
}
#endif

#if defined(ARS_DSP)
static inline uint32_t ars_ror8(uint32_t v) { return (v >> 8) | (v << 24); }
#endif

/* sum(a[i] * b[i]) for i < n. */
static inline int32_t ars_dot_s8(const int8_t *a, const int8_t *b, int32_t n) {
  int32_t acc = 0;
#if defined(ARS_DSP)
  for (; n >= 4; n -= 4, a += 4, b += 4) {
    const uint32_t va = ars_load4(a);
    const uint32_t vb = ars_load4(b);
    acc = ars_smlad(ars_sxtb16(va), ars_sxtb16(vb), acc);
    acc = ars_smlad(ars_sxtb16(ars_ror8(va)), ars_sxtb16(ars_ror8(vb)), acc);
  }
#else
  for (; n >= 4; n -= 4, a += 4, b += 4) {
    acc += a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
  }
#endif
  for (; n > 0; n--) acc += *a++ * *b++;
  return acc;
}

/* Two weight rows against one input run: *acc0 += sum(w0 * x), *acc1 += sum(w1 * x). */
static inline void ars_dot2_s8(const int8_t *w0, const int8_t *w1, const int8_t *x, int32_t n,
                               int32_t *acc0, int32_t *acc1) {
  int32_t s0 = *acc0;
  int32_t s1 = *acc1;
#if defined(ARS_DSP)
  for (; n >= 4; n -= 4, w0 += 4, w1 += 4, x += 4) {
    const uint32_t vx = ars_load4(x);
    const int32_t xe = ars_sxtb16(vx);
    const int32_t xo = ars_sxtb16(ars_ror8(vx));
    const uint32_t va = ars_load4(w0);
    const uint32_t vb = ars_load4(w1);
    s0 = ars_smlad(ars_sxtb16(va), xe, s0);
    s0 = ars_smlad(ars_sxtb16(ars_ror8(va)), xo, s0);
    s1 = ars_smlad(ars_sxtb16(vb), xe, s1);
    s1 = ars_smlad(ars_sxtb16(ars_ror8(vb)), xo, s1);
  }
#else
  for (; n >= 2; n -= 2, w0 += 2, w1 += 2, x += 2) {
    const int32_t x0 = x[0];
    const int32_t x1 = x[1];
    s0 += w0[0] * x0 + w0[1] * x1;
    s1 += w1[0] * x0 + w1[1] * x1;
  }
#endif
  for (; n > 0; n--) {
    const int32_t xv = *x++;
    s0 += *w0++ * xv;
    s1 += *w1++ * xv;
  }
  *acc0 = s0;
  *acc1 = s1;
}

/* sum(a[i]) for i < n. */
static inline int32_t ars_sum_s8(const int8_t *a, int32_t n) {
  int32_t s = 0;
  for (; n >= 4; n -= 4, a += 4) s += a[0] + a[1] + a[2] + a[3];
  for (; n > 0; n--) s += *a++;
  return s;
}

#endif /* ARS_DOT_H */
