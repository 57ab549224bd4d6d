/*
 * Shared helpers of the kernels: TFLite's requantisation arithmetic (both roundings), clamps, tile
 * checks, and the per-family entry points that dispatch.c switches to.
 *
 * Integer conventions: wrapping int32 arithmetic goes through uint32 (ars_wadd...), so no signed
 * overflow is ever undefined; right shifts of negative values are arithmetic (GCC and Clang define
 * them so on every target here).
 */
#ifndef ARS_INTERNAL_H
#define ARS_INTERNAL_H

#include <stdint.h>
#include "../include/ars_kernels.h"
#include "ars_params.h"

#define ARS_INT32_MIN (-2147483647 - 1)
#define ARS_INT32_MAX 2147483647

static inline int32_t ars_wadd(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static inline int32_t ars_wsub(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }
static inline int32_t ars_wmul(int32_t a, int32_t b) { return (int32_t)((uint32_t)a * (uint32_t)b); }
static inline int32_t ars_wneg(int32_t a) { return (int32_t)(0u - (uint32_t)a); }

static inline int32_t ars_clamp(int32_t v, int32_t lo, int32_t hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

/* clamp(v + offset, lo, hi) without int32 overflow (the reference adds in unbounded integers);
   offset, lo and hi are zero points and quantised bounds, far from the int32 limits. */
static inline int32_t ars_offset_clamp(int32_t v, int32_t offset, int32_t lo, int32_t hi) {
  if (v < lo - offset) return lo;
  if (v > hi - offset) return hi;
  return v + offset;
}

/* The signed 64-bit product a * b as (hi, lo). Thumb-1 has no long multiply (libgcc's
   __aeabi_lmul does a 64 x 64 product): four 16 x 16 MULS and the sign corrections instead. Host
   tests define ARS_LIMB_MUL to check that path against the reference. */
#if defined(__thumb__) && !defined(__thumb2__) && !defined(ARS_LIMB_MUL)
#define ARS_LIMB_MUL 1
#endif
static inline void ars_smull(int32_t a, int32_t b, int32_t *hi, uint32_t *lo) {
#if defined(ARS_LIMB_MUL)
  const uint32_t ua = (uint32_t)a, ub = (uint32_t)b;
  const uint32_t al = ua & 0xffffu, ah = ua >> 16, bl = ub & 0xffffu, bh = ub >> 16;
  const uint32_t ll = al * bl, lh = al * bh, hl = ah * bl;
  const uint32_t mid = lh + hl;
  const uint32_t l = ll + (mid << 16);
  uint32_t h = ah * bh + (mid >> 16) + (mid < lh ? 0x10000u : 0u) + (l < ll ? 1u : 0u);
  if (a < 0) h -= ub; /* unsigned product -> signed: subtract 2^32 * (the other operand) */
  if (b < 0) h -= ua;
  *hi = (int32_t)h;
  *lo = l;
#else
  const int64_t p = (int64_t)a * (int64_t)b;
  *hi = (int32_t)(p >> 32);
  *lo = (uint32_t)p;
#endif
}

/* gemmlowp SaturatingRoundingDoublingHighMul: floor((a*b + 2^30) / 2^31), which equals the
   nudge-and-truncate of the original; INT32_MIN * INT32_MIN saturates. */
static inline int32_t ars_srdhm(int32_t a, int32_t b) {
  if (a == ARS_INT32_MIN && b == ARS_INT32_MIN) return ARS_INT32_MAX;
  int32_t hi;
  uint32_t lo;
  ars_smull(a, b, &hi, &lo);
  const uint32_t rounded = lo + 0x40000000u;
  const uint32_t h = (uint32_t)hi + (rounded < lo ? 1u : 0u);
  return (int32_t)((h << 1) | (rounded >> 31));
}

/* gemmlowp RoundingDivideByPOT, exponent in [0, 31]: rounds to nearest, halves away from zero. */
static inline int32_t ars_rdbp(int32_t x, int32_t exponent) {
  const int32_t mask = (int32_t)((1u << exponent) - 1u);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* MultiplyByQuantizedMultiplier, double rounding (TFLM default). The left shift wraps in int32 like
   the reference's Math.imul(x, 1 << left). */
static inline int32_t ars_mbqm_double(int32_t x, int32_t multiplier, int32_t shift) {
  const int32_t left = shift > 0 ? shift : 0;
  const int32_t right = shift > 0 ? 0 : -shift;
  return ars_rdbp(ars_srdhm((int32_t)((uint32_t)x << (left & 31)), multiplier), right);
}

/* MultiplyByQuantizedMultiplier, single rounding: (x*M + 2^(30-shift)) >> (31-shift) in 64 bits,
   truncated to int32 as the reference does (0 for a shift the reference cannot represent). The
   64-bit addition and shift are done on the two halves (no libgcc call on 32-bit cores). */
static inline int32_t ars_mbqm_single(int32_t x, int32_t multiplier, int32_t shift) {
  const int32_t total = 31 - shift;
  if (total < 1 || total > 62) return 0;
  int32_t hi;
  uint32_t lo;
  ars_smull(x, multiplier, &hi, &lo);
  uint32_t h = (uint32_t)hi;
  if (total <= 32) {
    const uint32_t rounded = lo + (1u << (total - 1));
    h += rounded < lo ? 1u : 0u;
    return total == 32 ? (int32_t)h : (int32_t)((h << (32 - total)) | (rounded >> total));
  }
  h += 1u << (total - 33);
  return (int32_t)h >> (total - 32);
}

static inline int32_t ars_requantize(int32_t x, int32_t multiplier, int32_t shift, int single) {
  return single ? ars_mbqm_single(x, multiplier, shift) : ars_mbqm_double(x, multiplier, shift);
}

static inline int ars_single_rounding(const int32_t *p) {
  return (p[ARS_HDR_FLAGS] & ARS_FLAG_SINGLE_ROUNDING) != 0;
}

/* 0 when every range of the tile lies in [0, dims[d]] with start <= end. */
static inline int ars_check_tile(const ars_tile_t *t, const int32_t *dims) {
  for (int d = 0; d < 4; d++) {
    if (t->start[d] < 0 || t->start[d] > t->end[d] || t->end[d] > dims[d]) return ARS_KERR_BAD_TILE;
  }
  return ARS_KOK;
}

static inline int ars_tile_empty(const ars_tile_t *t) {
  return t->start[0] >= t->end[0] || t->start[1] >= t->end[1] || t->start[2] >= t->end[2] ||
         t->start[3] >= t->end[3];
}

/* Record length check: the header says `words`, at least `need` words are required. */
static inline int ars_check_words(const int32_t *p, int32_t need) {
  return p[ARS_HDR_WORDS] >= need && p[ARS_HDR_INPUTS] >= 1 ? ARS_KOK : ARS_KERR_BAD_PARAMS;
}

/* First tap index k with 0 <= origin + k*dilation; one past the last tap inside [0, size). */
static inline int32_t ars_first_tap(int32_t origin, int32_t dilation) {
  if (origin >= 0) return 0;
  return dilation == 1 ? -origin : (-origin + dilation - 1) / dilation;
}
static inline int32_t ars_end_tap(int32_t origin, int32_t dilation, int32_t size, int32_t taps) {
  const int32_t room = size - 1 - origin;
  if (room < 0) return 0;
  const int32_t last = (dilation == 1 ? room : room / dilation) + 1;
  return last < taps ? last : taps;
}

/* GCC turns plain copy/fill loops into memcpy/memset calls at -O2; the image has no libc. */
#if defined(__GNUC__) && !defined(__clang__)
#define ARS_NO_LIBCALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define ARS_NO_LIBCALLS
#endif

/* Keeps a per-pixel function out of its (single) caller so that its loops get the registers. */
#if defined(__GNUC__)
#define ARS_NOINLINE __attribute__((noinline))
#else
#define ARS_NOINLINE
#endif

/* reshape.c: n bytes from src to dst (forward; dst == src is fine), and n elements of
   elem_bytes (1, 2 or 4) set to the low bits of value. */
void ars_copy_bytes(uint8_t *dst, const uint8_t *src, int32_t n);
void ars_fill(void *dst, int32_t n, uint32_t value, int32_t elem_bytes);

/* Per-family entry points (params already checked for kind and minimum header). */
int ars_conv_2d(const int32_t *p, void *const *ops, const ars_tile_t *t);
int ars_depthwise_conv_2d(const int32_t *p, void *const *ops, const ars_tile_t *t);
int ars_fully_connected(const int32_t *p, void *const *ops, const ars_tile_t *t);
int ars_pool_2d(const int32_t *p, void *const *ops, const ars_tile_t *t, int average);
int ars_add(const int32_t *p, void *const *ops, const ars_tile_t *t);
int ars_mul(const int32_t *p, void *const *ops, const ars_tile_t *t);
int ars_reshape(const int32_t *p, void *const *ops, const ars_tile_t *t);
int ars_softmax(const int32_t *p, void *const *ops, const ars_tile_t *t);
int ars_pad(const int32_t *p, void *const *ops, const ars_tile_t *t);
int ars_concatenation(const int32_t *p, void *const *ops, const ars_tile_t *t);
int ars_mean(const int32_t *p, void *const *ops, const ars_tile_t *t);
int ars_quantize(const int32_t *p, void *const *ops, const ars_tile_t *t);
int ars_dequantize(const int32_t *p, void *const *ops, const ars_tile_t *t);
int ars_logistic_tanh(const int32_t *p, void *const *ops, const ars_tile_t *t, int tanh);

#endif /* ARS_INTERNAL_H */
