/*
 * QUANTIZE and DEQUANTIZE (compiler/ref/quantize.ts and dequantize.ts):
 *   QUANTIZE float32 -> int: q = clamp(round_half_away(x / scale) + zp), the division in float32;
 *   QUANTIZE int -> int:     q = clamp(MBQM(x - zp_in, M, shift) + zp_out);
 *   DEQUANTIZE int -> float32: y = float32(q - zp) * scale in float32, which is the reference's
 *     float32(double(scale) * (q - zp)): the double product is exact, so both round once.
 * Float arithmetic is plain IEEE float32 (soft-float on cores without an FPU gives the same bits).
 *
 * Records (ars_params.h ars_layout_QUANT / ars_layout_DEQUANT): shape[4], dtype codes, zero points,
 * bounds, float32 bits of the scale, multiplier and shift.
 */
#include "ars_internal.h"

static inline float float_of_bits(uint32_t bits) {
  union {
    uint32_t u;
    float f;
  } c;
  c.u = bits;
  return c.f;
}

static inline int32_t load_int(const void *base, int32_t i, int32_t type) {
  switch (type) {
  case ARS_DT_INT8: return ((const int8_t *)base)[i];
  case ARS_DT_UINT8: return ((const uint8_t *)base)[i];
  case ARS_DT_INT16: return ((const int16_t *)base)[i];
  default: return ((const int32_t *)base)[i];
  }
}

static inline void store_int(void *base, int32_t i, int32_t type, int32_t v) {
  switch (type) {
  case ARS_DT_INT8: ((int8_t *)base)[i] = (int8_t)v; break;
  case ARS_DT_UINT8: ((uint8_t *)base)[i] = (uint8_t)v; break;
  case ARS_DT_INT16: ((int16_t *)base)[i] = (int16_t)v; break;
  default: ((int32_t *)base)[i] = v; break;
  }
}

/* clamp(round_half_away_from_zero(x / scale) + zp); NaN gives 0 as in the reference's typed array. */
static int32_t quantize_float(float x, float scale, int32_t zp, int32_t qmin, int32_t qmax) {
  const float q = x / scale;
  if (q != q) return 0;
  if (q >= 1073741824.0f) return qmax;
  if (q <= -1073741824.0f) return qmin;
  int32_t r = (int32_t)q; /* truncation; q - r is exact */
  const float frac = q - (float)r;
  if (frac >= 0.5f) r++;
  else if (frac <= -0.5f) r--;
  return ars_offset_clamp(r, zp, qmin, qmax);
}

static int elementwise_setup(const int32_t *p, void *const *ops, const ars_tile_t *t,
                             int32_t fixed, const void **in, void **out) {
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (ars_check_words(p, fixed) != ARS_KOK) return ARS_KERR_BAD_PARAMS;
  *in = ops[0];
  *out = ops[nin];
  if (!*in || !*out) return ARS_KERR_BAD_OPERANDS;
  return ars_check_tile(t, p + ARS_HDR_FIXED); /* shape[4] first in both records */
}

int ars_quantize(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  const void *in;
  void *out;
  const int rc = elementwise_setup(p, ops, t, ARS_QUANT_FIXED, &in, &out);
  if (rc != ARS_KOK) return rc;
  const int32_t *dims = p + ARS_QUANT_D0;
  const int32_t in_type = p[ARS_QUANT_IN_TYPE], out_type = p[ARS_QUANT_OUT_TYPE];
  const int32_t in_zp = p[ARS_QUANT_INPUT_ZERO_POINT], out_zp = p[ARS_QUANT_OUTPUT_ZERO_POINT];
  const int32_t qmin = p[ARS_QUANT_Q_MIN], qmax = p[ARS_QUANT_Q_MAX];
  const float scale = float_of_bits((uint32_t)p[ARS_QUANT_SCALE_BITS]);
  const int32_t multiplier = p[ARS_QUANT_MULTIPLIER], shift = p[ARS_QUANT_SHIFT];
  const int single = ars_single_rounding(p);
  for (int32_t i0 = t->start[0]; i0 < t->end[0]; i0++) {
    for (int32_t i1 = t->start[1]; i1 < t->end[1]; i1++) {
      for (int32_t i2 = t->start[2]; i2 < t->end[2]; i2++) {
        const int32_t row = ((i0 * dims[1] + i1) * dims[2] + i2) * dims[3];
        for (int32_t i = row + t->start[3]; i < row + t->end[3]; i++) {
          int32_t v;
          if (in_type == ARS_DT_FLOAT32) {
            v = quantize_float(((const float *)in)[i], scale, out_zp, qmin, qmax);
          } else {
            const int32_t x = ars_wsub(load_int(in, i, in_type), in_zp);
            v = ars_offset_clamp(ars_requantize(x, multiplier, shift, single), out_zp, qmin, qmax);
          }
          store_int(out, i, out_type, v);
        }
      }
    }
  }
  return ARS_KOK;
}

int ars_dequantize(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  const void *in;
  void *out;
  const int rc = elementwise_setup(p, ops, t, ARS_DEQUANT_FIXED, &in, &out);
  if (rc != ARS_KOK) return rc;
  const int32_t *dims = p + ARS_DEQUANT_D0;
  const int32_t in_type = p[ARS_DEQUANT_IN_TYPE], zp = p[ARS_DEQUANT_ZERO_POINT];
  const float scale = float_of_bits((uint32_t)p[ARS_DEQUANT_SCALE_BITS]);
  float *y = (float *)out;
  for (int32_t i0 = t->start[0]; i0 < t->end[0]; i0++) {
    for (int32_t i1 = t->start[1]; i1 < t->end[1]; i1++) {
      for (int32_t i2 = t->start[2]; i2 < t->end[2]; i2++) {
        const int32_t row = ((i0 * dims[1] + i1) * dims[2] + i2) * dims[3];
        for (int32_t i = row + t->start[3]; i < row + t->end[3]; i++) {
          y[i] = (float)(load_int(in, i, in_type) - zp) * scale;
        }
      }
    }
  }
  return ARS_KOK;
}
