/**
 * What arielsim's kernels and firmware can represent, checked by verifyGraph so that a model that
 * imports is a model that runs (the same diagnostic at `inspect` as at `run`).
 *
 * - Shapes: the kernels see every tensor right-aligned to 4 dims (`shape4` and `tile4` in
 *   runtime-gen/blob/op-params*.ts, `start[4]`/`end[4]` in runtime-gen/kernels/include/ars_blob.h);
 *   dims beyond the last 4 are dropped, so they must have extent 1. Ranks above 6 are refused
 *   outright: 6 is the largest rank of TFLite's own reference kernels (BroadcastAdd6DSlow), and no
 *   converter emits more for a microcontroller model.
 * - Size: at most 64 MiB (2^26 bytes) per tensor, activations and constants alike. No
 *   microcontroller has that much RAM or flash for one tensor (the largest boards have a few MiB of
 *   SRAM and at most tens of MiB of external PSRAM), and every element index of a tensor then stays
 *   far inside the kernels' int32 index arithmetic. The check is done before anything is allocated.
 * - Operands: at most 16 per op, inputs and outputs together (the executor's ARS_MAX_OPERANDS,
 *   MAX_OPERANDS in runtime-gen/blob/blob.ts).
 * - Parameter words: every derived multiplier, shift and offset is an int32 word of the op's
 *   parameter record; verify-ops.ts checks the multipliers, and the zero-point ranges of
 *   verify-tensors.ts keep every offset small.
 */

/** Dims the kernels index (tensors are right-aligned to this many). */
export const KERNEL_DIMS = 4;
/** The largest rank accepted at all (leading dims beyond KERNEL_DIMS must be 1). */
export const MAX_RANK = 6;
/** Bytes of one tensor. */
export const MAX_TENSOR_BYTES = 64 * 1024 * 1024;
/** Elements of one tensor (the byte limit for 1-byte elements). */
export const MAX_TENSOR_ELEMENTS = MAX_TENSOR_BYTES;
/** Operands (inputs and outputs) of one op in the blob's operand list. */
export const MAX_OP_OPERANDS = 16;
/**
 * SOFTMAX rows: the int8 kernel sums the row's exponentials in Q12.19 and divides by a power of two
 * of at most 31 (gemmlowp RoundingDivideByPOT asserts exponent <= 31 in TFLite's
 * reference_ops::Softmax); a row of 512 or more elements can reach a sum of 512, where the exponent
 * is 32 and the reference interpreter stops.
 */
export const MAX_SOFTMAX_DEPTH = 511;
/**
 * An effective requantisation multiplier M = q * 2^shift (q in [0.5, 1)) needs shift <= 30: TFLite's
 * MultiplyByQuantizedMultiplier computes x * (1 << shift) in int32, undefined from shift 31
 * (tensorflow/lite/kernels/internal/common.h). So M < 2^30.
 */
export const MAX_EFFECTIVE_MULTIPLIER = 2 ** 30;
export const INT32_MAX = 2147483647;
/**
 * Strides, dilations and (effective) window extents: the kernels compute window coordinates and
 * paddings in int32, and with extents up to 2^16 on tensors of at most 2^26 elements no coordinate
 * comes near 2^31.
 */
export const MAX_WINDOW = 65536;
/**
 * Elements averaged into one MEAN output: the kernel sums int8 values in an int32, which holds
 * 2^23 of them (|sum| <= 2^23 * 256 = 2^31).
 */
export const MAX_MEAN_COUNT = 2 ** 23 - 1;

/**
 * The element count of `shape`, or Infinity once it exceeds `limit` (no product of huge dims is
 * formed, so nothing overflows to NaN). A dim of 0 gives 0.
 */
export function boundedElementCount(shape: readonly number[], limit: number): number {
  if (shape.some((d) => d === 0)) return 0;
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (n > limit) return Infinity;
  }
  return n;
}
