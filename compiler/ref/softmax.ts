/**
 * SOFTMAX int8 -> int8 over the last dimension, bit-exact with TFLite Micro: SoftmaxPrepare
 * (micro/kernels/softmax_common.cc: PreprocessSoftmaxScaling, CalculateInputRadius) and
 * reference_ops::Softmax (kernels/internal/reference/softmax.h): gemmlowp exp on the rescaled
 * differences from the row maximum, a fixed-point reciprocal of their sum, no lookup table.
 */
import { DiagnosticError } from '../../common/diagnostics.js';
import type { Graph, OpOf } from '../ir/graph.js';
import { calculateInputRadius, expOnNegativeValues, getReciprocal, rescale } from './fixedpoint.js';
import {
  quantizeMultiplier,
  requantizerFor,
  roundingDivideByPOT,
  saturatingRoundingDoublingHighMul,
} from './quant.js';
import { clampToRange, int8Of, scaleOf, tensorOf } from './kernel-util.js';
import type { RefKernel, Rounding } from './registry.js';

/** Integer bits of the rescaled input differences (Q5.26), TFLM's kScaledDiffIntegerBits. */
const SCALED_DIFF_INTEGER_BITS = 5;
/** Integer bits of the sum of exponentials (Q12.19), TFLM's kAccumulationIntegerBits. */
const ACCUMULATION_INTEGER_BITS = 12;

export interface SoftmaxParams {
  inputMultiplier: number;
  inputLeftShift: number;
  /** Differences from the row maximum below this contribute nothing (their exp rounds to 0). */
  diffMin: number;
  rounding: Rounding;
}

/**
 * PreprocessSoftmaxScaling: beta * input_scale * 2^(31 - 5), capped at 2^31 - 1 (2^30 - 1 under
 * single rounding), quantised as a multiplier greater than one; diff_min = -radius.
 */
export function prepareSoftmaxInt8(
  inputScale: number,
  beta: number,
  rounding: Rounding = 'double',
): SoftmaxParams {
  const maxRealMultiplier = rounding === 'single' ? 2 ** 30 - 1 : 2 ** 31 - 1;
  const real = Math.min(
    beta * inputScale * 2 ** (31 - SCALED_DIFF_INTEGER_BITS),
    maxRealMultiplier,
  );
  const { multiplier, shift } = quantizeMultiplier(real, rounding);
  if (shift < 0) throw new Error(`softmax input multiplier ${real} is not greater than one`);
  const radius = calculateInputRadius(SCALED_DIFF_INTEGER_BITS, shift);
  return { inputMultiplier: multiplier, inputLeftShift: shift, diffMin: -radius | 0, rounding };
}

/** reference_ops::Softmax<int8_t, int8_t> over rows of `depth` elements; output zp -128, 1/256. */
export function softmaxInt8(
  input: Int8Array,
  output: Int8Array,
  depth: number,
  params: SoftmaxParams,
): void {
  const rescaleDiff = requantizerFor(params.rounding); // MultiplyByQuantizedMultiplierGreaterThanOne
  const expOfDiff = (diff: number): number =>
    expOnNegativeValues(
      rescaleDiff(diff, params.inputMultiplier, params.inputLeftShift),
      SCALED_DIFF_INTEGER_BITS,
    );
  for (let row = 0; row < input.length; row += depth) {
    let maxInRow = -128;
    for (let c = 0; c < depth; c++) maxInRow = Math.max(maxInRow, input[row + c]!);

    let sumOfExps = 0; // Q12.19
    for (let c = 0; c < depth; c++) {
      const diff = input[row + c]! - maxInRow;
      if (diff >= params.diffMin) {
        sumOfExps = (sumOfExps + rescale(expOfDiff(diff), 0, ACCUMULATION_INTEGER_BITS)) | 0;
      }
    }

    const { reciprocal, numBitsOverUnit } = getReciprocal(sumOfExps, ACCUMULATION_INTEGER_BITS);
    const exponent = numBitsOverUnit + 31 - 8;
    if (exponent < 0 || exponent > 31) throw new Error(`softmax output exponent ${exponent}`);

    for (let c = 0; c < depth; c++) {
      const diff = input[row + c]! - maxInRow;
      if (diff < params.diffMin) {
        output[row + c] = -128;
        continue;
      }
      const scaled = saturatingRoundingDoublingHighMul(reciprocal, expOfDiff(diff));
      const unsaturated = roundingDivideByPOT(scaled, exponent);
      output[row + c] = clampToRange(unsaturated - 128, -128, 127);
    }
  }
}

/** The SOFTMAX kernel of the reference interpreter (int8 only, as TFLite Micro's int8 path). */
export const softmax: RefKernel<'SOFTMAX'> = (op, graph, values, options) => {
  checkSoftmaxOperands(op, graph);
  const inputTensor = tensorOf(graph, op.inputs[0]!);
  const input = int8Of(values, inputTensor.id);
  const output = int8Of(values, op.outputs[0]!);
  if (input.length !== output.length) {
    throw new Error(`SOFTMAX: input has ${input.length} elements, output ${output.length}`);
  }
  const depth = inputTensor.shape[inputTensor.shape.length - 1] ?? 1;
  const params = prepareSoftmaxInt8(scaleOf(inputTensor), op.attrs.beta, options.rounding);
  softmaxInt8(input, output, depth, params);
};

/** What TFLM's SoftmaxPrepare insists on for int8, reported as diagnostics. */
function checkSoftmaxOperands(op: OpOf<'SOFTMAX'>, graph: Graph): void {
  const where = `op ${graph.ops.indexOf(op)} (SOFTMAX)`;
  const input = tensorOf(graph, op.inputs[0]!);
  const output = tensorOf(graph, op.outputs[0]!);
  const problems: { code: string; where: string; message: string }[] = [];
  if (input.dtype !== 'int8' || output.dtype !== 'int8' || !input.quant) {
    problems.push({
      code: 'ref/unsupported-dtype',
      where,
      message: `the reference SOFTMAX supports quantised int8 -> int8, not ${input.dtype} -> ${output.dtype}`,
    });
  } else if (output.quant?.zeroPoint[0] !== -128 || output.quant.scale[0] !== 1 / 256) {
    problems.push({
      code: 'ref/softmax-output-quant',
      where,
      message: `int8 SOFTMAX output must have scale 1/256 and zero point -128 (TFLite Micro), got scale ${output.quant?.scale[0]} zero point ${output.quant?.zeroPoint[0]}`,
    });
  }
  if (problems.length > 0) throw new DiagnosticError(problems);
}
