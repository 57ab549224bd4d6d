/**
 * PAD: reference_ops::Pad as TFLM's pad.cc drives it. Padded elements take the constant_values
 * operand (input 2) when given, otherwise the output zero point (the quantised 0.0; 0 for float).
 * Paddings: int32 or int64 [rank, 2] of (before, after) per dimension.
 */
import { elementCount, type TensorData } from '../ir/graph.js';
import { optionalInput, tensorOf, valueOf, zeroPointOf } from './kernel-util.js';
import type { RefKernel } from './registry.js';

export const pad: RefKernel<'PAD'> = (op, graph, values) => {
  const input = tensorOf(graph, op.inputs[0]!);
  const output = tensorOf(graph, op.outputs[0]!);
  const x = valueOf(values, input.id) as Int8Array;
  const y = valueOf(values, output.id) as Int8Array;
  const paddings = valueOf(values, op.inputs[1]!);
  const constantId = optionalInput(op.inputs, 2);
  const padValue =
    constantId === undefined ? zeroPointOf(output) : Number(valueOf(values, constantId)[0]);
  const rank = input.shape.length;
  const before = Array.from({ length: rank }, (_, d) => Number(paddings[2 * d]));
  y.fill(padValue);
  copyRows(x, input.shape, y, output.shape, before);
};

/** Copies every innermost row of `x` into `y` at the position shifted by `before` per dimension. */
function copyRows(
  x: TensorData,
  inShape: readonly number[],
  y: TensorData,
  outShape: readonly number[],
  before: readonly number[],
): void {
  const rank = inShape.length;
  if (rank === 0 || elementCount(inShape) === 0) {
    if (rank === 0) (y as Int8Array).set(x as Int8Array);
    return;
  }
  const rowLength = inShape[rank - 1]!;
  const outStrides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) outStrides[d] = outStrides[d + 1]! * outShape[d + 1]!;
  const index = new Array<number>(rank).fill(0);
  const rows = elementCount(inShape) / rowLength;
  for (let r = 0; r < rows; r++) {
    let at = before[rank - 1]!;
    for (let d = 0; d < rank - 1; d++) at += (index[d]! + before[d]!) * outStrides[d]!;
    (y as Int8Array).set((x as Int8Array).subarray(r * rowLength, (r + 1) * rowLength), at);
    for (let d = rank - 2; d >= 0; d--) {
      if (++index[d]! < inShape[d]!) break;
      index[d] = 0;
    }
  }
}
