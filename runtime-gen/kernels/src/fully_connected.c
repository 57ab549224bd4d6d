/*
 * FULLY_CONNECTED, int8 (reference_integer_ops::FullyConnected / FullyConnectedPerChannel as
 * compiler/ref/fully-connected.ts runs them): weights [OUT_DEPTH, DEPTH], one batch row of DEPTH
 * input elements per output row, optional bias. acc = sum(w * x) + offset_sum[oc] (input_offset *
 * sum of row oc's weights; with DSP instructions the offset is added to x in the dot product) + filter_offset * sum(x + input_offset) + bias; requantised per output
 * row (per-tensor weights repeat one multiplier), + output zero point, clamped.
 *
 * Record (ars_params.h ars_layout_FC): out dims 0..2, OUT_DEPTH, DEPTH, input offset, filter
 * offset, output offset, act min/max; multiplier[OUT_DEPTH], shift[OUT_DEPTH], offset_sum[OUT_DEPTH].
 */
#include "ars_internal.h"
#include "dot.h"

typedef struct {
  const int32_t *multiplier;
  const int32_t *shift;
  const int32_t *offset_sum;
  const int32_t *bias;
  int32_t output_offset;
  int32_t act_min;
  int32_t act_max;
  int single;
} fc_out_t;

static inline int8_t fc_finish(const fc_out_t *q, int32_t oc, int32_t dot, int32_t row_term) {
  int32_t acc = ars_wadd(ARS_OFFSET_IN_DOT ? dot : ars_wadd(dot, q->offset_sum[oc]), row_term);
  if (q->bias) acc = ars_wadd(acc, q->bias[oc]);
  const int32_t v = ars_requantize(acc, q->multiplier[oc], q->shift[oc], q->single);
  return (int8_t)ars_offset_clamp(v, q->output_offset, q->act_min, q->act_max);
}

int ars_fully_connected(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  const int32_t out_depth = p[ARS_FC_OUT_DEPTH];
  const int32_t depth = p[ARS_FC_DEPTH];
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (out_depth <= 0 || depth < 0 || nin < 2 ||
      ars_check_words(p, ARS_FC_FIXED + 3 * out_depth) != ARS_KOK)
    return ARS_KERR_BAD_PARAMS;
  const int8_t *in = (const int8_t *)ops[0];
  const int8_t *w = (const int8_t *)ops[1];
  int8_t *out = (int8_t *)ops[nin];
  if (!in || !w || !out) return ARS_KERR_BAD_OPERANDS;
  const int32_t dims[4] = {p[ARS_FC_OUT_D0], p[ARS_FC_OUT_D1], p[ARS_FC_OUT_D2], out_depth};
  if (ars_check_tile(t, dims) != ARS_KOK) return ARS_KERR_BAD_TILE;
  fc_out_t q;
  q.multiplier = p + ARS_FC_FIXED;
  q.shift = q.multiplier + out_depth;
  q.offset_sum = q.shift + out_depth;
  q.bias = nin > 2 ? (const int32_t *)ops[2] : 0;
  q.output_offset = p[ARS_FC_OUTPUT_OFFSET];
  q.act_min = p[ARS_FC_ACT_MIN];
  q.act_max = p[ARS_FC_ACT_MAX];
  q.single = ars_single_rounding(p);
  const int32_t input_offset = p[ARS_FC_INPUT_OFFSET];
  const int32_t filter_offset = p[ARS_FC_FILTER_OFFSET];

  for (int32_t i0 = t->start[0]; i0 < t->end[0]; i0++) {
    for (int32_t i1 = t->start[1]; i1 < t->end[1]; i1++) {
      for (int32_t i2 = t->start[2]; i2 < t->end[2]; i2++) {
        const int32_t row = (i0 * dims[1] + i1) * dims[2] + i2;
        const int8_t *x = in + row * depth;
        int8_t *o = out + row * out_depth;
        /* weights_offset * sum(x + input_offset), zero for TFLite's symmetric int8 weights. */
        int32_t row_term = 0;
        if (filter_offset != 0) {
          const int32_t x_sum = ars_wadd(ars_sum_s8(x, depth), ars_wmul(input_offset, depth));
          row_term = ars_wmul(filter_offset, x_sum);
        }
        int32_t oc = t->start[3];
        for (; oc + 1 < t->end[3]; oc += 2) {
          const int8_t *w0 = w + oc * depth;
          int32_t acc[2];
          ars_dot_window2(x, w0, w0 + depth, 1, depth, 0, 0, input_offset, acc);
          o[oc] = fc_finish(&q, oc, acc[0], row_term);
          o[oc + 1] = fc_finish(&q, oc + 1, acc[1], row_term);
        }
        if (oc < t->end[3]) {
          const int32_t acc = ars_dot_window(x, w + oc * depth, 1, depth, 0, 0, input_offset);
          o[oc] = fc_finish(&q, oc, acc, row_term);
        }
      }
    }
  }
  return ARS_KOK;
}
