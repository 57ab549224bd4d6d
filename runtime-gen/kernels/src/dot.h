/*
 * The int8 inner loops of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: raw dot products
 * sum(w * x) over int8 runs (the input offset is applied outside as offset * sum(w), which is the
 * same int32 value modulo 2^32 as the reference's sum(w * (x + offset))).
 *
 * Three implementations of the loops (dot.c): with __ARM_FEATURE_DSP (Cortex-M4/M7/M33) the CMSIS-NN
 * way, four bytes per load, SXTB16 into two int16 pairs, SMLAD (integer, so bit-exact); on ARMv6-M
 * (Cortex-M0+) a hand-scheduled Thumb-1 loop (GCC -Os spills the accumulators of the C loop); and
 * portable C elsewhere. Host tests define ARS_EMULATE_DSP to run the DSP path with the instructions
 * written in C (below).
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

/* SXTB16(ROR(x, 8)): bytes 1 and 3 (one instruction on the core: GCC does not fold the rotation). */
#if defined(ARS_DSP) && !defined(ARS_EMULATE_DSP)
static inline int32_t ars_sxtb16_ror8(uint32_t x) {
  int32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
}
/* SXTAB16: a + the sign-extended bytes 0 and 2 (or 1 and 3 after ROR #8) of x, per halfword. */
static inline int32_t ars_sxtab16(int32_t a, uint32_t x) { return __sxtab16(a, (int32_t)x); }
static inline int32_t ars_sxtab16_ror8(int32_t a, uint32_t x) {
  int32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
  return r;
}
#elif defined(ARS_DSP)
static inline int32_t ars_sxtb16_ror8(uint32_t x) { return ars_sxtb16(ars_ror8(x)); }
static inline int32_t ars_sxtab16(int32_t a, uint32_t x) {
  const uint32_t e = (uint32_t)ars_sxtb16(x);
  const uint32_t lo = ((uint32_t)a + e) & 0xffffu;
  const uint32_t hi = (((uint32_t)a >> 16) + (e >> 16)) << 16;
  return (int32_t)(hi | lo);
}
static inline int32_t ars_sxtab16_ror8(int32_t a, uint32_t x) { return ars_sxtab16(a, ars_ror8(x)); }
#endif

/* sum(a[i]) for i < n. */
static inline int32_t ars_sum_s8(const int8_t *a, int32_t n) {
  int32_t s = 0;
  for (int32_t i = 0; i < n; i++) s += a[i];
  return s;
}

/* dot.c. A window is `rows` runs of `run` contiguous bytes, x_step / w_step bytes apart (the
   in-bounds taps of one output pixel, or one row of FULLY_CONNECTED).
   ARS_OFFSET_IN_DOT = 1 (DSP builds): the windows compute sum(w * (x + offset)), SXTAB16 adding the
   offset for free; 0 (other builds): they compute sum(w * x) and the caller adds offset * sum(w). */
#if defined(ARS_DSP)
#define ARS_OFFSET_IN_DOT 1
#else
#define ARS_OFFSET_IN_DOT 0
#endif

/* sum(w * (x [+ offset])) over the window. */
int32_t ars_dot_window(const int8_t *x, const int8_t *w, int32_t rows, int32_t run, int32_t x_step,
                       int32_t w_step, int32_t offset);

/* Two weight sets (w0, w1: same layout) against one input window: out[0], out[1]. */
void ars_dot_window2(const int8_t *x, const int8_t *w0, const int8_t *w1, int32_t rows,
                     int32_t run, int32_t x_step, int32_t w_step, int32_t offset, int32_t out[2]);

/* The sum of the weights of a window (border pixels). */
int32_t ars_sum_window(const int8_t *w, int32_t rows, int32_t run, int32_t w_step);

#endif /* ARS_DOT_H */
