/**
 * LOGISTIC int8 -> int8, bit-exact with TFLite Micro: CalculateArithmeticOpDataLogistic
 * (micro/kernels/logistic_common.cc) and reference_integer_ops::Logistic
 * (kernels/internal/reference/integer_ops/logistic.h). The centred input is rescaled to Q4.27 and
 * fed to gemmlowp's fixed-point logistic; inputs at or beyond the range radius saturate.
 */
import { DiagnosticError } from '../../common/diagnostics.js';
import type { Graph, OpOf } from '../ir/graph.js';
import { calculateInputRadius, logisticFixed } from './fixedpoint.js';
import { frexp, requantizerFor, roundHalfAwayFromZero, roundingDivideByPOT } from './quant.js';
import { clampToRange, int8Of, scaleOf, tensorOf, zeroPointOf } from './kernel-util.js';
import type { RefKernel, Rounding, TensorValues } from './registry.js';

/** Integer bits of the rescaled input (Q4.27), TFLM's kInputIntegerBits for int8. */
const INPUT_INTEGER_BITS = 4;

/** The parameters TFLM's prepare computes for int8 LOGISTIC and TANH (same recipe). */
export interface SigmoidLikeParams {
  inputZeroPoint: number;
  inputMultiplier: number;
  inputLeftShift: number;
  /** Centred inputs with |x| >= radius saturate to the output's extremes. */
  inputRangeRadius: number;
  rounding: Rounding;
}

/**
 * input_scale * 2^(31 - 4) split by frexp into a Q31 multiplier (rounded half away from zero, no
 * 2^31 correction, as the prepare code does) and a left shift; radius from CalculateInputRadius.
 */
export function prepareSigmoidLikeInt8(
  inputScale: number,
  inputZeroPoint: number,
  rounding: Rounding = 'double',
): SigmoidLikeParams {
  const [fraction, exponent] = frexp(inputScale * 2 ** (31 - INPUT_INTEGER_BITS));
  return {
    inputZeroPoint,
    // static_cast<int32_t>: a significand that rounds up to 2^31 wraps (x86), unlike QuantizeMultiplier.
    inputMultiplier: roundHalfAwayFromZero(fraction * 2 ** 31) | 0,
    inputLeftShift: exponent,
    inputRangeRadius: calculateInputRadius(INPUT_INTEGER_BITS, exponent, 31),
    rounding,
  };
}

/** reference_integer_ops::Logistic for int8: output scale 1/256, zero point -128. */
export function logisticInt8(input: Int8Array, output: Int8Array, params: SigmoidLikeParams): void {
  const requantize = requantizerFor(params.rounding);
  for (let i = 0; i < input.length; i++) {
    const x = input[i]! - params.inputZeroPoint;
    if (x <= -params.inputRangeRadius) {
      output[i] = -128;
    } else if (x >= params.inputRangeRadius) {
      output[i] = 127;
    } else {
      const inputQ4 = requantize(x, params.inputMultiplier, params.inputLeftShift);
      const outputQ0 = logisticFixed(inputQ4, INPUT_INTEGER_BITS);
      const scaled = roundingDivideByPOT(outputQ0, 31 - 8) - 128;
      output[i] = clampToRange(scaled, -128, 127);
    }
  }
}

/** The LOGISTIC kernel of the reference interpreter (int8 only). */
export const logistic: RefKernel<'LOGISTIC'> = (op, graph, values, options) => {
  checkSigmoidLikeOperands(op, graph, { scale: 1 / 256, zeroPoint: -128 });
  const [input, output, params] = sigmoidLikeOperands(op, graph, values, options.rounding);
  logisticInt8(input, output, params);
};

/** Input and output arrays and the prepared parameters of a LOGISTIC or TANH op. */
export function sigmoidLikeOperands(
  op: OpOf<'LOGISTIC'> | OpOf<'TANH'>,
  graph: Graph,
  values: TensorValues,
  rounding: Rounding,
): [input: Int8Array, output: Int8Array, params: SigmoidLikeParams] {
  const inputTensor = tensorOf(graph, op.inputs[0]!);
  const input = int8Of(values, inputTensor.id);
  const output = int8Of(values, op.outputs[0]!);
  if (input.length !== output.length) {
    throw new Error(`${op.kind}: input has ${input.length} elements, output ${output.length}`);
  }
  const params = prepareSigmoidLikeInt8(scaleOf(inputTensor), zeroPointOf(inputTensor), rounding);
  return [input, output, params];
}

/**
 * Operand checks shared with TANH. TFLM requires int8 in and out and (for LOGISTIC) output zero
 * point -128; the kernels hard-code the output scale (2^-8 for LOGISTIC, 2^-7 for TANH), so any
 * other output quantisation would silently mean something else and is reported too.
 */
export function checkSigmoidLikeOperands(
  op: OpOf<'LOGISTIC'> | OpOf<'TANH'>,
  graph: Graph,
  expectedOutput: { scale: number; zeroPoint: number },
): void {
  const where = `op ${graph.ops.indexOf(op)} (${op.kind})`;
  const input = tensorOf(graph, op.inputs[0]!);
  const output = tensorOf(graph, op.outputs[0]!);
  if (input.dtype !== 'int8' || output.dtype !== 'int8' || !input.quant) {
    throw new DiagnosticError({
      code: 'ref/unsupported-dtype',
      where,
      message: `the reference ${op.kind} supports quantised int8 -> int8, not ${input.dtype} -> ${output.dtype}`,
    });
  }
  const q = output.quant;
  if (q?.scale[0] !== expectedOutput.scale || q.zeroPoint[0] !== expectedOutput.zeroPoint) {
    throw new DiagnosticError({
      code: 'ref/activation-output-quant',
      where,
      message: `int8 ${op.kind} output must have scale ${expectedOutput.scale} and zero point ${expectedOutput.zeroPoint}, got scale ${q?.scale[0]} zero point ${q?.zeroPoint[0]}`,
    });
  }
}
