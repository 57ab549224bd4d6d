/*
 * ADD and MUL, int8, with numpy broadcasting (reference_integer_ops::Add / BroadcastAdd6DSlow and
 * Mul / BroadcastMul6DSlow as compiler/ref/add.ts and mul.ts run them). The host gives each input's
 * element strides along the 4 output dims (0 where it broadcasts).
 *   ADD: x_i = MBQM((q_i - zp_i) << 20, m_i, s_i), read from the record's 256-entry table of each
 *        input (the host computed them with the reference's requantizer); then
 *        MBQM(x_1 + x_2, m_out, s_out) + zp_out
 *   MUL: MBQM((q_1 + offset_1) * (q_2 + offset_2), m_out, s_out) + zp_out
 * both clamped to the fused activation's range.
 *
 * Records (ars_params.h ars_layout_ADD / ars_layout_MUL): out shape[4], in1 strides[4], in2
 * strides[4], output multiplier, shift, zero point, act min/max; ADD: in1_scaled[256],
 * in2_scaled[256]; MUL: the two input offsets.
 */
#include "ars_internal.h"

/* The element-wise walk shared by ADD and MUL: fields at the same offsets in both records. */
typedef char ars_add_mul_share_fields[(int)ARS_MUL_ACT_MAX == (int)ARS_ADD_ACT_MAX ? 1 : -1];

typedef struct {
  const int8_t *a;
  const int8_t *b;
  int8_t *out;
  int32_t dims[4];
  int32_t s1[4];
  int32_t s2[4];
  int32_t out_multiplier, out_shift, out_offset, act_min, act_max;
  int single;
} bcast_t;

static int bcast_setup(bcast_t *w, const int32_t *p, void *const *ops, const ars_tile_t *t,
                       int32_t words) {
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (nin < 2 || ars_check_words(p, words) != ARS_KOK) return ARS_KERR_BAD_PARAMS;
  w->a = (const int8_t *)ops[0];
  w->b = (const int8_t *)ops[1];
  w->out = (int8_t *)ops[nin];
  if (!w->a || !w->b || !w->out) return ARS_KERR_BAD_OPERANDS;
  for (int d = 0; d < 4; d++) {
    w->dims[d] = p[ARS_ADD_OUT_D0 + d];
    w->s1[d] = p[ARS_ADD_IN1_STRIDE0 + d];
    w->s2[d] = p[ARS_ADD_IN2_STRIDE0 + d];
  }
  w->out_multiplier = p[ARS_ADD_OUT_MULTIPLIER];
  w->out_shift = p[ARS_ADD_OUT_SHIFT];
  w->out_offset = p[ARS_ADD_OUTPUT_OFFSET];
  w->act_min = p[ARS_ADD_ACT_MIN];
  w->act_max = p[ARS_ADD_ACT_MAX];
  w->single = ars_single_rounding(p);
  return ars_check_tile(t, w->dims);
}

static inline int8_t bcast_finish(const bcast_t *w, int32_t x) {
  const int32_t v = ars_requantize(x, w->out_multiplier, w->out_shift, w->single);
  return (int8_t)ars_offset_clamp(v, w->out_offset, w->act_min, w->act_max);
}

/* Runs `body` for every element of the tile with ia, ib the inputs' and o the output's offsets. */
#define BCAST_FOR_EACH(w, t, body)                                                              \
  for (int32_t i0 = (t)->start[0]; i0 < (t)->end[0]; i0++)                                     \
    for (int32_t i1 = (t)->start[1]; i1 < (t)->end[1]; i1++)                                   \
      for (int32_t i2 = (t)->start[2]; i2 < (t)->end[2]; i2++) {                               \
        const int32_t row = ((i0 * (w).dims[1] + i1) * (w).dims[2] + i2) * (w).dims[3];        \
        int32_t ia = i0 * (w).s1[0] + i1 * (w).s1[1] + i2 * (w).s1[2] + (t)->start[3] * (w).s1[3]; \
        int32_t ib = i0 * (w).s2[0] + i1 * (w).s2[1] + i2 * (w).s2[2] + (t)->start[3] * (w).s2[3]; \
        for (int32_t o = row + (t)->start[3]; o < row + (t)->end[3];                           \
             o++, ia += (w).s1[3], ib += (w).s2[3]) {                                           \
          body                                                                                  \
        }                                                                                       \
      }

int ars_add(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  bcast_t w;
  const int rc = bcast_setup(&w, p, ops, t, ARS_ADD_FIXED + 512);
  if (rc != ARS_KOK) return rc;
  const int32_t *scaled1 = p + ARS_ADD_FIXED + 128; /* indexed by q in [-128, 127] */
  const int32_t *scaled2 = scaled1 + 256;
  BCAST_FOR_EACH(w, t, { w.out[o] = bcast_finish(&w, ars_wadd(scaled1[w.a[ia]], scaled2[w.b[ib]])); })
  return ARS_KOK;
}

int ars_mul(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  bcast_t w;
  const int rc = bcast_setup(&w, p, ops, t, ARS_MUL_FIXED);
  if (rc != ARS_KOK) return rc;
  const int32_t off1 = p[ARS_MUL_IN1_OFFSET], off2 = p[ARS_MUL_IN2_OFFSET];
  BCAST_FOR_EACH(w, t, { w.out[o] = bcast_finish(&w, (w.a[ia] + off1) * (w.b[ib] + off2)); })
  return ARS_KOK;
}
