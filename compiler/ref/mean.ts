/**
 * MEAN int8 -> int8 over constant axes, bit-exact with TFLite Micro. TFLM's EvalMeanHelper sends
 * every int8 MEAN (equal or different input/output quantisation, any keep_dims) through
 * reference_ops::QuantizedMeanOrSumExtraArgs -> QuantizedMeanOrSum (kernels/internal/reference/
 * reduce.h): an int32 sum of the raw values per output element, minus zp_in * count, requantised
 * with QuantizeMultiplier(s_in / s_out) whose multiplier absorbs 1 / count (shift by
 * floor(log2(count)) clamped to 32 and to 31 + shift, then an integer division), plus zp_out.
 * Older TFLM had a special 4-D axes {1, 2} keep_dims path (reference_integer_ops::Mean) and an
 * integer-division path for equal quantisation; the oracle revision (2026) has neither.
 */
import { DiagnosticError } from '../../common/diagnostics.js';
import { elementCount, type Graph, type OpOf } from '../ir/graph.js';
import { quantizeMultiplier, requantizerFor } from './quant.js';
import { clampToRange, int8Of, scaleOf, tensorOf, zeroPointOf } from './kernel-util.js';
import type { RefKernel, Rounding } from './registry.js';

export interface MeanParams {
  inputZeroPoint: number;
  outputZeroPoint: number;
  /** QuantizeMultiplier(input_scale / output_scale), before folding in 1 / count. */
  multiplier: number;
  shift: number;
  rounding: Rounding;
}

export function prepareMeanInt8(
  input: { scale: number; zeroPoint: number },
  output: { scale: number; zeroPoint: number },
  rounding: Rounding = 'double',
): MeanParams {
  const { multiplier, shift } = quantizeMultiplier(input.scale / output.scale, rounding);
  return {
    inputZeroPoint: input.zeroPoint,
    outputZeroPoint: output.zeroPoint,
    multiplier,
    shift,
    rounding,
  };
}

/**
 * reference_ops::ResolveAxis: negative axes count from the end, duplicates collapse. Returns the
 * axes or the offending value.
 */
export function resolveAxes(rank: number, axes: ArrayLike<number>): number[] | { bad: number } {
  const resolved: number[] = [];
  for (let i = 0; i < axes.length; i++) {
    const axis = axes[i]! < 0 ? axes[i]! + rank : axes[i]!;
    if (axis < 0 || axis >= rank) return { bad: axes[i]! };
    if (!resolved.includes(axis)) resolved.push(axis);
  }
  return resolved;
}

/** The multiplier and shift with 1 / count folded in, as QuantizedMeanOrSum does. */
export function foldCountIntoMultiplier(
  multiplier: number,
  shift: number,
  count: number,
): { multiplier: number; shift: number } {
  const log2Count = count.toString(2).length - 1; // 63 - CountLeadingZeros(uint64 count)
  const extraShift = Math.min(log2Count, 32, 31 + shift);
  const folded = (BigInt(multiplier) << BigInt(extraShift)) / BigInt(count); // int64, truncating
  return { multiplier: Number(folded), shift: shift - extraShift };
}

/** int32 sums of the raw input values over `axes`, one per output element (row-major). */
export function sumOverAxes(
  input: Int8Array,
  shape: readonly number[],
  axes: number[],
): Int32Array {
  const keptStrides = new Array<number>(shape.length).fill(0);
  let keptCount = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (axes.includes(d)) continue;
    keptStrides[d] = keptCount;
    keptCount *= shape[d]!;
  }
  const sums = new Int32Array(keptCount);
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < input.length; i++) {
    let out = 0;
    for (let d = 0; d < shape.length; d++) out += index[d]! * keptStrides[d]!;
    sums[out] = (sums[out]! + input[i]!) | 0;
    for (let d = shape.length - 1; d >= 0 && ++index[d]! === shape[d]!; d--) index[d] = 0;
  }
  return sums;
}

/** QuantizedMeanOrSum<int8_t, int32_t> with compute_sum = false. */
export function meanInt8(
  input: Int8Array,
  shape: readonly number[],
  axes: number[],
  output: Int8Array,
  params: MeanParams,
): void {
  output.fill(0);
  if (shape.some((d) => d === 0)) return;
  const count = axes.reduce((n, axis) => n * shape[axis]!, 1);
  const sums = sumOverAxes(input, shape, axes);
  if (sums.length !== output.length) {
    throw new Error(`MEAN: ${sums.length} reduced elements for an output of ${output.length}`);
  }
  const { multiplier, shift } = foldCountIntoMultiplier(params.multiplier, params.shift, count);
  const requantize = requantizerFor(params.rounding);
  const zeroPointTotal = params.inputZeroPoint * count;
  for (let i = 0; i < sums.length; i++) {
    const shiftedSum = (sums[i]! - zeroPointTotal) | 0;
    const value = requantize(shiftedSum, multiplier, shift) + params.outputZeroPoint;
    output[i] = clampToRange(value, -128, 127);
  }
}

/** The MEAN kernel of the reference interpreter (int8, constant int32 axes). */
export const mean: RefKernel<'MEAN'> = (op, graph, values, options) => {
  const axes = checkMeanOperands(op, graph);
  const inputTensor = tensorOf(graph, op.inputs[0]!);
  const outputTensor = tensorOf(graph, op.outputs[0]!);
  const params = prepareMeanInt8(
    { scale: scaleOf(inputTensor), zeroPoint: zeroPointOf(inputTensor) },
    { scale: scaleOf(outputTensor), zeroPoint: zeroPointOf(outputTensor) },
    options.rounding,
  );
  const input = int8Of(values, inputTensor.id);
  const output = int8Of(values, outputTensor.id);
  meanInt8(input, inputTensor.shape, axes, output, params);
};

/** Operand checks, all problems at once; returns the resolved axes. */
function checkMeanOperands(op: OpOf<'MEAN'>, graph: Graph): number[] {
  const where = `op ${graph.ops.indexOf(op)} (MEAN)`;
  const input = tensorOf(graph, op.inputs[0]!);
  const axesTensor = graph.tensors[op.inputs[1]!];
  const output = tensorOf(graph, op.outputs[0]!);
  const problems: string[] = [];
  if (input.dtype !== 'int8' || output.dtype !== 'int8' || !input.quant || !output.quant) {
    problems.push(`supports quantised int8 -> int8, not ${input.dtype} -> ${output.dtype}`);
  }
  let axes: number[] = [];
  if (axesTensor?.dtype !== 'int32' || !(axesTensor.data instanceof Int32Array)) {
    problems.push('axes must be a constant int32 tensor');
  } else {
    const resolved = resolveAxes(input.shape.length, axesTensor.data);
    if (Array.isArray(resolved)) axes = resolved;
    else problems.push(`axis ${resolved.bad} is out of range for rank ${input.shape.length}`);
  }
  const kept = input.shape.reduce((n, d, i) => (axes.includes(i) ? n : n * d), 1);
  if (problems.length === 0 && kept !== elementCount(output.shape)) {
    problems.push(`reducing [${input.shape}] over axes [${axes}] cannot give [${output.shape}]`);
  }
  if (problems.length > 0) {
    throw new DiagnosticError(
      problems.map((message) => ({ code: 'ref/bad-mean', where, message: `MEAN ${message}` })),
    );
  }
  return axes;
}
