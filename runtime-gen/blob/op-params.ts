/**
 * The lowering: for one op of a Graph, the kernel kind and the parameter record the C kernels
 * (runtime-gen/kernels) read — every shape, stride, padding, zero point, activation bound,
 * per-channel multiplier and shift, computed on the host the way TFLM's Prepare does, with the
 * reference interpreter's own helpers so the numbers cannot drift.
 *
 * Record = 4-word header (words, kind, flags: bit 0 single rounding, inputs: op.inputs.length),
 * the fixed fields of the op's layout (op-params-layout.ts LAYOUTS = ars_params.h), then arrays:
 *
 *   CONV_2D            CONV     + multiplier[outC], shift[outC], offsetSum[outC]
 *   DEPTHWISE_CONV_2D  DW       + multiplier[outC], shift[outC]
 *   FULLY_CONNECTED    FC       + multiplier[outDepth], shift[outDepth], offsetSum[outDepth]
 *   AVERAGE/MAX_POOL   POOL
 *   ADD                ADD      + in1Scaled[256], in2Scaled[256]: the reference's requantize(
 *                               (q - zp_i) << 20, m_i, shift_i) for q = -128..127
 *   MUL                MUL (output shape, per-input broadcast strides, arithmetic)
 *   RESHAPE            RESHAPE
 *   SOFTMAX            SOFTMAX
 *   PAD                PAD
 *   CONCATENATION      CONCAT   + axisStart[inputs + 1]
 *   MEAN               MEAN
 *   QUANTIZE           QUANT    (float32 bits of the output scale for float input)
 *   DEQUANTIZE         DEQUANT  (float32 bits of the input scale)
 *   LOGISTIC / TANH    SIGMOID
 *
 * offsetSum[c] = input_offset * (sum of channel c's weights), wrapped to int32. Offsets are negated
 * zero points; shapes are right-aligned to 4 dims.
 */
import { OP_KINDS, type Graph } from '../../compiler/ir/graph.js';
import type { Rounding } from '../../compiler/ref/registry.js';
import {
  lowerConv2d,
  lowerDepthwiseConv2d,
  lowerFullyConnected,
  lowerPool2d,
} from './op-params-conv.js';
import { lowerConcatenation, lowerMean, lowerPad, lowerReshape } from './op-params-data.js';
import {
  lowerAdd,
  lowerDequantize,
  lowerMul,
  lowerQuantize,
  lowerSigmoidLike,
  lowerSoftmax,
} from './op-params-elementwise.js';

export { LAYOUTS, HEADER_FIELDS, shape4 } from './op-params-layout.js';

export interface LoweredOp {
  /** Index of the op's kind in OP_KINDS (ars_kernels.h ARS_OP_*). */
  kind: number;
  params: Int32Array;
}

export function lowerOp(g: Graph, opIndex: number, rounding: Rounding): LoweredOp {
  const op = g.ops[opIndex];
  if (op === undefined) throw new Error(`op ${opIndex} does not exist`);
  const kind = OP_KINDS.indexOf(op.kind);
  try {
    return { kind, params: lowerByKind(g, op, kind, rounding) };
  } catch (e) {
    throw new Error(`op ${opIndex} (${op.kind}): ${(e as Error).message}`, { cause: e });
  }
}

function lowerByKind(g: Graph, op: Graph['ops'][number], kind: number, r: Rounding): Int32Array {
  switch (op.kind) {
    case 'CONV_2D':
      return lowerConv2d(g, op, kind, r);
    case 'DEPTHWISE_CONV_2D':
      return lowerDepthwiseConv2d(g, op, kind, r);
    case 'FULLY_CONNECTED':
      return lowerFullyConnected(g, op, kind, r);
    case 'AVERAGE_POOL_2D':
    case 'MAX_POOL_2D':
      return lowerPool2d(g, op, kind, r);
    case 'ADD':
      return lowerAdd(g, op, kind, r);
    case 'MUL':
      return lowerMul(g, op, kind, r);
    case 'RESHAPE':
      return lowerReshape(g, op, kind, r);
    case 'SOFTMAX':
      return lowerSoftmax(g, op, kind, r);
    case 'PAD':
      return lowerPad(g, op, kind, r);
    case 'CONCATENATION':
      return lowerConcatenation(g, op, kind, r);
    case 'MEAN':
      return lowerMean(g, op, kind, r);
    case 'QUANTIZE':
      return lowerQuantize(g, op, kind, r);
    case 'DEQUANTIZE':
      return lowerDequantize(g, op, kind, r);
    case 'LOGISTIC':
    case 'TANH':
      return lowerSigmoidLike(g, op, kind, r);
  }
}

/** The tile of `ranges` (in the output's own rank) right-aligned to 4 dims. */
export function tile4(
  outputShape: readonly number[],
  ranges: readonly [number, number][],
): { start: number[]; end: number[] } {
  if (ranges.length !== outputShape.length) {
    throw new Error(`a tile of ${ranges.length} ranges for a rank-${outputShape.length} output`);
  }
  const extra = ranges.length - 4;
  for (let d = 0; d < extra; d++) {
    const [a, b] = ranges[d]!;
    if (outputShape[d] !== 1 || a !== 0 || b !== 1) {
      throw new Error(`the kernels support at most 4 dims of extent > 1, got [${outputShape}]`);
    }
  }
  const kept = extra > 0 ? ranges.slice(extra) : ranges;
  const pad = 4 - kept.length;
  const start = [0, 0, 0, 0];
  const end = [1, 1, 1, 1];
  kept.forEach(([a, b], i) => {
    start[pad + i] = a;
    end[pad + i] = b;
  });
  return { start, end };
}
