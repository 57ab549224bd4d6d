/*
 * DEPTHWISE_CONV_2D, int8 per-channel (reference_integer_ops::DepthwiseConvPerChannel as
 * compiler/ref/depthwise-conv2d.ts runs it): output channel oc = ic * M + m reads input channel ic;
 * filter [1, KH, KW, OUT_C]. Accumulation, padding and requantisation as CONV_2D, with the input
 * offset applied as input_offset * sum(w) (precomputed per channel for interior pixels).
 *
 * With depth multiplier 1, four channels are computed per pass over the taps (contiguous loads of
 * input and weights); with __ARM_FEATURE_DSP the four products come from SXTB16 + SMLABB/SMLATT.
 *
 * Record (ars_params.h ars_layout_DW): in N,H,W,C, out H,W,C, KH, KW, depth multiplier, stride,
 * dilation, pad (H,W), input offset, output offset, act min/max; multiplier[], shift[],
 * offset_sum[] (OUT_C each).
 */
#include "ars_internal.h"
#include "dot.h"

typedef struct {
  const int32_t *multiplier;
  const int32_t *shift;
  const int32_t *offset_sum;
  const int32_t *bias;
  int32_t input_offset;
  int32_t output_offset;
  int32_t act_min;
  int32_t act_max;
  int single;
} dw_out_t;

static inline int8_t dw_finish(const dw_out_t *q, int32_t oc, int32_t dot, int border,
                               int32_t weight_sum) {
  int32_t acc = ars_wadd(dot, border ? ars_wmul(q->input_offset, weight_sum) : q->offset_sum[oc]);
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
} dw_window_t;

/* Sum of channel oc's weights over the window's taps (border pixels). */
static int32_t dw_weight_sum(const dw_window_t *win, int32_t oc) {
  int32_t s = 0;
  const int8_t *wr = win->w + oc;
  for (int32_t r = 0; r < win->rows; r++, wr += win->w_row_step) {
    for (int32_t c = 0; c < win->cols; c++) s += wr[c * win->w_col_step];
  }
  return s;
}

/* Raw dot products of channels oc..oc+3 (depth multiplier 1: input channel = output channel). */
static void dw_dot4(const dw_window_t *win, int32_t oc, int32_t acc[4]) {
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  const int8_t *xr = win->x + oc;
  const int8_t *wr = win->w + oc;
  for (int32_t r = 0; r < win->rows; r++, xr += win->x_row_step, wr += win->w_row_step) {
    const int8_t *x = xr;
    const int8_t *w = wr;
    for (int32_t c = 0; c < win->cols; c++, x += win->x_col_step, w += win->w_col_step) {
#if defined(ARS_DSP)
      const uint32_t vx = ars_load4(x);
      const uint32_t vw = ars_load4(w);
      const int32_t xe = ars_sxtb16(vx), we = ars_sxtb16(vw);
      const int32_t xo = ars_sxtb16(ars_ror8(vx)), wo = ars_sxtb16(ars_ror8(vw));
      a0 = ars_smlabb(xe, we, a0);
      a2 = ars_smlatt(xe, we, a2);
      a1 = ars_smlabb(xo, wo, a1);
      a3 = ars_smlatt(xo, wo, a3);
#else
      a0 += x[0] * w[0];
      a1 += x[1] * w[1];
      a2 += x[2] * w[2];
      a3 += x[3] * w[3];
#endif
    }
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

/* Raw dot product of channel oc reading input channel ic. */
static int32_t dw_dot1(const dw_window_t *win, int32_t oc, int32_t ic) {
  int32_t a = 0;
  const int8_t *xr = win->x + ic;
  const int8_t *wr = win->w + oc;
  for (int32_t r = 0; r < win->rows; r++, xr += win->x_row_step, wr += win->w_row_step) {
    const int8_t *x = xr;
    const int8_t *w = wr;
    for (int32_t c = 0; c < win->cols; c++, x += win->x_col_step, w += win->w_col_step) {
      a += *x * *w;
    }
  }
  return a;
}

int ars_depthwise_conv_2d(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  const int32_t out_c = p[ARS_DW_OUT_C];
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (out_c <= 0 || nin < 2 || ars_check_words(p, ARS_DW_FIXED + 3 * out_c) != ARS_KOK)
    return ARS_KERR_BAD_PARAMS;
  const int8_t *in = (const int8_t *)ops[0];
  const int8_t *w = (const int8_t *)ops[1];
  int8_t *out = (int8_t *)ops[nin];
  if (!in || !w || !out) return ARS_KERR_BAD_OPERANDS;
  const int32_t in_h = p[ARS_DW_IN_H], in_w = p[ARS_DW_IN_W], in_c = p[ARS_DW_IN_C];
  const int32_t out_h = p[ARS_DW_OUT_H], out_w = p[ARS_DW_OUT_W];
  const int32_t kh = p[ARS_DW_K_H], kw = p[ARS_DW_K_W], mult = p[ARS_DW_DEPTH_MULTIPLIER];
  const int32_t stride_h = p[ARS_DW_STRIDE_H], stride_w = p[ARS_DW_STRIDE_W];
  const int32_t dil_h = p[ARS_DW_DILATION_H], dil_w = p[ARS_DW_DILATION_W];
  const int32_t pad_h = p[ARS_DW_PAD_H], pad_w = p[ARS_DW_PAD_W];
  const int32_t dims[4] = {p[ARS_DW_IN_N], out_h, out_w, out_c};
  if (dil_h <= 0 || dil_w <= 0 || mult <= 0 || in_c * mult != out_c) return ARS_KERR_BAD_PARAMS;
  if (ars_check_tile(t, dims) != ARS_KOK) return ARS_KERR_BAD_TILE;
  dw_out_t q;
  q.multiplier = p + ARS_DW_FIXED;
  q.shift = q.multiplier + out_c;
  q.offset_sum = q.shift + out_c;
  q.bias = nin > 2 ? (const int32_t *)ops[2] : 0;
  q.input_offset = p[ARS_DW_INPUT_OFFSET];
  q.output_offset = p[ARS_DW_OUTPUT_OFFSET];
  q.act_min = p[ARS_DW_ACT_MIN];
  q.act_max = p[ARS_DW_ACT_MAX];
  q.single = ars_single_rounding(p);
  dw_window_t win;
  win.x_row_step = dil_h * in_w * in_c;
  win.x_col_step = dil_w * in_c;
  win.w_row_step = kw * out_c;
  win.w_col_step = out_c;

  for (int32_t b = t->start[0]; b < t->end[0]; b++) {
    for (int32_t oy = t->start[1]; oy < t->end[1]; oy++) {
      const int32_t iy0 = oy * stride_h - pad_h;
      const int32_t ky0 = ars_first_tap(iy0, dil_h);
      const int32_t ky1 = ars_end_tap(iy0, dil_h, in_h, kh);
      for (int32_t ox = t->start[2]; ox < t->end[2]; ox++) {
        const int32_t ix0 = ox * stride_w - pad_w;
        const int32_t kx0 = ars_first_tap(ix0, dil_w);
        const int32_t kx1 = ars_end_tap(ix0, dil_w, in_w, kw);
        const int border = ky0 != 0 || ky1 != kh || kx0 != 0 || kx1 != kw;
        win.rows = ky1 > ky0 ? ky1 - ky0 : 0;
        win.cols = kx1 > kx0 ? kx1 - kx0 : 0;
        if (win.rows == 0 || win.cols == 0) win.rows = win.cols = 0; /* no tap: bias only */
        const int32_t iy = win.rows ? iy0 + ky0 * dil_h : 0;
        const int32_t ix = win.rows ? ix0 + kx0 * dil_w : 0;
        win.x = in + ((b * in_h + iy) * in_w + ix) * in_c;
        win.w = w + (win.rows ? ky0 * kw + kx0 : 0) * out_c;
        int8_t *o = out + ((b * out_h + oy) * out_w + ox) * out_c;
        int32_t oc = t->start[3];
        if (mult == 1) {
          for (; oc + 3 < t->end[3]; oc += 4) {
            int32_t acc[4];
            dw_dot4(&win, oc, acc);
            for (int32_t k = 0; k < 4; k++) {
              o[oc + k] = dw_finish(&q, oc + k, acc[k], border,
                                    border ? dw_weight_sum(&win, oc + k) : 0);
            }
          }
        }
        for (; oc < t->end[3]; oc++) {
          const int32_t acc = dw_dot1(&win, oc, oc / mult);
          o[oc] = dw_finish(&q, oc, acc, border, border ? dw_weight_sum(&win, oc) : 0);
        }
      }
    }
  }
  return ARS_KOK;
}
