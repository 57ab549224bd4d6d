/*
 * ars_kernel_run: checks the record header and switches to the op family's kernel. A switch, not a
 * table of function pointers, keeps the image free of absolute addresses (position-independent).
 */
#include "ars_internal.h"

int ars_kernel_run(uint32_t kind, const int32_t *params, void *const *operands, const ars_tile_t *tile) {
  if (kind > ARS_OP_TANH) return ARS_KERR_UNKNOWN_KIND;
  if (!params || !operands || !tile) return ARS_KERR_BAD_PARAMS;
  if (params[ARS_HDR_KIND] != (int32_t)kind || params[ARS_HDR_WORDS] < ARS_HDR_FIXED ||
      params[ARS_HDR_INPUTS] < 1)
    return ARS_KERR_BAD_PARAMS;
  switch (kind) {
  case ARS_OP_CONV_2D: return ars_conv_2d(params, operands, tile);
  case ARS_OP_DEPTHWISE_CONV_2D: return ars_depthwise_conv_2d(params, operands, tile);
  case ARS_OP_FULLY_CONNECTED: return ars_fully_connected(params, operands, tile);
  case ARS_OP_AVERAGE_POOL_2D: return ars_pool_2d(params, operands, tile, 1);
  case ARS_OP_MAX_POOL_2D: return ars_pool_2d(params, operands, tile, 0);
  case ARS_OP_ADD: return ars_add(params, operands, tile);
  case ARS_OP_MUL: return ars_mul(params, operands, tile);
  case ARS_OP_RESHAPE: return ars_reshape(params, operands, tile);
  case ARS_OP_SOFTMAX: return ars_softmax(params, operands, tile);
  case ARS_OP_PAD: return ars_pad(params, operands, tile);
  case ARS_OP_CONCATENATION: return ars_concatenation(params, operands, tile);
  case ARS_OP_MEAN: return ars_mean(params, operands, tile);
  case ARS_OP_QUANTIZE: return ars_quantize(params, operands, tile);
  case ARS_OP_DEQUANTIZE: return ars_dequantize(params, operands, tile);
  case ARS_OP_LOGISTIC: return ars_logistic_tanh(params, operands, tile, 0);
  case ARS_OP_TANH: return ars_logistic_tanh(params, operands, tile, 1);
  default: return ARS_KERR_UNKNOWN_KIND;
  }
}
