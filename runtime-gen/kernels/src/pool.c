/*
 * AVERAGE_POOL_2D and MAX_POOL_2D, int8 (reference_integer_ops::AveragePool / MaxPool as
 * compiler/ref/pool2d.ts runs them): only in-bounds taps take part; the average divides by their
 * count, (sum +- count/2) / count truncated toward zero. Output quantisation equals the input's; the
 * result is clamped to the fused activation's range. A window without any input element is an
 * error (the reference throws).
 *
 * Record (ars_params.h ars_layout_POOL): in N,H,W, CHANNELS, out H,W, filter H,W, stride H,W,
 * pad H,W, act min/max.
 */
#include "ars_internal.h"

static int32_t pool_average(const int8_t *x, int32_t row_step, int32_t col_step, int32_t rows,
                            int32_t cols) {
  int32_t sum = 0;
  for (int32_t r = 0; r < rows; r++, x += row_step) {
    const int8_t *xc = x;
    for (int32_t c = 0; c < cols; c++, xc += col_step) sum += *xc;
  }
  const int32_t count = rows * cols;
  const int32_t half = count / 2;
  return sum > 0 ? (sum + half) / count : (sum - half) / count;
}

static int32_t pool_max(const int8_t *x, int32_t row_step, int32_t col_step, int32_t rows,
                        int32_t cols) {
  int32_t max = -128;
  for (int32_t r = 0; r < rows; r++, x += row_step) {
    const int8_t *xc = x;
    for (int32_t c = 0; c < cols; c++, xc += col_step) {
      if (*xc > max) max = *xc;
    }
  }
  return max;
}

int ars_pool_2d(const int32_t *p, void *const *ops, const ars_tile_t *t, int average) {
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (ars_check_words(p, ARS_POOL_FIXED) != ARS_KOK) return ARS_KERR_BAD_PARAMS;
  const int8_t *in = (const int8_t *)ops[0];
  int8_t *out = (int8_t *)ops[nin];
  if (!in || !out) return ARS_KERR_BAD_OPERANDS;
  const int32_t in_h = p[ARS_POOL_IN_H], in_w = p[ARS_POOL_IN_W], ch = p[ARS_POOL_CHANNELS];
  const int32_t out_h = p[ARS_POOL_OUT_H], out_w = p[ARS_POOL_OUT_W];
  const int32_t filter_h = p[ARS_POOL_FILTER_H], filter_w = p[ARS_POOL_FILTER_W];
  const int32_t stride_h = p[ARS_POOL_STRIDE_H], stride_w = p[ARS_POOL_STRIDE_W];
  const int32_t pad_h = p[ARS_POOL_PAD_H], pad_w = p[ARS_POOL_PAD_W];
  const int32_t act_min = p[ARS_POOL_ACT_MIN], act_max = p[ARS_POOL_ACT_MAX];
  const int32_t dims[4] = {p[ARS_POOL_IN_N], out_h, out_w, ch};
  if (ars_check_tile(t, dims) != ARS_KOK) return ARS_KERR_BAD_TILE;
  const int32_t row_step = in_w * ch;

  for (int32_t b = t->start[0]; b < t->end[0]; b++) {
    for (int32_t oy = t->start[1]; oy < t->end[1]; oy++) {
      const int32_t iy0 = oy * stride_h - pad_h;
      const int32_t fy0 = ars_first_tap(iy0, 1);
      const int32_t rows = ars_end_tap(iy0, 1, in_h, filter_h) - fy0;
      for (int32_t ox = t->start[2]; ox < t->end[2]; ox++) {
        const int32_t ix0 = ox * stride_w - pad_w;
        const int32_t fx0 = ars_first_tap(ix0, 1);
        const int32_t cols = ars_end_tap(ix0, 1, in_w, filter_w) - fx0;
        if (rows <= 0 || cols <= 0) return ARS_KERR_UNSUPPORTED;
        const int8_t *window = in + ((b * in_h + iy0 + fy0) * in_w + ix0 + fx0) * ch;
        int8_t *o = out + ((b * out_h + oy) * out_w + ox) * ch;
        for (int32_t c = t->start[3]; c < t->end[3]; c++) {
          const int32_t v = average ? pool_average(window + c, row_step, ch, rows, cols)
                                    : pool_max(window + c, row_step, ch, rows, cols);
          o[c] = (int8_t)ars_clamp(v, act_min, act_max);
        }
      }
    }
  }
  return ARS_KOK;
}
