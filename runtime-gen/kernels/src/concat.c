/*
 * CONCATENATION (reference_ops::Concatenation as compiler/ref/concatenation.ts runs it): a copy of
 * the inputs' elements along the axis, no requantisation; with a fused activation (int8) the
 * copied values are clamped in the output's units. Any tile works: each output row (last dim)
 * copies from the one input that holds it or, when the axis is the last dim, from each input
 * overlapping the row's range.
 *
 * Record (ars_params.h ars_layout_CONCAT): out shape[4], axis (4-D), element bytes, clamp flag,
 * act min/max; then axis_start[inputs + 1].
 */
#include "ars_internal.h"

static void clamp_run(int8_t *o, int32_t n, int32_t lo, int32_t hi) {
  for (int32_t i = 0; i < n; i++) o[i] = (int8_t)ars_clamp(o[i], lo, hi);
}

int ars_concatenation(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (ars_check_words(p, ARS_CONCAT_FIXED + nin + 1) != ARS_KOK) return ARS_KERR_BAD_PARAMS;
  const int32_t *dims = p + ARS_CONCAT_OUT_D0;
  const int32_t axis = p[ARS_CONCAT_AXIS], elem = p[ARS_CONCAT_ELEM_BYTES];
  const int clamp = p[ARS_CONCAT_CLAMP] != 0 && elem == 1;
  const int32_t act_min = p[ARS_CONCAT_ACT_MIN], act_max = p[ARS_CONCAT_ACT_MAX];
  const int32_t *starts = p + ARS_CONCAT_FIXED;
  if (axis < 0 || axis > 3 || elem <= 0 || starts[0] != 0 || starts[nin] != dims[axis])
    return ARS_KERR_BAD_PARAMS;
  uint8_t *out = (uint8_t *)ops[nin];
  if (!out) return ARS_KERR_BAD_OPERANDS;
  for (int32_t k = 0; k < nin; k++) {
    if (!ops[k] || starts[k + 1] < starts[k]) return ARS_KERR_BAD_OPERANDS;
  }
  if (ars_check_tile(t, dims) != ARS_KOK) return ARS_KERR_BAD_TILE;
  const int32_t s3 = t->start[3], e3 = t->end[3];
  if (s3 >= e3) return ARS_KOK;
  int32_t at[4];
  for (at[0] = t->start[0]; at[0] < t->end[0]; at[0]++) {
    for (at[1] = t->start[1]; at[1] < t->end[1]; at[1]++) {
      for (at[2] = t->start[2]; at[2] < t->end[2]; at[2]++) {
        const int32_t out_row = ((at[0] * dims[1] + at[1]) * dims[2] + at[2]) * dims[3];
        for (int32_t k = 0; k < nin; k++) {
          const int32_t extent = starts[k + 1] - starts[k];
          int32_t lo = s3, hi = e3, shift = 0;
          if (axis == 3) {
            lo = starts[k] > s3 ? starts[k] : s3;
            hi = starts[k + 1] < e3 ? starts[k + 1] : e3;
            shift = starts[k];
          } else if (at[axis] < starts[k] || at[axis] >= starts[k + 1]) {
            continue;
          }
          if (lo >= hi) continue;
          /* The row's element index in input k: the output's with the axis coordinate shifted. */
          int32_t in_dims[4] = {dims[0], dims[1], dims[2], dims[3]};
          int32_t j[4] = {at[0], at[1], at[2], 0};
          in_dims[axis] = extent;
          if (axis < 3) j[axis] -= starts[k];
          const int32_t in_row = ((j[0] * in_dims[1] + j[1]) * in_dims[2] + j[2]) * in_dims[3];
          uint8_t *o = out + (out_row + lo) * elem;
          ars_copy_bytes(o, (const uint8_t *)ops[k] + (in_row + lo - shift) * elem, (hi - lo) * elem);
          if (clamp) clamp_run((int8_t *)o, hi - lo, act_min, act_max);
        }
      }
    }
  }
  return ARS_KOK;
}
