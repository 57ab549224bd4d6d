/**
 * AVERAGE_POOL_2D and MAX_POOL_2D, int8: reference_integer_ops::AveragePool / MaxPool
 * (tensorflow/lite/kernels/internal/reference/integer_ops/pooling.h). Only in-bounds taps take part:
 * SAME padding never contributes a value, and the average divides by the number of in-bounds taps,
 * rounding (sum ± count/2) / count toward zero. Output quantisation equals the input's; the result
 * is clamped to the fused activation's range.
 */
import type { Graph, OpOf } from '../ir/graph.js';
import { endTap, firstTap } from './conv2d.js';
import { int8Of, leadingPadding, nhwc, scaleOf, tensorOf, zeroPointOf } from './kernel-util.js';
import { activationRange } from './quant.js';
import type { RefKernel, TensorValues } from './registry.js';

type PoolOp = OpOf<'AVERAGE_POOL_2D'> | OpOf<'MAX_POOL_2D'>;
/** Reduces the in-bounds taps of one window of one channel to an int32 value. */
type WindowReduce = (
  x: Int8Array,
  base: number,
  rowStride: number,
  colStride: number,
  rows: number,
  cols: number,
) => number;

const averageWindow: WindowReduce = (x, base, rowStride, colStride, rows, cols) => {
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) sum += x[base + r * rowStride + c * colStride]!;
  }
  const count = rows * cols;
  // C integer division truncates toward zero: (sum ± count/2) / count.
  const half = (count / 2) | 0;
  return sum > 0 ? ((sum + half) / count) | 0 : ((sum - half) / count) | 0;
};

const maxWindow: WindowReduce = (x, base, rowStride, colStride, rows, cols) => {
  let max = -128;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = x[base + r * rowStride + c * colStride]!;
      if (v > max) max = v;
    }
  }
  return max;
};

function pool(op: PoolOp, graph: Graph, values: TensorValues, reduce: WindowReduce): void {
  const input = tensorOf(graph, op.inputs[0]!);
  const output = tensorOf(graph, op.outputs[0]!);
  const x = int8Of(values, input.id);
  const y = int8Of(values, output.id);
  const [batches, inH, inW, channels] = nhwc(input.shape);
  const [, outH, outW] = nhwc(output.shape);
  const { padding, strideH, strideW, filterH, filterW, activation } = op.attrs;
  const padH = leadingPadding(padding, inH, outH, filterH, strideH);
  const padW = leadingPadding(padding, inW, outW, filterW, strideW);
  const [actMin, actMax] = activationRange(activation, scaleOf(output), zeroPointOf(output));
  const rowStride = inW * channels;
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * strideH - padH;
      const fy0 = firstTap(iy0, 1);
      const fy1 = endTap(iy0, 1, inH, filterH);
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * strideW - padW;
        const fx0 = firstTap(ix0, 1);
        const fx1 = endTap(ix0, 1, inW, filterW);
        const rows = fy1 - fy0;
        const cols = fx1 - fx0;
        if (rows <= 0 || cols <= 0)
          throw new Error(`pool window (${oy}, ${ox}) has no input element`);
        const windowBase = ((b * inH + iy0 + fy0) * inW + ix0 + fx0) * channels;
        const outBase = ((b * outH + oy) * outW + ox) * channels;
        for (let c = 0; c < channels; c++) {
          let v = reduce(x, windowBase + c, rowStride, channels, rows, cols);
          v = v < actMin ? actMin : v > actMax ? actMax : v;
          y[outBase + c] = v;
        }
      }
    }
  }
}

export const averagePool2d: RefKernel<'AVERAGE_POOL_2D'> = (op, graph, values) =>
  pool(op, graph, values, averageWindow);

export const maxPool2d: RefKernel<'MAX_POOL_2D'> = (op, graph, values) =>
  pool(op, graph, values, maxWindow);
