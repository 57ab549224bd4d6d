/**
 * TANH int8 -> int8, bit-exact with TFLite Micro: the int8 prepare of micro/kernels/tanh.cc (same
 * recipe as LOGISTIC: Q4.27 input, frexp multiplier, range radius) and reference_integer_ops::Tanh
 * (kernels/internal/reference/integer_ops/tanh.h) over gemmlowp's fixed-point tanh.
 */
import { tanhFixed } from './fixedpoint.js';
import { clampToRange } from './kernel-util.js';
import {
  checkSigmoidLikeOperands,
  prepareSigmoidLikeInt8,
  sigmoidLikeOperands,
  type SigmoidLikeParams,
} from './logistic.js';
import { requantizerFor, roundingDivideByPOT } from './quant.js';
import type { RefKernel } from './registry.js';

const INPUT_INTEGER_BITS = 4;
/** Fractional bits of the int8 output: scale 2^-7, zero point 0 (TFLM's kOutputScale = 7). */
const OUTPUT_FRACTIONAL_BITS = 7;

export { prepareSigmoidLikeInt8 as prepareTanhInt8 };

/** reference_integer_ops::Tanh for int8: output scale 1/128, zero point 0. */
export function tanhInt8(input: Int8Array, output: Int8Array, params: SigmoidLikeParams): void {
  const requantize = requantizerFor(params.rounding);
  for (let i = 0; i < input.length; i++) {
    const x = input[i]! - params.inputZeroPoint;
    if (x <= -params.inputRangeRadius) {
      output[i] = -128;
    } else if (x >= params.inputRangeRadius) {
      output[i] = 127;
    } else {
      const inputQ4 = requantize(x, params.inputMultiplier, params.inputLeftShift);
      const outputQ0 = tanhFixed(inputQ4, INPUT_INTEGER_BITS);
      const scaled = roundingDivideByPOT(outputQ0, 31 - OUTPUT_FRACTIONAL_BITS);
      output[i] = clampToRange(scaled, -128, 127);
    }
  }
}

/** The TANH kernel of the reference interpreter (int8 only). */
export const tanh: RefKernel<'TANH'> = (op, graph, values, options) => {
  checkSigmoidLikeOperands(op, graph, { scale: 1 / 128, zeroPoint: 0 });
  const [input, output, params] = sigmoidLikeOperands(op, graph, values, options.rounding);
  tanhInt8(input, output, params);
};
