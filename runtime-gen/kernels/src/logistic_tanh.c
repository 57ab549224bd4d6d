/*
 * LOGISTIC and TANH int8 -> int8 (reference_integer_ops::Logistic / Tanh as compiler/ref/logistic.ts
 * and tanh.ts run them): the centred input is rescaled to Q4.27 and fed to gemmlowp's fixed-point
 * logistic or tanh; inputs at or beyond the range radius saturate. LOGISTIC output: scale 1/256,
 * zero point -128; TANH output: scale 1/128, zero point 0.
 *
 * Record (ars_params.h ars_layout_SIGMOID): shape[4], input zero point, input multiplier, input
 * left shift, input range radius.
 */
#include "ars_internal.h"
#include "fixedpoint.h"

#define INPUT_INTEGER_BITS 4

int ars_logistic_tanh(const int32_t *p, void *const *ops, const ars_tile_t *t, int tanh) {
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (ars_check_words(p, ARS_SIGMOID_FIXED) != ARS_KOK) return ARS_KERR_BAD_PARAMS;
  const int8_t *in = (const int8_t *)ops[0];
  int8_t *out = (int8_t *)ops[nin];
  if (!in || !out) return ARS_KERR_BAD_OPERANDS;
  const int32_t *dims = p + ARS_SIGMOID_D0;
  if (ars_check_tile(t, dims) != ARS_KOK) return ARS_KERR_BAD_TILE;
  const int single = ars_single_rounding(p);
  const int32_t zero_point = p[ARS_SIGMOID_INPUT_ZERO_POINT];
  const int32_t multiplier = p[ARS_SIGMOID_INPUT_MULTIPLIER];
  const int32_t left_shift = p[ARS_SIGMOID_INPUT_LEFT_SHIFT];
  const int32_t radius = p[ARS_SIGMOID_INPUT_RANGE_RADIUS];
  for (int32_t i0 = t->start[0]; i0 < t->end[0]; i0++) {
    for (int32_t i1 = t->start[1]; i1 < t->end[1]; i1++) {
      for (int32_t i2 = t->start[2]; i2 < t->end[2]; i2++) {
        const int32_t row = ((i0 * dims[1] + i1) * dims[2] + i2) * dims[3];
        for (int32_t i3 = t->start[3]; i3 < t->end[3]; i3++) {
          const int32_t x = in[row + i3] - zero_point;
          int32_t v;
          if (x <= -radius) {
            v = -128;
          } else if (x >= radius) {
            v = 127;
          } else {
            const int32_t input_q4 = ars_requantize(x, multiplier, left_shift, single);
            v = tanh ? ars_rdbp(fp_tanh(input_q4, INPUT_INTEGER_BITS), 31 - 7)
                     : ars_rdbp(fp_logistic(input_q4, INPUT_INTEGER_BITS), 31 - 8) - 128;
            v = ars_clamp(v, -128, 127);
          }
          out[row + i3] = (int8_t)v;
        }
      }
    }
  }
  return ARS_KOK;
}
