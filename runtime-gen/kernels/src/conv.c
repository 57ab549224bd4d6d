/*
 * CONV_2D, int8 per-channel (reference_integer_ops::ConvPerChannel as compiler/ref/conv2d.ts runs
 * it): acc = sum over in-bounds taps of w * (x + input_offset) + bias, requantised per output
 * channel, + output zero point, clamped. Padding taps are skipped.
 *
 * The offset is applied outside the dot products: sum(w * x) + input_offset * sum(w). For interior
 * pixels sum(w) over all taps is precomputed on the host (record array offset_sum); border pixels
 * sum the weights of their in-bounds taps. Both equal the reference's int32 value modulo 2^32.
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
  int32_t acc = ars_wadd(dot, border ? ars_wmul(q->input_offset, weight_sum) : q->offset_sum[oc]);
  if (q->bias) acc = ars_wadd(acc, q->bias[oc]);
  const int32_t v = ars_requantize(acc, q->multiplier[oc], q->shift[oc], q->single);
  return (int8_t)ars_offset_clamp(v, q->output_offset, q->act_min, q->act_max);
}

int ars_conv_2d(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  const int32_t out_c = p[ARS_CONV_OUT_C];
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (out_c <= 0 || nin < 2 || ars_check_words(p, ARS_CONV_FIXED + 3 * out_c) != ARS_KOK)
    return ARS_KERR_BAD_PARAMS;
  const int8_t *in = (const int8_t *)ops[0];
  const int8_t *w = (const int8_t *)ops[1];
  int8_t *out = (int8_t *)ops[nin];
  if (!in || !w || !out) return ARS_KERR_BAD_OPERANDS;
  const int32_t in_h = p[ARS_CONV_IN_H], in_w = p[ARS_CONV_IN_W], in_c = p[ARS_CONV_IN_C];
  const int32_t out_h = p[ARS_CONV_OUT_H], out_w = p[ARS_CONV_OUT_W];
  const int32_t kh = p[ARS_CONV_K_H], kw = p[ARS_CONV_K_W], filter_c = p[ARS_CONV_FILTER_C];
  const int32_t out_per_group = p[ARS_CONV_OUT_PER_GROUP];
  const int32_t stride_h = p[ARS_CONV_STRIDE_H], stride_w = p[ARS_CONV_STRIDE_W];
  const int32_t dil_h = p[ARS_CONV_DILATION_H], dil_w = p[ARS_CONV_DILATION_W];
  const int32_t pad_h = p[ARS_CONV_PAD_H], pad_w = p[ARS_CONV_PAD_W];
  const int32_t dims[4] = {p[ARS_CONV_IN_N], out_h, out_w, out_c};
  if (dil_h <= 0 || dil_w <= 0 || filter_c <= 0 || out_per_group <= 0) return ARS_KERR_BAD_PARAMS;
  if (ars_check_tile(t, dims) != ARS_KOK) return ARS_KERR_BAD_TILE;
  conv_out_t q;
  q.multiplier = p + ARS_CONV_FIXED;
  q.shift = q.multiplier + out_c;
  q.offset_sum = q.shift + out_c;
  q.bias = nin > 2 ? (const int32_t *)ops[2] : 0;
  q.input_offset = p[ARS_CONV_INPUT_OFFSET];
  q.output_offset = p[ARS_CONV_OUTPUT_OFFSET];
  q.act_min = p[ARS_CONV_ACT_MIN];
  q.act_max = p[ARS_CONV_ACT_MAX];
  q.single = ars_single_rounding(p);
  const int32_t filter_size = kh * kw * filter_c; /* weights of one output channel */
  /* With dilation 1 along W and no groups, the in-bounds taps of one filter row are contiguous in
     both the input and the filter: one dot product per row. */
  const int contiguous = dil_w == 1 && filter_c == in_c;

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
        int8_t *o = out + ((b * out_h + oy) * out_w + ox) * out_c;
        const int32_t run = kx1 > kx0 ? (kx1 - kx0) * in_c : 0;
        int32_t oc = t->start[3];
        if (contiguous) {
          /* Two output channels per pass share the input loads. */
          for (; oc + 1 < t->end[3]; oc += 2) {
            const int8_t *w0 = w + oc * filter_size;
            int32_t acc0 = 0, acc1 = 0, ws0 = 0, ws1 = 0;
            for (int32_t ky = ky0; ky < ky1; ky++) {
              const int8_t *x = in + ((b * in_h + iy0 + ky * dil_h) * in_w + ix0 + kx0) * in_c;
              const int8_t *wr = w0 + (ky * kw + kx0) * in_c;
              ars_dot2_s8(wr, wr + filter_size, x, run, &acc0, &acc1);
              if (border) {
                ws0 += ars_sum_s8(wr, run);
                ws1 += ars_sum_s8(wr + filter_size, run);
              }
            }
            o[oc] = conv_finish(&q, oc, acc0, border, ws0);
            o[oc + 1] = conv_finish(&q, oc + 1, acc1, border, ws1);
          }
        }
        for (; oc < t->end[3]; oc++) {
          const int8_t *w0 = w + oc * filter_size;
          const int32_t ic_base = contiguous ? 0 : (oc / out_per_group) * filter_c;
          int32_t acc = 0, ws = 0;
          for (int32_t ky = ky0; ky < ky1; ky++) {
            const int32_t row = (b * in_h + iy0 + ky * dil_h) * in_w;
            if (contiguous) {
              const int8_t *wr = w0 + (ky * kw + kx0) * in_c;
              acc += ars_dot_s8(wr, in + (row + ix0 + kx0) * in_c, run);
              if (border) ws += ars_sum_s8(wr, run);
              continue;
            }
            for (int32_t kx = kx0; kx < kx1; kx++) {
              const int8_t *wr = w0 + (ky * kw + kx) * filter_c;
              acc += ars_dot_s8(wr, in + (row + ix0 + kx * dil_w) * in_c + ic_base, filter_c);
              if (border) ws += ars_sum_s8(wr, filter_c);
            }
          }
          o[oc] = conv_finish(&q, oc, acc, border, ws);
        }
      }
    }
  }
  return ARS_KOK;
}
