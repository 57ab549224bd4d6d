/*
 * The dot-product windows of dot.h, with the run loops for each kind of core:
 *   ARS_DSP (Cortex-M4/M7/M33, or its C emulation on the host): 4 bytes per load, SXTAB16 (adding
 *     the input offset) and SXTB16, SMLAD;
 *   Thumb-1 only (Cortex-M0+): a hand-scheduled loop, one index register for all arrays (LDRSB has
 *     only the [Rn, Rm] form) counting up from -n to 0, accumulators in any register: 13 cycles per
 *     two MACs on a Cortex-M0+ (GCC -Os spills the C version's accumulators);
 *   portable C elsewhere (RV32, the host).
 * Accumulation wraps in int32 like the reference's; the window functions are out of line so that
 * their loops get the registers, whatever the caller keeps live.
 */
#include "dot.h"

#if !defined(ARS_DSP) && defined(__thumb__) && !defined(__thumb2__)
#define ARS_THUMB1 1
#endif

/* The offset in both halfwords, for SXTAB16 (DSP builds). */
static inline int32_t offset2(int32_t off) {
  return (int32_t)(((uint32_t)off << 16) | ((uint32_t)off & 0xffffu));
}

/* s + sum(w[i] * (x[i] [+ off])) for i < n (the offset only with ARS_OFFSET_IN_DOT). */
static inline int32_t run1(const int8_t *x, const int8_t *w, int32_t n, int32_t off, int32_t s) {
#if defined(ARS_DSP)
  const int32_t off2 = offset2(off);
  for (const int8_t *end = x + (n & ~3); x != end; x += 4, w += 4) {
    const uint32_t vx = ars_load4(x);
    const uint32_t vw = ars_load4(w);
    s = ars_smlad(ars_sxtab16(off2, vx), ars_sxtb16(vw), s);
    s = ars_smlad(ars_sxtab16_ror8(off2, vx), ars_sxtb16_ror8(vw), s);
  }
  n &= 3;
#elif defined(ARS_THUMB1)
  if (n > 0) {
    int32_t i = -n, xv, t;
    __asm__ volatile(".syntax unified\n"
            "1:\n\t"
            "ldrsb %[xv], [%[x], %[i]]\n\t"
            "ldrsb %[t], [%[w], %[i]]\n\t"
            "muls %[t], %[xv], %[t]\n\t"
            "add %[s], %[t]\n\t"
            "adds %[i], #1\n\t"
            "bne 1b"
            : [s] "+r"(s), [i] "+l"(i), [xv] "=&l"(xv), [t] "=&l"(t)
            : [x] "l"(x + n), [w] "l"(w + n)
            : "cc", "memory");
  }
  n = 0;
#endif
  (void)off;
  for (int32_t i = 0; i < n; i++) s += w[i] * (x[i] + (ARS_OFFSET_IN_DOT ? off : 0));
  return s;
}

/* *s0 += sum(a[i] * (x[i] [+ off])), *s1 += sum(b[i] * (x[i] [+ off])) for i < n. */
static inline void run2(const int8_t *x, const int8_t *a, const int8_t *b, int32_t n, int32_t off,
                        int32_t *s0, int32_t *s1) {
  int32_t p = *s0, q = *s1;
#if defined(ARS_DSP)
  const int32_t off2 = offset2(off);
  for (const int8_t *end = x + (n & ~3); x != end; x += 4, a += 4, b += 4) {
    const uint32_t vx = ars_load4(x);
    const int32_t xe = ars_sxtab16(off2, vx);
    const int32_t xo = ars_sxtab16_ror8(off2, vx);
    const uint32_t va = ars_load4(a);
    const uint32_t vb = ars_load4(b);
    p = ars_smlad(ars_sxtb16(va), xe, p);
    p = ars_smlad(ars_sxtb16_ror8(va), xo, p);
    q = ars_smlad(ars_sxtb16(vb), xe, q);
    q = ars_smlad(ars_sxtb16_ror8(vb), xo, q);
  }
  n &= 3;
#elif defined(ARS_THUMB1)
  if (n > 0) {
    int32_t i = -n, xv, t;
    __asm__ volatile(".syntax unified\n"
            "1:\n\t"
            "ldrsb %[xv], [%[x], %[i]]\n\t"
            "ldrsb %[t], [%[a], %[i]]\n\t"
            "muls %[t], %[xv], %[t]\n\t"
            "add %[p], %[t]\n\t"
            "ldrsb %[t], [%[b], %[i]]\n\t"
            "muls %[t], %[xv], %[t]\n\t"
            "add %[q], %[t]\n\t"
            "adds %[i], #1\n\t"
            "bne 1b"
            : [p] "+r"(p), [q] "+r"(q), [i] "+l"(i), [xv] "=&l"(xv), [t] "=&l"(t)
            : [x] "l"(x + n), [a] "l"(a + n), [b] "l"(b + n)
            : "cc", "memory");
  }
  n = 0;
#endif
  (void)off;
  for (int32_t i = 0; i < n; i++) {
    const int32_t xv = x[i] + (ARS_OFFSET_IN_DOT ? off : 0);
    p += a[i] * xv;
    q += b[i] * xv;
  }
  *s0 = p;
  *s1 = q;
}

int32_t ars_dot_window(const int8_t *x, const int8_t *w, int32_t rows, int32_t run, int32_t x_step,
                       int32_t w_step, int32_t offset) {
  int32_t s = 0;
  for (; rows > 0; rows--, x += x_step, w += w_step) s = run1(x, w, run, offset, s);
  return s;
}

void ars_dot_window2(const int8_t *x, const int8_t *w0, const int8_t *w1, int32_t rows,
                     int32_t run, int32_t x_step, int32_t w_step, int32_t offset, int32_t out[2]) {
  int32_t s0 = 0, s1 = 0;
  for (; rows > 0; rows--, x += x_step, w0 += w_step, w1 += w_step) {
    run2(x, w0, w1, run, offset, &s0, &s1);
  }
  out[0] = s0;
  out[1] = s1;
}

int32_t ars_sum_window(const int8_t *w, int32_t rows, int32_t run, int32_t w_step) {
  int32_t s = 0;
  for (; rows > 0; rows--, w += w_step) s += ars_sum_s8(w, run);
  return s;
}
