/*
 * CONV_2D, int8 per-channel (reference_integer_ops::ConvPerChannel as compiler/ref/conv2d.ts runs
 * it): acc = sum over in-bounds taps of w * (x + input_offset) + bias, requantised per output
 * channel, + output zero point, clamped. Padding taps are skipped.
 *
 * With DSP instructions SXTAB16 adds the offset to x inside the dot products for free. Elsewhere
 * it is applied outside them: sum(w * x) + input_offset * sum(w). For interior pixels sum(w) over
 * all taps is precomputed on the host (record array offset_sum); border pixels sum the weights of
 * their in-bounds taps. Both equal the reference's int32 value modulo 2^32.
 *
 * Record (ars_params.h ars_layout_CONV): in N,H,W,C, out H,W,C, KH, KW, FILTER_C, OUT_PER_GROUP,
 * stride, dilation, pad (H,W), input offset, output offset, act min/max; then multiplier[OUT_C],
 * shift[OUT_C], offset_sum[OUT_C].
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
} conv_out_t;

/* Requantises channel oc's raw dot product; `border` selects the in-bounds weight sum. */
static inline int8_t conv_finish(const conv_out_t *q, int32_t oc, int32_t dot, int border,
                                 int32_t weight_sum) {
  int32_t acc = dot;
  if (!ARS_OFFSET_IN_DOT) {
    acc = ars_wadd(acc, border ? ars_wmul(q->input_offset, weight_sum) : q->offset_sum[oc]);
  }
  if (q->bias) acc = ars_wadd(acc, q->bias[oc]);
  const int32_t v = ars_requantize(acc, q->multiplier[oc], q->shift[oc], q->single);
  return (int8_t)ars_offset_clamp(v, q->output_offset, q->act_min, q->act_max);
}

/* The op's geometry, read once from the record. */
typedef struct {
  const int8_t *w;
  int32_t in_w, in_c, kw, filter_c, out_per_group, dil_w;
  int32_t filter_size; /* weights of one output channel */
  int32_t x_row_step;  /* input bytes between filter rows */
  int contiguous;      /* dilation 1 along W and no groups: a filter row's taps are contiguous */
  conv_out_t q;
} conv_t;

/* The in-bounds taps of one output pixel: x at the first tap, `rows` x `cols` taps from (ky0, kx0). */
typedef struct {
  const int8_t *x;
  int32_t ky0, kx0, rows, cols;
  int border;
} conv_window_t;

/* Output channels [oc, oc_end) of one pixel. */
ARS_NOINLINE static void conv_pixel(const conv_t *c, const conv_window_t *win, int8_t *o, int32_t oc,
                       int32_t oc_end) {
  const int border = !ARS_OFFSET_IN_DOT && win->border; /* weight sums needed */
  const int32_t off = c->q.input_offset;
  if (c->contiguous) {
    /* One run of cols * in_c bytes per filter row; two output channels share the input loads. */
    const int32_t run = win->cols * c->in_c;
    const int32_t w_step = c->kw * c->in_c;
    const int8_t *w = c->w + (win->ky0 * c->kw + win->kx0) * c->in_c + oc * c->filter_size;
    for (; oc + 1 < oc_end; oc += 2, w += 2 * c->filter_size) {
      int32_t acc[2];
      ars_dot_window2(win->x, w, w + c->filter_size, win->rows, run, c->x_row_step, w_step, off,
                      acc);
      const int32_t ws0 = border ? ars_sum_window(w, win->rows, run, w_step) : 0;
      const int32_t ws1 = border ? ars_sum_window(w + c->filter_size, win->rows, run, w_step) : 0;
      o[oc] = conv_finish(&c->q, oc, acc[0], border, ws0);
      o[oc + 1] = conv_finish(&c->q, oc + 1, acc[1], border, ws1);
    }
    if (oc < oc_end) {
      const int32_t acc = ars_dot_window(win->x, w, win->rows, run, c->x_row_step, w_step, off);
      o[oc] = conv_finish(&c->q, oc, acc, border, border ? ars_sum_window(w, win->rows, run, w_step) : 0);
    }
    return;
  }
  /* Dilation along W or groups: tap by tap, filter_c bytes each, from the group's channels. */
  const int32_t x_tap_step = c->dil_w * c->in_c;
  for (; oc < oc_end; oc++) {
    const int8_t *w = c->w + oc * c->filter_size + (win->ky0 * c->kw + win->kx0) * c->filter_c;
    const int8_t *x = win->x + (oc / c->out_per_group) * c->filter_c;
    int32_t acc = 0, ws = 0;
    for (int32_t r = 0; r < win->rows; r++, x += c->x_row_step, w += c->kw * c->filter_c) {
      acc += ars_dot_window(x, w, win->cols, c->filter_c, x_tap_step, c->filter_c, off);
      if (border) ws += ars_sum_window(w, win->cols, c->filter_c, c->filter_c);
    }
    o[oc] = conv_finish(&c->q, oc, acc, border, ws);
  }
}

int ars_conv_2d(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  const int32_t out_c = p[ARS_CONV_OUT_C];
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (out_c <= 0 || nin < 2 || ars_check_words(p, ARS_CONV_FIXED + 3 * out_c) != ARS_KOK)
    return ARS_KERR_BAD_PARAMS;
  const int8_t *in = (const int8_t *)ops[0];
  int8_t *out = (int8_t *)ops[nin];
  conv_t c;
  c.w = (const int8_t *)ops[1];
  if (!in || !c.w || !out) return ARS_KERR_BAD_OPERANDS;
  const int32_t in_h = p[ARS_CONV_IN_H], out_h = p[ARS_CONV_OUT_H], out_w = p[ARS_CONV_OUT_W];
  const int32_t kh = p[ARS_CONV_K_H], stride_h = p[ARS_CONV_STRIDE_H];
  const int32_t stride_w = p[ARS_CONV_STRIDE_W], dil_h = p[ARS_CONV_DILATION_H];
  const int32_t pad_h = p[ARS_CONV_PAD_H], pad_w = p[ARS_CONV_PAD_W];
  c.in_w = p[ARS_CONV_IN_W];
  c.in_c = p[ARS_CONV_IN_C];
  c.kw = p[ARS_CONV_K_W];
  c.filter_c = p[ARS_CONV_FILTER_C];
  c.out_per_group = p[ARS_CONV_OUT_PER_GROUP];
  c.dil_w = p[ARS_CONV_DILATION_W];
  const int32_t dims[4] = {p[ARS_CONV_IN_N], out_h, out_w, out_c};
  if (dil_h <= 0 || c.dil_w <= 0 || c.filter_c <= 0 || c.out_per_group <= 0)
    return ARS_KERR_BAD_PARAMS;
  if (ars_check_tile(t, dims) != ARS_KOK) return ARS_KERR_BAD_TILE;
  c.q.multiplier = p + ARS_CONV_FIXED;
  c.q.shift = c.q.multiplier + out_c;
  c.q.offset_sum = c.q.shift + out_c;
  c.q.bias = nin > 2 ? (const int32_t *)ops[2] : 0;
  c.q.input_offset = p[ARS_CONV_INPUT_OFFSET];
  c.q.output_offset = p[ARS_CONV_OUTPUT_OFFSET];
  c.q.act_min = p[ARS_CONV_ACT_MIN];
  c.q.act_max = p[ARS_CONV_ACT_MAX];
  c.q.single = ars_single_rounding(p);
  c.filter_size = kh * c.kw * c.filter_c;
  c.x_row_step = dil_h * c.in_w * c.in_c;
  c.contiguous = c.dil_w == 1 && c.filter_c == c.in_c;

  for (int32_t b = t->start[0]; b < t->end[0]; b++) {
    for (int32_t oy = t->start[1]; oy < t->end[1]; oy++) {
      const int32_t iy0 = oy * stride_h - pad_h;
      conv_window_t win;
      win.ky0 = ars_first_tap(iy0, dil_h);
      win.rows = ars_end_tap(iy0, dil_h, in_h, kh) - win.ky0;
      for (int32_t ox = t->start[2]; ox < t->end[2]; ox++) {
        const int32_t ix0 = ox * stride_w - pad_w;
        win.kx0 = ars_first_tap(ix0, c.dil_w);
        win.cols = ars_end_tap(ix0, c.dil_w, c.in_w, c.kw) - win.kx0;
        if (win.rows <= 0 || win.cols <= 0) win.rows = win.cols = win.ky0 = win.kx0 = 0;
        win.border = win.rows != kh || win.cols != c.kw;
        const int32_t iy = win.rows ? iy0 + win.ky0 * dil_h : 0;
        const int32_t ix = win.rows ? ix0 + win.kx0 * c.dil_w : 0;
        win.x = in + ((b * in_h + iy) * c.in_w + ix) * c.in_c;
        conv_pixel(&c, &win, out + ((b * out_h + oy) * out_w + ox) * out_c, t->start[3], t->end[3]);
      }
    }
  }
  return ARS_KOK;
}
