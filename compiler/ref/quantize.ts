/**
 * QUANTIZE, as TFLM's quantize_common.cc runs it:
 * - float32 -> int8/int16: reference_ops::AffineQuantize, q = clamp(round(x / scale) + zp), the
 *   division in float32 and the rounding half away from zero;
 * - int8/int16 -> int8/int16: reference_ops::Requantize, q = clamp(MultiplyByQuantizedMultiplier(
 *   x − zp_in, M, shift) + zp_out) with M, shift from QuantizeMultiplier(s_in / s_out).
 */
import type { DType } from '../ir/graph.js';
import { scaleOf, tensorOf, valueOf, zeroPointOf } from './kernel-util.js';
import { quantizeMultiplier, requantizerFor, roundHalfAwayFromZero } from './quant.js';
import type { RefKernel } from './registry.js';

const RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
};

export function integerRange(dtype: DType): [min: number, max: number] {
  const r = RANGE[dtype];
  if (r === undefined) throw new Error(`${dtype} is not a quantised integer type`);
  return r;
}

export const quantize: RefKernel<'QUANTIZE'> = (op, graph, values, options) => {
  const input = tensorOf(graph, op.inputs[0]!);
  const output = tensorOf(graph, op.outputs[0]!);
  const x = valueOf(values, input.id);
  const y = valueOf(values, output.id) as Int8Array;
  const [min, max] = integerRange(output.dtype);
  const outScale = scaleOf(output);
  const outZp = zeroPointOf(output);
  if (x instanceof Float32Array) {
    for (let i = 0; i < x.length; i++) {
      const q = roundHalfAwayFromZero(Math.fround(x[i]! / outScale)) + outZp;
      y[i] = q < min ? min : q > max ? max : q;
    }
    return;
  }
  integerRange(input.dtype);
  const { multiplier, shift } = quantizeMultiplier(scaleOf(input) / outScale, options.rounding);
  const requantize = requantizerFor(options.rounding);
  const inZp = zeroPointOf(input);
  const xi = x as Int8Array;
  for (let i = 0; i < xi.length; i++) {
    const q = requantize(xi[i]! - inZp, multiplier, shift) + outZp;
    y[i] = q < min ? min : q > max ? max : q;
  }
};
