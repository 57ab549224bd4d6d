/** Per-output-channel requantisation parameters of the convolution-like ops. */
import type { Tensor } from '../ir/graph.js';
import { scaleOf } from './kernel-util.js';
import { quantizeMultiplier } from './quant.js';
import type { Rounding } from './registry.js';

export interface ChannelMultipliers {
  multipliers: Int32Array;
  shifts: Int32Array;
}

/**
 * PopulateConvolutionQuantizationParams (tensorflow/lite/kernels/kernel_util.cc): for each output
 * channel, QuantizeMultiplier(double(input_scale) · double(filter_scale[c]) / double(output_scale)).
 * A per-tensor filter scale is broadcast to every channel.
 */
export function channelMultipliers(
  input: Tensor,
  filter: Tensor,
  output: Tensor,
  channels: number,
  rounding: Rounding,
): ChannelMultipliers {
  const filterScales = filter.quant?.scale;
  if (filterScales === undefined || filterScales.length === 0) {
    throw new Error(`filter tensor ${filter.id} (${filter.name}) has no quantisation`);
  }
  if (filterScales.length !== 1 && filterScales.length !== channels) {
    throw new Error(
      `filter tensor ${filter.id}: ${filterScales.length} scales for ${channels} channels`,
    );
  }
  const inputScale = scaleOf(input);
  const outputScale = scaleOf(output);
  const multipliers = new Int32Array(channels);
  const shifts = new Int32Array(channels);
  for (let c = 0; c < channels; c++) {
    const filterScale = filterScales.length === 1 ? filterScales[0]! : filterScales[c]!;
    const q = quantizeMultiplier((inputScale * filterScale) / outputScale, rounding);
    multipliers[c] = q.multiplier;
    shifts[c] = q.shift;
  }
  return { multipliers, shifts };
}
