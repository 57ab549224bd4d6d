/**
 * DEPTHWISE_CONV_2D, int8 per-channel: reference_integer_ops::DepthwiseConvPerChannel
 * (tensorflow/lite/kernels/internal/reference/integer_ops/depthwise_conv.h). Output channel
 * oc = ic · depth_multiplier + m reads input channel ic; filter [1, KH, KW, IC · M]. Same
 * accumulation, padding and requantisation as CONV_2D.
 */
import { channelMultipliers } from './channel-multipliers.js';
import { endTap, firstTap, offsetInput } from './conv2d.js';
import {
  int32Of,
  int8Of,
  leadingPadding,
  nhwc,
  optionalInput,
  scaleOf,
  tensorOf,
  zeroPointOf,
} from './kernel-util.js';
import { activationRange, requantizerFor } from './quant.js';
import type { RefKernel } from './registry.js';

export const depthwiseConv2d: RefKernel<'DEPTHWISE_CONV_2D'> = (op, graph, values, options) => {
  const input = tensorOf(graph, op.inputs[0]!);
  const filter = tensorOf(graph, op.inputs[1]!);
  const output = tensorOf(graph, op.outputs[0]!);
  const biasId = optionalInput(op.inputs, 2);
  const bias = biasId === undefined ? undefined : int32Of(values, biasId);
  const w = int8Of(values, filter.id);
  const y = int8Of(values, output.id);
  const [batches, inH, inW, inC] = nhwc(input.shape);
  const [, kH, kW, outC] = nhwc(filter.shape);
  const [, outH, outW] = nhwc(output.shape);
  const depthMultiplier = outC / inC;
  const { padding, strideH, strideW, dilationH, dilationW, activation } = op.attrs;
  const padH = leadingPadding(padding, inH, outH, kH, strideH, dilationH);
  const padW = leadingPadding(padding, inW, outW, kW, strideW, dilationW);
  const outputOffset = zeroPointOf(output);
  const [actMin, actMax] = activationRange(activation, scaleOf(output), outputOffset);
  const { multipliers, shifts } = channelMultipliers(input, filter, output, outC, options.rounding);
  const requantize = requantizerFor(options.rounding);
  const xs = offsetInput(int8Of(values, input.id), -zeroPointOf(input));
  // Wrapping int32 accumulators (as in C) of one output pixel, all channels; taps are visited in
  // the outer loops so that the inner loop walks contiguous channels.
  const acc = new Int32Array(outC);

  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * strideH - padH;
      const ky0 = firstTap(iy0, dilationH);
      const ky1 = endTap(iy0, dilationH, inH, kH);
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * strideW - padW;
        const kx0 = firstTap(ix0, dilationW);
        const kx1 = endTap(ix0, dilationW, inW, kW);
        acc.fill(0);
        for (let ky = ky0; ky < ky1; ky++) {
          const rowBase = (b * inH + iy0 + ky * dilationH) * inW;
          for (let kx = kx0; kx < kx1; kx++) {
            const xBase = (rowBase + ix0 + kx * dilationW) * inC;
            const wBase = (ky * kW + kx) * outC;
            if (depthMultiplier === 1) {
              for (let c = 0; c < outC; c++) {
                acc[c] = acc[c]! + Math.imul(w[wBase + c]!, xs[xBase + c]!);
              }
            } else {
              for (let oc = 0; oc < outC; oc++) {
                const x = xs[xBase + ((oc / depthMultiplier) | 0)]!;
                acc[oc] = acc[oc]! + Math.imul(w[wBase + oc]!, x);
              }
            }
          }
        }
        const outBase = ((b * outH + oy) * outW + ox) * outC;
        for (let oc = 0; oc < outC; oc++) {
          const sum = bias === undefined ? acc[oc]! : (acc[oc]! + bias[oc]!) | 0;
          let v = requantize(sum, multipliers[oc]!, shifts[oc]!) + outputOffset;
          v = v < actMin ? actMin : v > actMax ? actMax : v;
          y[outBase + oc] = v;
        }
      }
    }
  }
};
