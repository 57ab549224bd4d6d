/*
 * RESHAPE: a copy of the tile's bytes (the input has the output's flat layout; the output tensor's
 * shape is authoritative), plus the byte copy and fill helpers of the data-movement kernels.
 *
 * Record (ars_params.h ars_layout_RESHAPE): out shape[4], element bytes.
 */
#include "ars_internal.h"

typedef uint32_t __attribute__((may_alias)) ars_word_t;

ARS_NO_LIBCALLS void ars_copy_bytes(uint8_t *dst, const uint8_t *src, int32_t n) {
  if (dst == src) return; /* in place */
  if ((((uintptr_t)dst | (uintptr_t)src) & 3u) == 0) {
    for (; n >= 4; n -= 4, dst += 4, src += 4) *(ars_word_t *)dst = *(const ars_word_t *)src;
  }
  for (; n > 0; n--) *dst++ = *src++;
}

ARS_NO_LIBCALLS void ars_fill(void *dst, int32_t n, uint32_t value, int32_t elem_bytes) {
  if (elem_bytes == 4) {
    uint32_t *d = (uint32_t *)dst;
    for (int32_t i = 0; i < n; i++) d[i] = value;
  } else if (elem_bytes == 2) {
    uint16_t *d = (uint16_t *)dst;
    for (int32_t i = 0; i < n; i++) d[i] = (uint16_t)value;
  } else {
    uint8_t *d = (uint8_t *)dst;
    for (int32_t i = 0; i < n; i++) d[i] = (uint8_t)value;
  }
}

int ars_reshape(const int32_t *p, void *const *ops, const ars_tile_t *t) {
  const int32_t nin = p[ARS_HDR_INPUTS];
  if (ars_check_words(p, ARS_RESHAPE_FIXED) != ARS_KOK) return ARS_KERR_BAD_PARAMS;
  const uint8_t *in = (const uint8_t *)ops[0];
  uint8_t *out = (uint8_t *)ops[nin];
  if (!in || !out) return ARS_KERR_BAD_OPERANDS;
  const int32_t *dims = p + ARS_RESHAPE_OUT_D0;
  const int32_t elem = p[ARS_RESHAPE_ELEM_BYTES];
  if (elem <= 0) return ARS_KERR_BAD_PARAMS;
  if (ars_check_tile(t, dims) != ARS_KOK) return ARS_KERR_BAD_TILE;
  if (ars_tile_empty(t)) return ARS_KOK;
  const int32_t run = (t->end[3] - t->start[3]) * elem;
  for (int32_t i0 = t->start[0]; i0 < t->end[0]; i0++) {
    for (int32_t i1 = t->start[1]; i1 < t->end[1]; i1++) {
      for (int32_t i2 = t->start[2]; i2 < t->end[2]; i2++) {
        const int32_t at = (((i0 * dims[1] + i1) * dims[2] + i2) * dims[3] + t->start[3]) * elem;
        ars_copy_bytes(out + at, in + at, run);
      }
    }
  }
  return ARS_KOK;
}
