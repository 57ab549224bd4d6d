/**
 * DEQUANTIZE, int8/int16/uint8 -> float32: reference_ops::Dequantize,
 * y = float32(double(scale) · (q − zp)).
 */
import { float32Of, scaleOf, tensorOf, valueOf, zeroPointOf } from './kernel-util.js';
import type { RefKernel } from './registry.js';

export const dequantize: RefKernel<'DEQUANTIZE'> = (op, graph, values) => {
  const input = tensorOf(graph, op.inputs[0]!);
  const x = valueOf(values, input.id) as Int8Array;
  const y = float32Of(values, op.outputs[0]!);
  const scale = scaleOf(input);
  const zp = zeroPointOf(input);
  for (let i = 0; i < x.length; i++) y[i] = scale * (x[i]! - zp); // Float32Array rounds once
};
