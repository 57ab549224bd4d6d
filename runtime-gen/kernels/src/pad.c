/*
 * PAD (reference_ops::Pad as compiler/ref/pad.ts runs it): output elements inside the shifted
 * input box copy the input, the others take the pad value (constant_values, else the output zero
 * point). Works row by row along the last dim: fill, copy, fill.
 *
 * Record (ars_params.h ars_layout_PAD): in shape[4], out shape[4], leading pads[4], element bytes,
 * pad value (raw bits), pad-from-operand flag (then the value is element 0 of operand 2).
 */
#include "ars_internal.h"

static uint32_t pad_value_of(const int32_t *p, void *const *ops, int32_t elem) {
  if (!p[ARS_PAD_PAD_OPERAND] || p[ARS_HDR_INPUTS] < 3 || !ops[2]) {
    return (uint32_t)p[ARS_PAD_PAD_VALUE];
  }
  if (elem == 4) return *(const uint32_t *)ops[2];
  if (elem == 2) return *(const uint16_t *)ops[2];
  return *(const uint8_t *)ops[2];
}

int ars_pad(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (ars_check_words(p, ARS_PAD_FIXED) != ARS_KOK) return ARS_KERR_BAD_PARAMS;
  const uint8_t *in = (const uint8_t *)ops[0];
  uint8_t *out = (uint8_t *)ops[nin];
  if (!in || !out) return ARS_KERR_BAD_OPERANDS;
  const int32_t *in_dims = p + ARS_PAD_IN_D0;
  const int32_t *out_dims = p + ARS_PAD_OUT_D0;
  const int32_t *before = p + ARS_PAD_BEFORE0;
  const int32_t elem = p[ARS_PAD_ELEM_BYTES];
  if (elem != 1 && elem != 2 && elem != 4) return ARS_KERR_BAD_PARAMS;
  if (ars_check_tile(t, out_dims) != ARS_KOK) return ARS_KERR_BAD_TILE;
  const uint32_t value = pad_value_of(p, ops, elem);
  const int32_t s3 = t->start[3], e3 = t->end[3];
  /* The columns [lo, hi) of a row that come from the input. */
  int32_t lo = before[3] > s3 ? before[3] : s3;
  int32_t hi = before[3] + in_dims[3] < e3 ? before[3] + in_dims[3] : e3;
  if (hi < lo) hi = lo;
  for (int32_t i0 = t->start[0]; i0 < t->end[0]; i0++) {
    const int32_t j0 = i0 - before[0];
    for (int32_t i1 = t->start[1]; i1 < t->end[1]; i1++) {
      const int32_t j1 = i1 - before[1];
      for (int32_t i2 = t->start[2]; i2 < t->end[2]; i2++) {
        const int32_t j2 = i2 - before[2];
        uint8_t *o = out + ((i0 * out_dims[1] + i1) * out_dims[2] + i2) * out_dims[3] * elem;
        const int inside = j0 >= 0 && j0 < in_dims[0] && j1 >= 0 && j1 < in_dims[1] && j2 >= 0 &&
                           j2 < in_dims[2];
        if (!inside || lo == hi) {
          ars_fill(o + s3 * elem, e3 - s3, value, elem);
          continue;
        }
        const int32_t in_row = ((j0 * in_dims[1] + j1) * in_dims[2] + j2) * in_dims[3];
        ars_fill(o + s3 * elem, lo - s3, value, elem);
        ars_copy_bytes(o + lo * elem, in + (in_row + lo - before[3]) * elem, (hi - lo) * elem);
        ars_fill(o + hi * elem, e3 - hi, value, elem);
      }
    }
  }
  return ARS_KOK;
}
