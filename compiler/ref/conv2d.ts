/**
 * CONV_2D, int8 with per-channel weights: reference_integer_ops::ConvPerChannel
 * (tensorflow/lite/kernels/internal/reference/integer_ops/conv.h) with the parameters TFLM's
 * conv_common.cc prepares. acc = Σ w · (x − x_zp) over in-bounds taps (padding taps are skipped,
 * i.e. read as the input zero point) + bias; then MultiplyByQuantizedMultiplier per output channel,
 * + output zero point, clamped to the fused activation's range. Grouped convolutions (input depth a
 * multiple of the filter's) follow the same definition.
 */
import { channelMultipliers } from './channel-multipliers.js';
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

/** The input with its offset (−zero point) applied once, so the MAC loop is a plain dot product. */
export function offsetInput(x: Int8Array, offset: number): Int32Array {
  const xs = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) xs[i] = x[i]! + offset;
  return xs;
}

/** First tap index k in [0, taps) with 0 <= origin + k·dilation, i.e. inside the image. */
export function firstTap(origin: number, dilation: number): number {
  return origin >= 0 ? 0 : Math.ceil(-origin / dilation);
}

/** One past the last tap index k with origin + k·dilation < size, capped at `taps`. */
export function endTap(origin: number, dilation: number, size: number, taps: number): number {
  const last = Math.floor((size - 1 - origin) / dilation) + 1;
  return last < taps ? last : taps;
}

/**
 * Σ w[wBase + i] · xs[xBase + i] for i < n in wrapping int32 arithmetic (the C accumulator's),
 * unrolled by four.
 */
export function dot(w: Int8Array, wBase: number, xs: Int32Array, xBase: number, n: number): number {
  let acc = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    acc =
      (acc +
        Math.imul(w[wBase + i]!, xs[xBase + i]!) +
        Math.imul(w[wBase + i + 1]!, xs[xBase + i + 1]!) +
        Math.imul(w[wBase + i + 2]!, xs[xBase + i + 2]!) +
        Math.imul(w[wBase + i + 3]!, xs[xBase + i + 3]!)) |
      0;
  }
  for (; i < n; i++) acc = (acc + Math.imul(w[wBase + i]!, xs[xBase + i]!)) | 0;
  return acc;
}

export const conv2d: RefKernel<'CONV_2D'> = (op, graph, values, options) => {
  const input = tensorOf(graph, op.inputs[0]!);
  const filter = tensorOf(graph, op.inputs[1]!);
  const output = tensorOf(graph, op.outputs[0]!);
  const biasId = optionalInput(op.inputs, 2);
  const bias = biasId === undefined ? undefined : int32Of(values, biasId);
  const w = int8Of(values, filter.id);
  const y = int8Of(values, output.id);
  const [batches, inH, inW, inC] = nhwc(input.shape);
  const [outC, kH, kW, filterC] = nhwc(filter.shape);
  const [, outH, outW] = nhwc(output.shape);
  const outPerGroup = outC / (inC / filterC);
  const { padding, strideH, strideW, dilationH, dilationW, activation } = op.attrs;
  const padH = leadingPadding(padding, inH, outH, kH, strideH, dilationH);
  const padW = leadingPadding(padding, inW, outW, kW, strideW, dilationW);
  const outputOffset = zeroPointOf(output);
  const [actMin, actMax] = activationRange(activation, scaleOf(output), outputOffset);
  const { multipliers, shifts } = channelMultipliers(input, filter, output, outC, options.rounding);
  const requantize = requantizerFor(options.rounding);
  const xs = offsetInput(int8Of(values, input.id), -zeroPointOf(input));
  const contiguousRows = dilationW === 1 && filterC === inC;

  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * strideH - padH;
      const ky0 = firstTap(iy0, dilationH);
      const ky1 = endTap(iy0, dilationH, inH, kH);
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * strideW - padW;
        const kx0 = firstTap(ix0, dilationW);
        const kx1 = endTap(ix0, dilationW, inW, kW);
        const outBase = ((b * outH + oy) * outW + ox) * outC;
        // With dilation 1 and no groups, the in-bounds taps of one filter row are contiguous in
        // both the input and the filter: one dot product per row.
        const rowRun = contiguousRows ? (kx1 - kx0) * inC : 0;
        for (let oc = 0; oc < outC; oc++) {
          const icBase = ((oc / outPerGroup) | 0) * filterC;
          let acc = 0;
          for (let ky = ky0; ky < ky1; ky++) {
            const rowBase = (b * inH + iy0 + ky * dilationH) * inW;
            if (contiguousRows) {
              const wBase = ((oc * kH + ky) * kW + kx0) * inC;
              acc = (acc + dot(w, wBase, xs, (rowBase + ix0 + kx0) * inC, rowRun)) | 0;
              continue;
            }
            for (let kx = kx0; kx < kx1; kx++) {
              const xBase = (rowBase + ix0 + kx * dilationW) * inC + icBase;
              const wBase = ((oc * kH + ky) * kW + kx) * filterC;
              acc = (acc + dot(w, wBase, xs, xBase, filterC)) | 0;
            }
          }
          if (bias !== undefined) acc = (acc + bias[oc]!) | 0;
          let v = requantize(acc, multipliers[oc]!, shifts[oc]!) + outputOffset;
          v = v < actMin ? actMin : v > actMax ? actMax : v;
          y[outBase + oc] = v;
        }
      }
    }
  }
};
