/*
 * DEPTHWISE_CONV_2D, int8 per-channel (reference_integer_ops::DepthwiseConvPerChannel as
 * compiler/ref/depthwise-conv2d.ts runs it): output channel oc = ic * M + m reads input channel ic;
 * filter [1, KH, KW, OUT_C]. acc = sum over in-bounds taps of w * (x + input_offset) + bias,
 * requantised per channel, + output zero point, clamped (padding taps skipped, as in CONV_2D).
 *
 * Per output pixel, the taps are visited in the outer loops and the channels in the inner one, as
 * in the reference: portable cores accumulate a chunk of channels in a stack buffer (contiguous
 * loads); with __ARM_FEATURE_DSP and M = 1, four channels stay in registers, one 32-bit load of
 * input and of weights per tap, SXTAB16 adding the input offset and SMLABB/SMLATT multiplying.
 *
 * Record (ars_params.h ars_layout_DW): in N,H,W,C, out H,W,C, KH, KW, depth multiplier, stride,
 * dilation, pad (H,W), input offset, output offset, act min/max; multiplier[OUT_C], shift[OUT_C].
 */
#include "ars_internal.h"
#include "dot.h"

#define DW_CHUNK 64 /* channels accumulated at once on the stack (256 bytes) */

typedef struct {
  const int32_t *multiplier;
  const int32_t *shift;
  const int32_t *bias;
  int32_t output_offset;
  int32_t act_min;
  int32_t act_max;
  int single;
} dw_out_t;

static inline int8_t dw_finish(const dw_out_t *q, int32_t oc, int32_t acc) {
  if (q->bias) acc = ars_wadd(acc, q->bias[oc]);
  const int32_t v = ars_requantize(acc, q->multiplier[oc], q->shift[oc], q->single);
  return (int8_t)ars_offset_clamp(v, q->output_offset, q->act_min, q->act_max);
}

/* The in-bounds taps of one output pixel. */
typedef struct {
  const int8_t *x; /* input at the first in-bounds tap, channel 0 */
  const int8_t *w; /* weights at the first in-bounds tap, channel 0 */
  int32_t rows, cols;
  int32_t x_row_step, x_col_step; /* input bytes between taps */
  int32_t w_row_step, w_col_step; /* weight bytes between taps */
  int32_t input_offset, mult;
} dw_window_t;

#if defined(ARS_DSP)
/* Channels oc..oc+3 (M = 1) in registers: out[k] = sum(w * (x + offset)). */
static void dw_dot4(const dw_window_t *win, int32_t oc, int32_t out[4]) {
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  const int32_t off2 = (int32_t)(((uint32_t)win->input_offset << 16) | ((uint32_t)win->input_offset & 0xffffu));
  const int8_t *xr = win->x + oc;
  const int8_t *wr = win->w + oc;
  for (int32_t r = 0; r < win->rows; r++, xr += win->x_row_step, wr += win->w_row_step) {
    const int8_t *x = xr;
    const int8_t *w = wr;
    for (int32_t c = 0; c < win->cols; c++, x += win->x_col_step, w += win->w_col_step) {
      const uint32_t vx = ars_load4(x);
      const uint32_t vw = ars_load4(w);
      const int32_t xe = ars_sxtab16(off2, vx), we = ars_sxtb16(vw);
      const int32_t xo = ars_sxtab16_ror8(off2, vx), wo = ars_sxtb16_ror8(vw);
      a0 = ars_smlabb(xe, we, a0);
      a2 = ars_smlatt(xe, we, a2);
      a1 = ars_smlabb(xo, wo, a1);
      a3 = ars_smlatt(xo, wo, a3);
    }
  }
  out[0] = a0;
  out[1] = a1;
  out[2] = a2;
  out[3] = a3;
}
#endif

/* acc[i] += w[i] * (x[i] + off) for i < n (n > 0). */
static inline void dw_mac_run(const int8_t *x, const int8_t *w, int32_t n, int32_t off,
                              int32_t *acc) {
#if defined(__thumb__) && !defined(__thumb2__)
  /* Thumb-1: GCC -Os keeps `off` on the stack and rebuilds LDRSB's index register every time. */
  int32_t i = -n, t, u;
  __asm__ volatile(".syntax unified\n"
          "1:\n\t"
          "ldrsb %[t], [%[x], %[i]]\n\t"
          "adds %[t], %[t], %[off]\n\t"
          "ldrsb %[u], [%[w], %[i]]\n\t"
          "muls %[t], %[u], %[t]\n\t"
          "ldr %[u], [%[acc]]\n\t"
          "adds %[u], %[u], %[t]\n\t"
          "stmia %[acc]!, {%[u]}\n\t"
          "adds %[i], #1\n\t"
          "bne 1b"
          : [i] "+l"(i), [acc] "+l"(acc), [t] "=&l"(t), [u] "=&l"(u)
          : [x] "l"(x + n), [w] "l"(w + n), [off] "l"(off)
          : "cc", "memory");
#else
  for (int32_t i = 0; i < n; i++) acc[i] += w[i] * (x[i] + off);
#endif
}

/* Channels [oc, oc + n), n <= DW_CHUNK: acc[i] = sum(w * (x + offset)) of channel oc + i. */
static void dw_dot_chunk(const dw_window_t *win, int32_t oc, int32_t n, int32_t *acc) {
  for (int32_t i = 0; i < n; i++) acc[i] = 0;
  const int32_t off = win->input_offset;
  const int8_t *xr = win->x;
  const int8_t *wr = win->w + oc;
  for (int32_t r = 0; r < win->rows; r++, xr += win->x_row_step, wr += win->w_row_step) {
    const int8_t *x = xr;
    const int8_t *w = wr;
    for (int32_t c = 0; c < win->cols; c++, x += win->x_col_step, w += win->w_col_step) {
      if (win->mult == 1) {
        dw_mac_run(x + oc, w, n, off, acc);
        continue;
      }
      int32_t ic = oc / win->mult, m = oc - ic * win->mult;
      for (int32_t i = 0; i < n; i++) {
        acc[i] += w[i] * (x[ic] + off);
        if (++m == win->mult) m = 0, ic++;
      }
    }
  }
}

/* Output channels [oc, oc_end) of one pixel. */
ARS_NOINLINE static void dw_pixel(const dw_window_t *win, const dw_out_t *q, int8_t *o, int32_t oc,
                                  int32_t oc_end) {
#if defined(ARS_DSP)
  if (win->mult == 1) {
    for (; oc + 3 < oc_end; oc += 4) {
      int32_t acc[4];
      dw_dot4(win, oc, acc);
      for (int32_t k = 0; k < 4; k++) o[oc + k] = dw_finish(q, oc + k, acc[k]);
    }
  }
#endif
  int32_t acc[DW_CHUNK];
  while (oc < oc_end) {
    const int32_t n = oc_end - oc < DW_CHUNK ? oc_end - oc : DW_CHUNK;
    dw_dot_chunk(win, oc, n, acc);
    for (int32_t i = 0; i < n; i++) o[oc + i] = dw_finish(q, oc + i, acc[i]);
    oc += n;
  }
}

int ars_depthwise_conv_2d(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  const int32_t out_c = p[ARS_DW_OUT_C];
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (out_c <= 0 || nin < 2 || ars_check_words(p, ARS_DW_FIXED + 2 * out_c) != ARS_KOK)
    return ARS_KERR_BAD_PARAMS;
  const int8_t *in = (const int8_t *)ops[0];
  const int8_t *w = (const int8_t *)ops[1];
  int8_t *out = (int8_t *)ops[nin];
  if (!in || !w || !out) return ARS_KERR_BAD_OPERANDS;
  const int32_t in_h = p[ARS_DW_IN_H], in_w = p[ARS_DW_IN_W], in_c = p[ARS_DW_IN_C];
  const int32_t out_h = p[ARS_DW_OUT_H], out_w = p[ARS_DW_OUT_W];
  const int32_t kh = p[ARS_DW_K_H], kw = p[ARS_DW_K_W];
  const int32_t stride_h = p[ARS_DW_STRIDE_H], stride_w = p[ARS_DW_STRIDE_W];
  const int32_t dil_h = p[ARS_DW_DILATION_H], dil_w = p[ARS_DW_DILATION_W];
  const int32_t pad_h = p[ARS_DW_PAD_H], pad_w = p[ARS_DW_PAD_W];
  const int32_t dims[4] = {p[ARS_DW_IN_N], out_h, out_w, out_c};
  dw_window_t win;
  win.mult = p[ARS_DW_DEPTH_MULTIPLIER];
  win.input_offset = p[ARS_DW_INPUT_OFFSET];
  if (dil_h <= 0 || dil_w <= 0 || win.mult <= 0 || in_c * win.mult != out_c)
    return ARS_KERR_BAD_PARAMS;
  if (ars_check_tile(t, dims) != ARS_KOK) return ARS_KERR_BAD_TILE;
  dw_out_t q;
  q.multiplier = p + ARS_DW_FIXED;
  q.shift = q.multiplier + out_c;
  q.bias = nin > 2 ? (const int32_t *)ops[2] : 0;
  q.output_offset = p[ARS_DW_OUTPUT_OFFSET];
  q.act_min = p[ARS_DW_ACT_MIN];
  q.act_max = p[ARS_DW_ACT_MAX];
  q.single = ars_single_rounding(p);
  win.x_row_step = dil_h * in_w * in_c;
  win.x_col_step = dil_w * in_c;
  win.w_row_step = kw * out_c;
  win.w_col_step = out_c;

  for (int32_t b = t->start[0]; b < t->end[0]; b++) {
    for (int32_t oy = t->start[1]; oy < t->end[1]; oy++) {
      const int32_t iy0 = oy * stride_h - pad_h;
      const int32_t ky0 = ars_first_tap(iy0, dil_h);
      const int32_t rows = ars_end_tap(iy0, dil_h, in_h, kh) - ky0;
      for (int32_t ox = t->start[2]; ox < t->end[2]; ox++) {
        const int32_t ix0 = ox * stride_w - pad_w;
        const int32_t kx0 = ars_first_tap(ix0, dil_w);
        const int32_t cols = ars_end_tap(ix0, dil_w, in_w, kw) - kx0;
        const int any = rows > 0 && cols > 0; /* else no tap: bias only */
        win.rows = any ? rows : 0;
        win.cols = any ? cols : 0;
        const int32_t iy = any ? iy0 + ky0 * dil_h : 0;
        const int32_t ix = any ? ix0 + kx0 * dil_w : 0;
        win.x = in + ((b * in_h + iy) * in_w + ix) * in_c;
        win.w = w + (any ? ky0 * kw + kx0 : 0) * out_c;
        dw_pixel(&win, &q, out + ((b * out_h + oy) * out_w + ox) * out_c, t->start[3], t->end[3]);
      }
    }
  }
  return ARS_KOK;
}
