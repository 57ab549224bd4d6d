/**
 * MUL, int8: reference_integer_ops::Mul / BroadcastMul6DSlow with the parameters of TFLM's
 * mul_common.cc: (x1 − zp1)·(x2 − zp2) in int32, MultiplyByQuantizedMultiplier with
 * s1·s2/s_out (double), + output zero point, clamped to the fused activation's range.
 */
import { forEachBroadcast, sameShape } from './broadcast.js';
import { int8Of, scaleOf, tensorOf, zeroPointOf } from './kernel-util.js';
import { activationRange, quantizeMultiplier, requantizerFor } from './quant.js';
import type { RefKernel } from './registry.js';

export const mul: RefKernel<'MUL'> = (op, graph, values, options) => {
  const in1 = tensorOf(graph, op.inputs[0]!);
  const in2 = tensorOf(graph, op.inputs[1]!);
  const output = tensorOf(graph, op.outputs[0]!);
  const a = int8Of(values, in1.id);
  const b = int8Of(values, in2.id);
  const y = int8Of(values, output.id);
  const { multiplier, shift } = quantizeMultiplier(
    (scaleOf(in1) * scaleOf(in2)) / scaleOf(output),
    options.rounding,
  );
  const offset1 = -zeroPointOf(in1);
  const offset2 = -zeroPointOf(in2);
  const outputOffset = zeroPointOf(output);
  const [actMin, actMax] = activationRange(op.attrs.activation, scaleOf(output), outputOffset);
  const requantize = requantizerFor(options.rounding);

  const mulAt = (i1: number, i2: number, o: number): void => {
    const product = (a[i1]! + offset1) * (b[i2]! + offset2);
    let v = requantize(product, multiplier, shift) + outputOffset;
    v = v < actMin ? actMin : v > actMax ? actMax : v;
    y[o] = v;
  };
  if (sameShape(in1.shape, in2.shape)) {
    for (let i = 0; i < y.length; i++) mulAt(i, i, i);
  } else {
    forEachBroadcast(in1.shape, in2.shape, output.shape, mulAt);
  }
};
