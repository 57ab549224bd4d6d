/**
 * ADD, int8: reference_integer_ops::Add / BroadcastAdd6DSlow with the parameters of TFLM's
 * add_common.cc. Both inputs are shifted left by 20 bits and rescaled to a common scale
 * (multipliers s_i / (2·max(s1, s2))), summed, then rescaled to the output
 * (2·max(s1, s2) / (2^20 · s_out)), offset by the output zero point and clamped to the fused
 * activation's range.
 */
import { forEachBroadcast, sameShape } from './broadcast.js';
import { int8Of, scaleOf, tensorOf, zeroPointOf } from './kernel-util.js';
import { activationRange, quantizeMultiplier, requantizerFor } from './quant.js';
import type { RefKernel } from './registry.js';

export const ADD_LEFT_SHIFT = 20;

export const add: RefKernel<'ADD'> = (op, graph, values, options) => {
  const in1 = tensorOf(graph, op.inputs[0]!);
  const in2 = tensorOf(graph, op.inputs[1]!);
  const output = tensorOf(graph, op.outputs[0]!);
  const a = int8Of(values, in1.id);
  const b = int8Of(values, in2.id);
  const y = int8Of(values, output.id);
  const twiceMaxScale = 2 * Math.max(scaleOf(in1), scaleOf(in2));
  const m1 = quantizeMultiplier(scaleOf(in1) / twiceMaxScale, options.rounding);
  const m2 = quantizeMultiplier(scaleOf(in2) / twiceMaxScale, options.rounding);
  const mOut = quantizeMultiplier(
    twiceMaxScale / ((1 << ADD_LEFT_SHIFT) * scaleOf(output)),
    options.rounding,
  );
  const offset1 = -zeroPointOf(in1);
  const offset2 = -zeroPointOf(in2);
  const outputOffset = zeroPointOf(output);
  const [actMin, actMax] = activationRange(op.attrs.activation, scaleOf(output), outputOffset);
  const requantize = requantizerFor(options.rounding);
  const scaleShift = 1 << ADD_LEFT_SHIFT;

  const addAt = (i1: number, i2: number, o: number): void => {
    const x1 = requantize((a[i1]! + offset1) * scaleShift, m1.multiplier, m1.shift);
    const x2 = requantize((b[i2]! + offset2) * scaleShift, m2.multiplier, m2.shift);
    let v = requantize(x1 + x2, mOut.multiplier, mOut.shift) + outputOffset;
    v = v < actMin ? actMin : v > actMax ? actMax : v;
    y[o] = v;
  };
  if (sameShape(in1.shape, in2.shape)) {
    for (let i = 0; i < y.length; i++) addAt(i, i, i);
  } else {
    forEachBroadcast(in1.shape, in2.shape, output.shape, addAt);
  }
};
