/**
 * Lowering of the data-movement and reduction ops: RESHAPE, PAD, CONCATENATION and MEAN. MEAN takes
 * its multiplier from the reference's prepareMeanInt8 and foldCountIntoMultiplier.
 */
import { dtypeBytes, elementCount, type Graph, type OpOf } from '../../compiler/ir/graph.js';
import { scaleOf, tensorOf, zeroPointOf } from '../../compiler/ref/kernel-util.js';
import { foldCountIntoMultiplier, prepareMeanInt8, resolveAxes } from '../../compiler/ref/mean.js';
import { activationRange } from '../../compiler/ref/quant.js';
import type { Rounding } from '../../compiler/ref/registry.js';
import { dims4, float32Bits, packRecord, shape4 } from './op-params-layout.js';

export function lowerReshape(
  g: Graph,
  op: OpOf<'RESHAPE'>,
  kind: number,
  rounding: Rounding,
): Int32Array {
  const input = tensorOf(g, op.inputs[0]!);
  const output = tensorOf(g, op.outputs[0]!);
  if (input.dtype !== output.dtype || elementCount(input.shape) !== elementCount(output.shape)) {
    throw new Error(`RESHAPE [${input.shape}] ${input.dtype} -> [${output.shape}] ${output.dtype}`);
  }
  const fields = { ...dims4('outD', shape4(output.shape)), elemBytes: dtypeBytes(output.dtype) };
  return packRecord(kind, 'RESHAPE', op.inputs.length, rounding, fields);
}

export function lowerPad(g: Graph, op: OpOf<'PAD'>, kind: number, rounding: Rounding): Int32Array {
  const input = tensorOf(g, op.inputs[0]!);
  const output = tensorOf(g, op.outputs[0]!);
  const paddings = tensorOf(g, op.inputs[1]!).data;
  if (paddings === undefined) throw new Error('PAD: the paddings must be constant');
  const rank = input.shape.length;
  const before = Array.from({ length: rank }, (_, d) => Number(paddings[2 * d]));
  if (before.some((b) => b < 0)) throw new Error(`PAD: negative padding [${before}]`);
  const elemBytes = dtypeBytes(output.dtype);
  // The pad value: constant_values when given (its element 0), else the output zero point.
  const constantId = op.inputs[2] ?? -1;
  const constant = constantId >= 0 ? tensorOf(g, constantId) : undefined;
  let padValue = constant === undefined ? zeroPointOf(output) : 0;
  if (constant?.data !== undefined) padValue = Number(constant.data[0]);
  if (output.dtype === 'float32') padValue = float32Bits(Math.fround(padValue), 'PAD value');
  const fields = {
    ...dims4('inD', shape4(input.shape)),
    ...dims4('outD', shape4(output.shape)),
    ...dims4('before', [0, 0, 0, 0, ...before].slice(-4)),
    elemBytes,
    padValue,
    padOperand: constant !== undefined && constant.data === undefined ? 1 : 0,
  };
  if (rank > 4 && before.slice(0, rank - 4).some((b) => b !== 0)) {
    throw new Error(`PAD: padding of a dim beyond the last 4 [${before}]`);
  }
  return packRecord(kind, 'PAD', op.inputs.length, rounding, fields);
}

export function lowerConcatenation(
  g: Graph,
  op: OpOf<'CONCATENATION'>,
  kind: number,
  rounding: Rounding,
): Int32Array {
  const output = tensorOf(g, op.outputs[0]!);
  const rank = output.shape.length;
  const axis = op.attrs.axis < 0 ? op.attrs.axis + rank : op.attrs.axis;
  const axis4 = axis + 4 - rank;
  if (axis4 < 0) throw new Error(`CONCATENATION axis ${axis} of a rank-${rank} tensor`);
  const starts = [0];
  for (const id of op.inputs) starts.push(starts.at(-1)! + tensorOf(g, id).shape[axis]!);
  const clamp = op.attrs.activation !== 'NONE' && output.dtype === 'int8';
  const [actMin, actMax] = clamp
    ? activationRange(op.attrs.activation, scaleOf(output), zeroPointOf(output))
    : [-128, 127];
  const fields = {
    ...dims4('outD', shape4(output.shape)),
    axis: axis4,
    elemBytes: dtypeBytes(output.dtype),
    clamp: clamp ? 1 : 0,
    actMin,
    actMax,
  };
  return packRecord(kind, 'CONCAT', op.inputs.length, rounding, fields, [starts]);
}

export function lowerMean(
  g: Graph,
  op: OpOf<'MEAN'>,
  kind: number,
  rounding: Rounding,
): Int32Array {
  const input = tensorOf(g, op.inputs[0]!);
  const output = tensorOf(g, op.outputs[0]!);
  const axesData = tensorOf(g, op.inputs[1]!).data;
  if (!(axesData instanceof Int32Array)) throw new Error('MEAN: the axes must be constant int32');
  const axes = resolveAxes(input.shape.length, axesData);
  if (!Array.isArray(axes)) throw new Error(`MEAN: axis ${axes.bad} out of range`);
  const rank = input.shape.length;
  const reduce = [0, 0, 0, 0, ...input.shape.map((_, d) => (axes.includes(d) ? 1 : 0))].slice(-4);
  const params = prepareMeanInt8(
    { scale: scaleOf(input), zeroPoint: zeroPointOf(input) },
    { scale: scaleOf(output), zeroPoint: zeroPointOf(output) },
    rounding,
  );
  const empty = input.shape.some((d) => d === 0);
  const count = axes.reduce((n, a) => n * input.shape[a]!, 1);
  const folded = empty
    ? { multiplier: 0, shift: 0 }
    : foldCountIntoMultiplier(params.multiplier, params.shift, count);
  if (rank > 4 && axes.some((a) => a < rank - 4))
    throw new Error('MEAN over a dim beyond the last 4');
  const fields = {
    ...dims4('inD', shape4(input.shape)),
    ...dims4('reduce', reduce),
    ...dims4('outD', shape4(output.shape)),
    inputZeroPointTotal: (params.inputZeroPoint * count) | 0,
    outputZeroPoint: params.outputZeroPoint,
    multiplier: folded.multiplier,
    shift: folded.shift,
    empty: empty ? 1 : 0,
  };
  return packRecord(kind, 'MEAN', op.inputs.length, rounding, fields);
}
