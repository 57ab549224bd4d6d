/**
 * Lowering of the windowed and matrix ops (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, the two
 * pools): the parameters TFLM's Prepare computes, taken from the reference interpreter's own
 * helpers (channelMultipliers, fcMultipliers, leadingPadding, activationRange) so they cannot drift.
 *
 * Besides the per-channel multipliers and shifts, CONV_2D and FULLY_CONNECTED carry offset_sum[c] =
 * input_offset * (sum of channel c's weights), wrapped to int32: the kernels compute sum(w * x) and
 * add it, which is the reference's sum(w * (x + input_offset)) modulo 2^32.
 */
import type { Graph, OpOf, Tensor } from '../../compiler/ir/graph.js';
import { channelMultipliers } from '../../compiler/ref/channel-multipliers.js';
import { fcMultipliers } from '../../compiler/ref/fully-connected.js';
import {
  leadingPadding,
  nhwc,
  scaleOf,
  tensorOf,
  zeroPointOf,
} from '../../compiler/ref/kernel-util.js';
import { activationRange } from '../../compiler/ref/quant.js';
import type { Rounding } from '../../compiler/ref/registry.js';
import { packRecord, shape4 } from './op-params-layout.js';

function weightsOf(filter: Tensor): Int8Array {
  if (!(filter.data instanceof Int8Array)) {
    throw new Error(`weights ${filter.id} (${filter.name}) must be constant int8 data`);
  }
  return filter.data;
}

/** input_offset * sum of the weights at `base + k * step` for k < count, per channel, wrapped. */
function offsetSums(
  w: Int8Array,
  channels: number,
  inputOffset: number,
  at: (channel: number, k: number) => number,
  count: number,
): Int32Array {
  const sums = new Int32Array(channels);
  for (let c = 0; c < channels; c++) {
    let s = 0;
    for (let k = 0; k < count; k++) s += w[at(c, k)]!;
    sums[c] = Math.imul(inputOffset, s);
  }
  return sums;
}

interface Operands {
  input: Tensor;
  filter: Tensor;
  output: Tensor;
}

function operands(g: Graph, op: { inputs: number[]; outputs: number[] }): Operands {
  return {
    input: tensorOf(g, op.inputs[0]!),
    filter: tensorOf(g, op.inputs[1]!),
    output: tensorOf(g, op.outputs[0]!),
  };
}

/**
 * The fields CONV_2D and DEPTHWISE_CONV_2D share: shapes (the kernel's from the filter), strides,
 * dilations, leading padding, zero-point offsets and the activation range. `kH`, `kW`: the filter's
 * spatial size.
 */
function windowFields(
  input: Tensor,
  output: Tensor,
  a: OpOf<'CONV_2D'>['attrs'] | OpOf<'DEPTHWISE_CONV_2D'>['attrs'],
  kH: number,
  kW: number,
) {
  const [inN, inH, inW, inC] = nhwc(input.shape);
  const [, outH, outW, outC] = nhwc(output.shape);
  const outputOffset = zeroPointOf(output);
  const [actMin, actMax] = activationRange(a.activation, scaleOf(output), outputOffset);
  return {
    inN,
    inH,
    inW,
    inC,
    outH,
    outW,
    outC,
    kH,
    kW,
    strideH: a.strideH,
    strideW: a.strideW,
    dilationH: a.dilationH,
    dilationW: a.dilationW,
    padH: leadingPadding(a.padding, inH, outH, kH, a.strideH, a.dilationH),
    padW: leadingPadding(a.padding, inW, outW, kW, a.strideW, a.dilationW),
    inputOffset: -zeroPointOf(input),
    outputOffset,
    actMin,
    actMax,
  };
}

export function lowerConv2d(
  g: Graph,
  op: OpOf<'CONV_2D'>,
  kind: number,
  rounding: Rounding,
): Int32Array {
  const { input, filter, output } = operands(g, op);
  const [outC, kH, kW, filterC] = nhwc(filter.shape);
  const common = windowFields(input, output, op.attrs, kH, kW);
  const { multipliers, shifts } = channelMultipliers(input, filter, output, outC, rounding);
  const perChannel = kH * kW * filterC;
  const sums = offsetSums(
    weightsOf(filter),
    outC,
    common.inputOffset,
    (c, k) => c * perChannel + k,
    perChannel,
  );
  const fields = { ...common, outC, filterC, outPerGroup: outC / (common.inC / filterC) };
  return packRecord(kind, 'CONV', op.inputs.length, rounding, fields, [multipliers, shifts, sums]);
}

export function lowerDepthwiseConv2d(
  g: Graph,
  op: OpOf<'DEPTHWISE_CONV_2D'>,
  kind: number,
  rounding: Rounding,
): Int32Array {
  const { input, filter, output } = operands(g, op);
  const [, kH, kW, outC] = nhwc(filter.shape);
  const common = windowFields(input, output, op.attrs, kH, kW);
  const { multipliers, shifts } = channelMultipliers(input, filter, output, outC, rounding);
  // depthMultiplier as the reference derives it (not the attribute).
  const fields = { ...common, outC, depthMultiplier: outC / common.inC };
  return packRecord(kind, 'DW', op.inputs.length, rounding, fields, [multipliers, shifts]);
}

export function lowerFullyConnected(
  g: Graph,
  op: OpOf<'FULLY_CONNECTED'>,
  kind: number,
  rounding: Rounding,
): Int32Array {
  const { input, filter, output } = operands(g, op);
  const depth = filter.shape[filter.shape.length - 1]!;
  const out = shape4(output.shape);
  const outDepth = out[3];
  const inputOffset = -zeroPointOf(input);
  const outputOffset = zeroPointOf(output);
  const [actMin, actMax] = activationRange(op.attrs.activation, scaleOf(output), outputOffset);
  const { multipliers, shifts } = fcMultipliers(input, filter, output, outDepth, rounding);
  const sums = offsetSums(weightsOf(filter), outDepth, inputOffset, (c, k) => c * depth + k, depth);
  const fields = {
    outD0: out[0],
    outD1: out[1],
    outD2: out[2],
    outDepth,
    depth,
    inputOffset,
    filterOffset: -zeroPointOf(filter),
    outputOffset,
    actMin,
    actMax,
  };
  return packRecord(kind, 'FC', op.inputs.length, rounding, fields, [multipliers, shifts, sums]);
}

export function lowerPool2d(
  g: Graph,
  op: OpOf<'AVERAGE_POOL_2D'> | OpOf<'MAX_POOL_2D'>,
  kind: number,
  rounding: Rounding,
): Int32Array {
  const input = tensorOf(g, op.inputs[0]!);
  const output = tensorOf(g, op.outputs[0]!);
  const [inN, inH, inW, channels] = nhwc(input.shape);
  const [, outH, outW] = nhwc(output.shape);
  const a = op.attrs;
  const [actMin, actMax] = activationRange(a.activation, scaleOf(output), zeroPointOf(output));
  const fields = {
    inN,
    inH,
    inW,
    channels,
    outH,
    outW,
    filterH: a.filterH,
    filterW: a.filterW,
    strideH: a.strideH,
    strideW: a.strideW,
    padH: leadingPadding(a.padding, inH, outH, a.filterH, a.strideH),
    padW: leadingPadding(a.padding, inW, outW, a.filterW, a.strideW),
    actMin,
    actMax,
  };
  return packRecord(kind, 'POOL', op.inputs.length, rounding, fields);
}
