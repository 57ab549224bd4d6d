/**
 * Lowering of the element-wise ops: ADD and MUL (with broadcast strides), SOFTMAX, LOGISTIC, TANH,
 * QUANTIZE and DEQUANTIZE. SOFTMAX, LOGISTIC and TANH take their parameters from the reference's
 * prepare functions; ADD, MUL and integer QUANTIZE compute their multipliers with the reference's
 * quantizeMultiplier on the same expressions as compiler/ref/add.ts, mul.ts and quantize.ts, and
 * ADD tabulates each input's rescaling with the reference's own requantizer.
 */
import type { Graph, OpOf, Tensor } from '../../compiler/ir/graph.js';
import { ADD_LEFT_SHIFT } from '../../compiler/ref/add.js';
import { scaleOf, tensorOf, zeroPointOf } from '../../compiler/ref/kernel-util.js';
import { prepareSigmoidLikeInt8 } from '../../compiler/ref/logistic.js';
import {
  activationRange,
  quantizeMultiplier,
  requantizerFor,
  type QuantizedMultiplier,
} from '../../compiler/ref/quant.js';
import { integerRange } from '../../compiler/ref/quantize.js';
import type { Rounding } from '../../compiler/ref/registry.js';
import { prepareSoftmaxInt8 } from '../../compiler/ref/softmax.js';
import { dims4, dtypeCode, float32Bits, packRecord, shape4 } from './op-params-layout.js';

function checkInt8(t: Tensor, what: string): void {
  if (t.dtype !== 'int8' || t.quant === undefined) {
    throw new Error(
      `${what}: the kernels need a quantised int8 tensor, not ${t.dtype} (${t.name})`,
    );
  }
}

/**
 * Element strides of `shape` along the 4 dims of the (right-aligned) output, 0 where it broadcasts
 * (numpy rules: right-aligned, extent 1 repeats).
 */
export function broadcastStrides4(shape: readonly number[], outShape: readonly number[]): number[] {
  const out = shape4(outShape);
  const own = shape4(shape);
  const strides = [0, 0, 0, 0];
  let stride = 1;
  for (let d = 3; d >= 0; d--) {
    if (own[d] !== 1 && own[d] !== out[d])
      throw new Error(`cannot broadcast [${shape}] to [${outShape}]`);
    strides[d] = own[d] === 1 ? 0 : stride;
    stride *= own[d]!;
  }
  return strides;
}

function binaryOperands(g: Graph, op: OpOf<'ADD'> | OpOf<'MUL'>) {
  const in1 = tensorOf(g, op.inputs[0]!);
  const in2 = tensorOf(g, op.inputs[1]!);
  const output = tensorOf(g, op.outputs[0]!);
  for (const t of [in1, in2, output]) checkInt8(t, op.kind);
  const outputOffset = zeroPointOf(output);
  const [actMin, actMax] = activationRange(op.attrs.activation, scaleOf(output), outputOffset);
  const shape = {
    ...dims4('outD', shape4(output.shape)),
    ...dims4('in1Stride', broadcastStrides4(in1.shape, output.shape)),
    ...dims4('in2Stride', broadcastStrides4(in2.shape, output.shape)),
    outputOffset,
    actMin,
    actMax,
  };
  return { in1, in2, output, shape };
}

export function lowerAdd(g: Graph, op: OpOf<'ADD'>, kind: number, rounding: Rounding): Int32Array {
  const { in1, in2, output, shape } = binaryOperands(g, op);
  const twiceMaxScale = 2 * Math.max(scaleOf(in1), scaleOf(in2));
  const m1 = quantizeMultiplier(scaleOf(in1) / twiceMaxScale, rounding);
  const m2 = quantizeMultiplier(scaleOf(in2) / twiceMaxScale, rounding);
  const mOut = quantizeMultiplier(
    twiceMaxScale / ((1 << ADD_LEFT_SHIFT) * scaleOf(output)),
    rounding,
  );
  // Each input's rescaled value depends on its int8 value only: tabulate the reference's
  // requantize((q - zp) << 20, m_i, shift_i) for q = -128..127, so the kernel does one
  // requantisation per element instead of three.
  const requantize = requantizerFor(rounding);
  const scaled = (t: Tensor, m: QuantizedMultiplier) =>
    Int32Array.from({ length: 256 }, (_, k) =>
      requantize((k - 128 - zeroPointOf(t)) * (1 << ADD_LEFT_SHIFT), m.multiplier, m.shift),
    );
  const fields = { ...shape, outMultiplier: mOut.multiplier, outShift: mOut.shift };
  const tables = [scaled(in1, m1), scaled(in2, m2)];
  return packRecord(kind, 'ADD', op.inputs.length, rounding, fields, tables);
}

export function lowerMul(g: Graph, op: OpOf<'MUL'>, kind: number, rounding: Rounding): Int32Array {
  const { in1, in2, output, shape } = binaryOperands(g, op);
  const m = quantizeMultiplier((scaleOf(in1) * scaleOf(in2)) / scaleOf(output), rounding);
  const offsets = { in1Offset: -zeroPointOf(in1), in2Offset: -zeroPointOf(in2) };
  const fields = { ...shape, ...offsets, outMultiplier: m.multiplier, outShift: m.shift };
  return packRecord(kind, 'MUL', op.inputs.length, rounding, fields);
}

export function lowerSoftmax(
  g: Graph,
  op: OpOf<'SOFTMAX'>,
  kind: number,
  rounding: Rounding,
): Int32Array {
  const input = tensorOf(g, op.inputs[0]!);
  const output = tensorOf(g, op.outputs[0]!);
  checkInt8(input, 'SOFTMAX');
  checkInt8(output, 'SOFTMAX');
  const p = prepareSoftmaxInt8(scaleOf(input), op.attrs.beta, rounding);
  const fields = {
    ...dims4('d', shape4(output.shape)),
    inputMultiplier: p.inputMultiplier,
    inputLeftShift: p.inputLeftShift,
    diffMin: p.diffMin,
  };
  return packRecord(kind, 'SOFTMAX', op.inputs.length, rounding, fields);
}

/** LOGISTIC and TANH share TFLM's int8 prepare (compiler/ref/logistic.ts). */
export function lowerSigmoidLike(
  g: Graph,
  op: OpOf<'LOGISTIC'> | OpOf<'TANH'>,
  kind: number,
  rounding: Rounding,
): Int32Array {
  const input = tensorOf(g, op.inputs[0]!);
  const output = tensorOf(g, op.outputs[0]!);
  checkInt8(input, op.kind);
  checkInt8(output, op.kind);
  const p = prepareSigmoidLikeInt8(scaleOf(input), zeroPointOf(input), rounding);
  const fields = {
    ...dims4('d', shape4(output.shape)),
    inputZeroPoint: p.inputZeroPoint,
    inputMultiplier: p.inputMultiplier,
    inputLeftShift: p.inputLeftShift,
    // |x - zp| <= 255 for int8, so a radius beyond 2^30 decides the same comparisons.
    inputRangeRadius: Math.min(p.inputRangeRadius, 2 ** 30),
  };
  return packRecord(kind, 'SIGMOID', op.inputs.length, rounding, fields);
}

export function lowerQuantize(
  g: Graph,
  op: OpOf<'QUANTIZE'>,
  kind: number,
  rounding: Rounding,
): Int32Array {
  const input = tensorOf(g, op.inputs[0]!);
  const output = tensorOf(g, op.outputs[0]!);
  const [qMin, qMax] = integerRange(output.dtype);
  const outScale = scaleOf(output);
  const fromFloat = input.dtype === 'float32';
  if (!fromFloat) integerRange(input.dtype);
  const m = fromFloat
    ? { multiplier: 0, shift: 0 }
    : quantizeMultiplier(scaleOf(input) / outScale, rounding);
  const fields = {
    ...dims4('d', shape4(output.shape)),
    inType: dtypeCode(input.dtype),
    outType: dtypeCode(output.dtype),
    inputZeroPoint: fromFloat ? 0 : zeroPointOf(input),
    outputZeroPoint: zeroPointOf(output),
    qMin,
    qMax,
    scaleBits: fromFloat ? float32Bits(outScale, 'QUANTIZE output scale') : 0,
    multiplier: m.multiplier,
    shift: m.shift,
  };
  return packRecord(kind, 'QUANT', op.inputs.length, rounding, fields);
}

export function lowerDequantize(
  g: Graph,
  op: OpOf<'DEQUANTIZE'>,
  kind: number,
  rounding: Rounding,
): Int32Array {
  const input = tensorOf(g, op.inputs[0]!);
  const output = tensorOf(g, op.outputs[0]!);
  if (output.dtype !== 'float32') throw new Error(`DEQUANTIZE to ${output.dtype} is not supported`);
  integerRange(input.dtype);
  const fields = {
    ...dims4('d', shape4(output.shape)),
    inType: dtypeCode(input.dtype),
    zeroPoint: zeroPointOf(input),
    scaleBits: float32Bits(scaleOf(input), 'DEQUANTIZE input scale'),
  };
  return packRecord(kind, 'DEQUANT', op.inputs.length, rounding, fields);
}
