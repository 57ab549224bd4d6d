/*
 * MEAN int8 -> int8 over constant axes (reference_ops::QuantizedMeanOrSum as compiler/ref/mean.ts
 * runs it): an int32 sum of the raw input values per output element, minus zp_in * count,
 * requantised with the multiplier and shift into which the host folded 1 / count, plus zp_out,
 * clamped to int8. An input with a zero-sized dim gives zeros.
 *
 * Record (ars_params.h ars_layout_MEAN): in shape[4], reduced-dim flags[4], out shape[4],
 * zp_in * count (wrapped), output zero point, folded multiplier and shift, empty flag. The output's
 * flat index runs row-major over the kept input dims.
 */
#include "ars_internal.h"

int ars_mean(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (ars_check_words(p, ARS_MEAN_FIXED) != ARS_KOK) return ARS_KERR_BAD_PARAMS;
  const int8_t *in = (const int8_t *)ops[0];
  int8_t *out = (int8_t *)ops[nin];
  if (!in || !out) return ARS_KERR_BAD_OPERANDS;
  const int32_t *in_dims = p + ARS_MEAN_IN_D0;
  const int32_t *reduce = p + ARS_MEAN_REDUCE0;
  const int32_t *out_dims = p + ARS_MEAN_OUT_D0;
  if (ars_check_tile(t, out_dims) != ARS_KOK) return ARS_KERR_BAD_TILE;
  const int single = ars_single_rounding(p);
  const int32_t zp_total = p[ARS_MEAN_INPUT_ZERO_POINT_TOTAL];
  const int32_t out_zp = p[ARS_MEAN_OUTPUT_ZERO_POINT];
  const int32_t multiplier = p[ARS_MEAN_MULTIPLIER], shift = p[ARS_MEAN_SHIFT];
  const int empty = p[ARS_MEAN_EMPTY] != 0;
  int32_t stride[4], extent[4];
  stride[3] = 1;
  for (int d = 2; d >= 0; d--) stride[d] = stride[d + 1] * in_dims[d + 1];
  for (int d = 0; d < 4; d++) extent[d] = reduce[d] ? in_dims[d] : 1;

  for (int32_t i0 = t->start[0]; i0 < t->end[0]; i0++) {
    for (int32_t i1 = t->start[1]; i1 < t->end[1]; i1++) {
      for (int32_t i2 = t->start[2]; i2 < t->end[2]; i2++) {
        const int32_t row = ((i0 * out_dims[1] + i1) * out_dims[2] + i2) * out_dims[3];
        for (int32_t o = row + t->start[3]; o < row + t->end[3]; o++) {
          if (empty) {
            out[o] = 0;
            continue;
          }
          /* The input offset of output element o: its coordinates along the kept dims. */
          int32_t base = 0, rest = o;
          for (int d = 3; d >= 0; d--) {
            if (reduce[d]) continue;
            base += (rest % in_dims[d]) * stride[d];
            rest /= in_dims[d];
          }
          int32_t sum = 0;
          for (int32_t r0 = 0; r0 < extent[0]; r0++) {
            for (int32_t r1 = 0; r1 < extent[1]; r1++) {
              for (int32_t r2 = 0; r2 < extent[2]; r2++) {
                const int8_t *x = in + base + r0 * stride[0] + r1 * stride[1] + r2 * stride[2];
                for (int32_t r3 = 0; r3 < extent[3]; r3++) sum += x[r3 * stride[3]];
              }
            }
          }
          const int32_t v = ars_requantize(ars_wsub(sum, zp_total), multiplier, shift, single);
          out[o] = (int8_t)ars_offset_clamp(v, out_zp, -128, 127);
        }
      }
    }
  }
  return ARS_KOK;
}
