/*
 * arielsim int8 kernels: the contract between the executor and the kernel library.
 *
 * A kernel computes ONE TILE (a hyperrectangle of the op's first output tensor) and is bit-exact
 * with the reference interpreter (compiler/ref) for both rounding modes. Everything an op needs
 * besides its operands' data is precomputed on the host by runtime-gen/blob/op-params.ts into a
 * parameter record of int32 words; the record layouts are in kernels/src/ars_params.h (and mirrored,
 * field for field, by the LAYOUTS table of runtime-gen/blob/op-params-layout.ts; a test compares them).
 *
 * Every record starts with the same 4-word header:
 *   [0] words   total length of the record in words (fixed fields + arrays)
 *   [1] kind    the op kind (must equal `kind` below)
 *   [2] flags   bit 0: single rounding (TFLITE_SINGLE_ROUNDING); 0 = TFLM's default double rounding
 *   [3] inputs  number of input operands (op.inputs.length); the outputs follow them in `operands`
 * Shapes are right-aligned to 4 dims (leading extent 1). Per op (fixed fields, then arrays):
 *   CONV_2D            in N,H,W,C; out H,W,C; kernel H,W; filter C; out channels per group; stride,
 *                      dilation, leading padding (H,W); input offset (-zp), output zp, act min/max;
 *                      multiplier[C_out], shift[C_out], offset_sum[C_out] (= input offset * sum of
 *                      the channel's weights, wrapped to int32)
 *   DEPTHWISE_CONV_2D  as CONV_2D with the depth multiplier in place of filter C / group fields;
 *                      multiplier[C_out], shift[C_out] (no offset sums: the offset is added to x)
 *   FULLY_CONNECTED    out dims 0..2 (batch rows), out depth, in depth; input offset, filter
 *                      offset (-zp_w), output zp, act min/max; multiplier[], shift[], offset_sum[]
 *   AVERAGE/MAX_POOL   in N,H,W,C; out H,W; filter H,W; stride H,W; padding H,W; act min/max
 *   ADD                out shape[4]; in1/in2 element strides[4] (0 = broadcast); out multiplier,
 *                      shift; output zp; act min/max; in1_scaled[256], in2_scaled[256] (each
 *                      input's value rescaled with its multiplier after the 20-bit left shift)
 *   MUL                as ADD without the tables, then the input offsets
 *   RESHAPE            out shape[4]; element bytes
 *   SOFTMAX            shape[4]; input multiplier, input left shift, diff_min
 *   PAD                in shape[4], out shape[4], leading pads[4], element bytes, pad value (raw
 *                      element bits), pad-from-operand flag (constant_values not constant)
 *   CONCATENATION      out shape[4], axis (in 4-D), element bytes, clamp flag, act min/max;
 *                      axis_start[inputs + 1] (cumulative extents along the axis)
 *   MEAN               in shape[4], reduced-dim flags[4], out shape[4], zp_in * count (wrapped),
 *                      output zp, multiplier and shift with 1/count folded in, empty flag
 *   QUANTIZE           shape[4], in/out dtype codes (ARS_DT_*), zp in/out, q min/max, float32 bits
 *                      of the output scale (float input), multiplier, shift (integer input)
 *   DEQUANTIZE         shape[4], in dtype code, zero point, float32 bits of the scale
 *   LOGISTIC / TANH    shape[4], input zp, input multiplier, input left shift, input range radius
 *
 * Build: C99, freestanding; no writable globals, no function pointers, no libc (libgcc only for
 * int64 and soft-float helpers). Must not be built with -ffast-math (QUANTIZE/DEQUANTIZE rely on
 * IEEE float32 division and multiplication). On ARMv7E-M/ARMv8-M with __ARM_FEATURE_DSP the dot
 * products use SXTB16/SXTAB16/SMLAD (bit-exact: integer arithmetic); on Thumb-1-only cores
 * (Cortex-M0+) the MAC loops are inline assembly. Stack: at most ~700 bytes per call (the depthwise
 * kernel keeps a 64-channel int32 chunk). int8 operands may be at any address.
 */
#ifndef ARS_KERNELS_H
#define ARS_KERNELS_H

#include <stdint.h>

/* Op kinds: the index of the kind in compiler/ir/graph.ts OP_KINDS (CONV_2D=0 ... TANH=15). */
enum {
  ARS_OP_CONV_2D = 0,
  ARS_OP_DEPTHWISE_CONV_2D,
  ARS_OP_FULLY_CONNECTED,
  ARS_OP_AVERAGE_POOL_2D,
  ARS_OP_MAX_POOL_2D,
  ARS_OP_ADD,
  ARS_OP_MUL,
  ARS_OP_RESHAPE,
  ARS_OP_SOFTMAX,
  ARS_OP_PAD,
  ARS_OP_CONCATENATION,
  ARS_OP_MEAN,
  ARS_OP_QUANTIZE,
  ARS_OP_DEQUANTIZE,
  ARS_OP_LOGISTIC,
  ARS_OP_TANH
};

/* Return codes of ars_kernel_run. */
enum {
  ARS_KOK = 0,
  ARS_KERR_UNKNOWN_KIND = 1, /* kind is not an ARS_OP_* */
  ARS_KERR_BAD_PARAMS = 2,   /* record too short, wrong kind, or inconsistent fields */
  ARS_KERR_BAD_TILE = 3,     /* a tile range outside the output shape (or start > end) */
  ARS_KERR_BAD_OPERANDS = 4, /* a required operand pointer is NULL */
  ARS_KERR_UNSUPPORTED = 5   /* a case the reference rejects too (e.g. an empty pool window) */
};

/* Element type codes used in records (QUANTIZE, DEQUANTIZE). */
enum { ARS_DT_INT8 = 0, ARS_DT_UINT8 = 1, ARS_DT_INT16 = 2, ARS_DT_INT32 = 3, ARS_DT_FLOAT32 = 4 };

/* A tile: half-open ranges [start, end) of the op's FIRST output tensor, its shape right-aligned to 4
   dims (a rank-2 output [1, 10] is seen as [1, 1, 1, 10]; leading dims have extent 1 and range [0,1)). */
typedef struct {
  int32_t start[4];
  int32_t end[4];
} ars_tile_t;

/* Runs one tile. params: the op's parameter record (4-byte aligned, produced by op-params.ts).
   operands: pointers to the op's operand tensors' data, inputs first in op.inputs order (NULL for an
   absent optional input, i.e. id -1), then outputs in op.outputs order. int32 data (bias) and float32
   data are 4-byte aligned. Returns 0, or a nonzero ARS_KERR_* code (unknown kind, bad params).
   Writes exactly the output elements inside the tile. */
int ars_kernel_run(uint32_t kind, const int32_t *params, void *const *operands, const ars_tile_t *tile);

#endif /* ARS_KERNELS_H */
