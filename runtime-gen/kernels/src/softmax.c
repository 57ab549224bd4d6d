/*
 * SOFTMAX int8 -> int8 over the last dim (reference_ops::Softmax as compiler/ref/softmax.ts runs
 * it; output scale 1/256, zero point -128): differences from the row maximum rescaled to Q5.26,
 * gemmlowp exp, their sum in Q12.19, a fixed-point reciprocal. Every row the tile touches is read
 * whole; only the tile's columns are written, so any tile works.
 *
 * Record (ars_params.h ars_layout_SOFTMAX): shape[4], input multiplier, input left shift, diff_min.
 */
#include "ars_internal.h"
#include "fixedpoint.h"

#define SCALED_DIFF_INTEGER_BITS 5
#define ACCUMULATION_INTEGER_BITS 12

static inline int32_t softmax_exp(int32_t diff, int32_t multiplier, int32_t left_shift, int single) {
  return fp_exp_on_negative_values(ars_requantize(diff, multiplier, left_shift, single),
                                   SCALED_DIFF_INTEGER_BITS);
}

int ars_softmax(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (ars_check_words(p, ARS_SOFTMAX_FIXED) != ARS_KOK) return ARS_KERR_BAD_PARAMS;
  const int8_t *in = (const int8_t *)ops[0];
  int8_t *out = (int8_t *)ops[nin];
  if (!in || !out) return ARS_KERR_BAD_OPERANDS;
  const int32_t *dims = p + ARS_SOFTMAX_D0;
  if (ars_check_tile(t, dims) != ARS_KOK) return ARS_KERR_BAD_TILE;
  const int single = ars_single_rounding(p);
  const int32_t multiplier = p[ARS_SOFTMAX_INPUT_MULTIPLIER];
  const int32_t left_shift = p[ARS_SOFTMAX_INPUT_LEFT_SHIFT];
  const int32_t diff_min = p[ARS_SOFTMAX_DIFF_MIN];
  const int32_t depth = dims[3];
  if (t->start[3] >= t->end[3]) return ARS_KOK;
  for (int32_t i0 = t->start[0]; i0 < t->end[0]; i0++) {
    for (int32_t i1 = t->start[1]; i1 < t->end[1]; i1++) {
      for (int32_t i2 = t->start[2]; i2 < t->end[2]; i2++) {
        const int32_t row = ((i0 * dims[1] + i1) * dims[2] + i2) * depth;
        const int8_t *x = in + row;
        int32_t max_in_row = -128;
        for (int32_t c = 0; c < depth; c++) {
          if (x[c] > max_in_row) max_in_row = x[c];
        }
        int32_t sum_of_exps = 0; /* Q12.19 */
        for (int32_t c = 0; c < depth; c++) {
          const int32_t diff = x[c] - max_in_row;
          if (diff >= diff_min) {
            const int32_t e = softmax_exp(diff, multiplier, left_shift, single);
            sum_of_exps = ars_wadd(sum_of_exps, fp_rescale(e, 0, ACCUMULATION_INTEGER_BITS));
          }
        }
        int32_t num_bits_over_unit;
        const int32_t reciprocal =
            fp_get_reciprocal(sum_of_exps, ACCUMULATION_INTEGER_BITS, &num_bits_over_unit);
        const int32_t exponent = num_bits_over_unit + 31 - 8;
        if (exponent < 0 || exponent > 31) return ARS_KERR_UNSUPPORTED; /* the reference throws */
        for (int32_t c = t->start[3]; c < t->end[3]; c++) {
          const int32_t diff = x[c] - max_in_row;
          if (diff < diff_min) {
            out[row + c] = -128;
            continue;
          }
          const int32_t e = softmax_exp(diff, multiplier, left_shift, single);
          const int32_t unsaturated = ars_rdbp(ars_srdhm(reciprocal, e), exponent);
          out[row + c] = (int8_t)ars_offset_clamp(unsaturated, -128, -128, 127);
        }
      }
    }
  }
  return ARS_KOK;
}
