/**
 * FULLY_CONNECTED, int8: reference_integer_ops::FullyConnected (one multiplier, per-tensor weights)
 * and FullyConnectedPerChannel (one multiplier per output row), with the parameters of TFLM's
 * fully_connected_common.cc. Weights [out, depth]; every run of `depth` input elements is one batch
 * row; the bias (input 2) is optional (-1). keep_num_dims only shapes the output tensor.
 */
import { elementCount, type Tensor } from '../ir/graph.js';
import { channelMultipliers, type ChannelMultipliers } from './channel-multipliers.js';
import { dot, offsetInput } from './conv2d.js';
import { int32Of, int8Of, optionalInput, scaleOf, tensorOf, zeroPointOf } from './kernel-util.js';
import { activationRange, quantizeMultiplier, requantizerFor } from './quant.js';
import type { RefKernel, Rounding } from './registry.js';

export const fullyConnected: RefKernel<'FULLY_CONNECTED'> = (op, graph, values, options) => {
  const input = tensorOf(graph, op.inputs[0]!);
  const filter = tensorOf(graph, op.inputs[1]!);
  const output = tensorOf(graph, op.outputs[0]!);
  const biasId = optionalInput(op.inputs, 2);
  const bias = biasId === undefined ? undefined : int32Of(values, biasId);
  const w = int8Of(values, filter.id);
  const y = int8Of(values, output.id);
  const depth = filter.shape[filter.shape.length - 1]!;
  const outDepth = output.shape[output.shape.length - 1]!;
  const batches = elementCount(output.shape) / outDepth;
  const outputOffset = zeroPointOf(output);
  const [actMin, actMax] = activationRange(op.attrs.activation, scaleOf(output), outputOffset);
  const { multipliers, shifts } = fcMultipliers(input, filter, output, outDepth, options.rounding);
  const requantize = requantizerFor(options.rounding);
  const xs = offsetInput(int8Of(values, input.id), -zeroPointOf(input));
  // weights_offset = −filter zero point (0 for TFLite int8 weights): Σ (w + fo)·x = Σ w·x + fo·Σ x.
  const filterOffset = -zeroPointOf(filter);

  for (let b = 0; b < batches; b++) {
    const xBase = b * depth;
    let xSum = 0;
    if (filterOffset !== 0) for (let d = 0; d < depth; d++) xSum += xs[xBase + d]!;
    for (let oc = 0; oc < outDepth; oc++) {
      const wBase = oc * depth;
      let acc = (Math.imul(filterOffset, xSum) + dot(w, wBase, xs, xBase, depth)) | 0;
      if (bias !== undefined) acc = (acc + bias[oc]!) | 0;
      let v = requantize(acc, multipliers[oc]!, shifts[oc]!) + outputOffset;
      v = v < actMin ? actMin : v > actMax ? actMax : v;
      y[b * outDepth + oc] = v;
    }
  }
};

/**
 * Per-channel weights: one QuantizeMultiplier(s_in · s_w[c] / s_out) per row, in double. Per-tensor
 * weights: GetQuantizedConvolutionMultipler (tensorflow/lite/kernels/kernel_util.cc), whose product
 * s_in · s_w is rounded to float32 before the division in double; the result serves every row.
 */
export function fcMultipliers(
  input: Tensor,
  filter: Tensor,
  output: Tensor,
  outDepth: number,
  rounding: Rounding,
): ChannelMultipliers {
  const scales = filter.quant?.scale ?? [];
  if (scales.length > 1) return channelMultipliers(input, filter, output, outDepth, rounding);
  const product = Math.fround(scaleOf(input) * scaleOf(filter));
  const q = quantizeMultiplier(product / scaleOf(output), rounding);
  return {
    multipliers: new Int32Array(outDepth).fill(q.multiplier),
    shifts: new Int32Array(outDepth).fill(q.shift),
  };
}
