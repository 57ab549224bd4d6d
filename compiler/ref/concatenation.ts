/**
 * CONCATENATION: reference_ops::Concatenation as TFLM's concatenation.cc calls it for int8, a plain
 * copy of the input elements along `axis` (negative counts from the end). TFLM does not requantise:
 * the converter gives every input the output's scale and zero point, inserting int8 QUANTIZE ops
 * where they differ, so inputs with other quantisation are copied unchanged here as well.
 * TFLM only accepts activation NONE; a fused activation is applied as a clamp in the output's units.
 */
import { elementCount } from '../ir/graph.js';
import { scaleOf, tensorOf, valueOf, zeroPointOf } from './kernel-util.js';
import { activationRange } from './quant.js';
import type { RefKernel } from './registry.js';

export const concatenation: RefKernel<'CONCATENATION'> = (op, graph, values) => {
  const output = tensorOf(graph, op.outputs[0]!);
  const y = valueOf(values, output.id) as Int8Array;
  const rank = output.shape.length;
  const axis = op.attrs.axis < 0 ? op.attrs.axis + rank : op.attrs.axis;
  const outer = elementCount(output.shape.slice(0, axis));
  const inputs = op.inputs.map((id) => {
    const t = tensorOf(graph, id);
    return { x: valueOf(values, id) as Int8Array, chunk: elementCount(t.shape.slice(axis)) };
  });
  let at = 0;
  for (let o = 0; o < outer; o++) {
    for (const { x, chunk } of inputs) {
      y.set(x.subarray(o * chunk, (o + 1) * chunk), at);
      at += chunk;
    }
  }
  if (op.attrs.activation !== 'NONE' && output.dtype === 'int8') {
    const [min, max] = activationRange(op.attrs.activation, scaleOf(output), zeroPointOf(output));
    for (let i = 0; i < y.length; i++) y[i] = Math.min(max, Math.max(min, y[i]!));
  }
};
