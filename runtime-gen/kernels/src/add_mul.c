/*
 * ADD and MUL, int8, with numpy broadcasting (reference_integer_ops::Add / BroadcastAdd6DSlow and
 * Mul / BroadcastMul6DSlow as compiler/ref/add.ts and mul.ts run them). The host gives each input's
 * element strides along the 4 output dims (0 where it broadcasts).
 *   ADD: x_i = MBQM((q_i + offset_i) << left_shift, m_i, s_i); MBQM(x_1 + x_2, m_out, s_out) + zp
 *   MUL: MBQM((q_1 + offset_1) * (q_2 + offset_2), m_out, s_out) + zp
 * both clamped to the fused activation's range.
 *
 * Records (ars_params.h ars_layout_ADD / ars_layout_MUL): out shape[4], in1 strides[4], in2
 * strides[4], then the arithmetic fields.
 */
#include "ars_internal.h"

/* The element-wise walk shared by ADD and MUL: fields at the same offsets in both records. */
typedef char ars_add_mul_share_strides[(int)ARS_MUL_IN2_STRIDE3 == (int)ARS_ADD_IN2_STRIDE3 ? 1 : -1];

typedef struct {
  const int8_t *a;
  const int8_t *b;
  int8_t *out;
  int32_t dims[4];
  int32_t s1[4];
  int32_t s2[4];
} bcast_t;

static int bcast_setup(bcast_t *w, const int32_t *p, void *const *ops, const ars_tile_t *t,
                       int32_t fixed) {
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (nin < 2 || ars_check_words(p, fixed) != ARS_KOK) return ARS_KERR_BAD_PARAMS;
  w->a = (const int8_t *)ops[0];
  w->b = (const int8_t *)ops[1];
  w->out = (int8_t *)ops[nin];
  if (!w->a || !w->b || !w->out) return ARS_KERR_BAD_OPERANDS;
  for (int d = 0; d < 4; d++) {
    w->dims[d] = p[ARS_ADD_OUT_D0 + d];
    w->s1[d] = p[ARS_ADD_IN1_STRIDE0 + d];
    w->s2[d] = p[ARS_ADD_IN2_STRIDE0 + d];
  }
  return ars_check_tile(t, w->dims);
}

int ars_add(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  bcast_t w;
  const int rc = bcast_setup(&w, p, ops, t, ARS_ADD_FIXED);
  if (rc != ARS_KOK) return rc;
  const int single = ars_single_rounding(p);
  const int32_t off1 = p[ARS_ADD_IN1_OFFSET], off2 = p[ARS_ADD_IN2_OFFSET];
  const int32_t scale_shift = (int32_t)(1u << (p[ARS_ADD_LEFT_SHIFT] & 31));
  const int32_t m1 = p[ARS_ADD_IN1_MULTIPLIER], sh1 = p[ARS_ADD_IN1_SHIFT];
  const int32_t m2 = p[ARS_ADD_IN2_MULTIPLIER], sh2 = p[ARS_ADD_IN2_SHIFT];
  const int32_t mo = p[ARS_ADD_OUT_MULTIPLIER], sho = p[ARS_ADD_OUT_SHIFT];
  const int32_t out_off = p[ARS_ADD_OUTPUT_OFFSET];
  const int32_t act_min = p[ARS_ADD_ACT_MIN], act_max = p[ARS_ADD_ACT_MAX];
  for (int32_t i0 = t->start[0]; i0 < t->end[0]; i0++) {
    for (int32_t i1 = t->start[1]; i1 < t->end[1]; i1++) {
      for (int32_t i2 = t->start[2]; i2 < t->end[2]; i2++) {
        const int32_t row = ((i0 * w.dims[1] + i1) * w.dims[2] + i2) * w.dims[3];
        int32_t ia = i0 * w.s1[0] + i1 * w.s1[1] + i2 * w.s1[2] + t->start[3] * w.s1[3];
        int32_t ib = i0 * w.s2[0] + i1 * w.s2[1] + i2 * w.s2[2] + t->start[3] * w.s2[3];
        for (int32_t i3 = t->start[3]; i3 < t->end[3]; i3++, ia += w.s1[3], ib += w.s2[3]) {
          const int32_t x1 = ars_requantize(ars_wmul(w.a[ia] + off1, scale_shift), m1, sh1, single);
          const int32_t x2 = ars_requantize(ars_wmul(w.b[ib] + off2, scale_shift), m2, sh2, single);
          const int32_t v = ars_requantize(ars_wadd(x1, x2), mo, sho, single);
          w.out[row + i3] = (int8_t)ars_offset_clamp(v, out_off, act_min, act_max);
        }
      }
    }
  }
  return ARS_KOK;
}

int ars_mul(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  bcast_t w;
  const int rc = bcast_setup(&w, p, ops, t, ARS_MUL_FIXED);
  if (rc != ARS_KOK) return rc;
  const int single = ars_single_rounding(p);
  const int32_t off1 = p[ARS_MUL_IN1_OFFSET], off2 = p[ARS_MUL_IN2_OFFSET];
  const int32_t mo = p[ARS_MUL_OUT_MULTIPLIER], sho = p[ARS_MUL_OUT_SHIFT];
  const int32_t out_off = p[ARS_MUL_OUTPUT_OFFSET];
  const int32_t act_min = p[ARS_MUL_ACT_MIN], act_max = p[ARS_MUL_ACT_MAX];
  for (int32_t i0 = t->start[0]; i0 < t->end[0]; i0++) {
    for (int32_t i1 = t->start[1]; i1 < t->end[1]; i1++) {
      for (int32_t i2 = t->start[2]; i2 < t->end[2]; i2++) {
        const int32_t row = ((i0 * w.dims[1] + i1) * w.dims[2] + i2) * w.dims[3];
        int32_t ia = i0 * w.s1[0] + i1 * w.s1[1] + i2 * w.s1[2] + t->start[3] * w.s1[3];
        int32_t ib = i0 * w.s2[0] + i1 * w.s2[1] + i2 * w.s2[2] + t->start[3] * w.s2[3];
        for (int32_t i3 = t->start[3]; i3 < t->end[3]; i3++, ia += w.s1[3], ib += w.s2[3]) {
          const int32_t product = (w.a[ia] + off1) * (w.b[ib] + off2);
          const int32_t v = ars_requantize(product, mo, sho, single);
          w.out[row + i3] = (int8_t)ars_offset_clamp(v, out_off, act_min, act_max);
        }
      }
    }
  }
  return ARS_KOK;
}
