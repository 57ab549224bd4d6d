/**
 * The Graph IR shared by every stage of the compiler: tensors and ops in execution order.
 * Names follow TFLite (op kinds are TFLite builtin operator names; layouts are NHWC, weights as
 * TFLite stores them: CONV_2D [Cout, KH, KW, Cin], DEPTHWISE_CONV_2D [1, KH, KW, Cin*M],
 * FULLY_CONNECTED [Out, In]).
 */

export type DType = 'int8' | 'uint8' | 'int16' | 'int32' | 'int64' | 'float32' | 'bool';

/** Affine quantisation: real = (q - zeroPoint[c]) * scale[c]; per-tensor when scale has length 1. */
export interface QuantParams {
  scale: number[];
  zeroPoint: number[];
  /** The quantised dimension for per-channel parameters (0 when per-tensor). */
  axis: number;
}

export type TensorData =
  Int8Array | Uint8Array | Int16Array | Int32Array | BigInt64Array | Float32Array;

export interface Tensor {
  id: number;
  name: string;
  shape: number[];
  dtype: DType;
  quant?: QuantParams;
  /** Constant contents (weights, biases, shape operands); absent for activations. */
  data?: TensorData;
}

export type Activation = 'NONE' | 'RELU' | 'RELU6' | 'RELU_N1_TO_1';
export type Padding = 'SAME' | 'VALID';

export interface Conv2DAttrs {
  padding: Padding;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  activation: Activation;
}
export interface DepthwiseConv2DAttrs extends Conv2DAttrs {
  depthMultiplier: number;
}
export interface FullyConnectedAttrs {
  activation: Activation;
  keepNumDims: boolean;
}
export interface Pool2DAttrs {
  padding: Padding;
  strideH: number;
  strideW: number;
  filterH: number;
  filterW: number;
  activation: Activation;
}
export interface ElementwiseAttrs {
  activation: Activation;
}
export interface ReshapeAttrs {
  /** From ReshapeOptions when present; the output tensor's shape is authoritative. */
  newShape?: number[];
}
export interface SoftmaxAttrs {
  beta: number;
}
export interface ConcatenationAttrs {
  axis: number;
  activation: Activation;
}
export interface MeanAttrs {
  keepDims: boolean;
}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type NoAttrs = {};

/** The attributes of each supported op kind. Inputs follow TFLite's operand order. */
export interface OpAttrsByKind {
  CONV_2D: Conv2DAttrs; // inputs: input, filter, bias?
  DEPTHWISE_CONV_2D: DepthwiseConv2DAttrs; // inputs: input, filter, bias?
  FULLY_CONNECTED: FullyConnectedAttrs; // inputs: input, weights, bias? (-1 when absent)
  AVERAGE_POOL_2D: Pool2DAttrs;
  MAX_POOL_2D: Pool2DAttrs;
  ADD: ElementwiseAttrs;
  MUL: ElementwiseAttrs;
  RESHAPE: ReshapeAttrs; // inputs: input, shape?
  SOFTMAX: SoftmaxAttrs;
  PAD: NoAttrs; // inputs: input, paddings (int32 [rank, 2]), constant_values?
  CONCATENATION: ConcatenationAttrs;
  MEAN: MeanAttrs; // inputs: input, axes (int32)
  QUANTIZE: NoAttrs;
  DEQUANTIZE: NoAttrs;
  LOGISTIC: NoAttrs;
  TANH: NoAttrs;
}

export type OpKind = keyof OpAttrsByKind;

export const OP_KINDS: readonly OpKind[] = [
  'CONV_2D',
  'DEPTHWISE_CONV_2D',
  'FULLY_CONNECTED',
  'AVERAGE_POOL_2D',
  'MAX_POOL_2D',
  'ADD',
  'MUL',
  'RESHAPE',
  'SOFTMAX',
  'PAD',
  'CONCATENATION',
  'MEAN',
  'QUANTIZE',
  'DEQUANTIZE',
  'LOGISTIC',
  'TANH',
];

/** One op of the graph. `inputs` holds tensor ids, -1 for an omitted optional operand. */
export type Op = {
  [K in OpKind]: { kind: K; inputs: number[]; outputs: number[]; attrs: OpAttrsByKind[K] };
}[OpKind];

export type OpOf<K extends OpKind> = Extract<Op, { kind: K }>;

export interface Graph {
  name: string;
  tensors: Tensor[];
  /** In execution order. */
  ops: Op[];
  inputs: number[];
  outputs: number[];
}

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

const DTYPE_BYTES: Record<DType, number> = {
  int8: 1,
  uint8: 1,
  bool: 1,
  int16: 2,
  int32: 4,
  float32: 4,
  int64: 8,
};

export function dtypeBytes(dtype: DType): number {
  return DTYPE_BYTES[dtype];
}

export function tensorBytes(t: Tensor): number {
  return elementCount(t.shape) * DTYPE_BYTES[t.dtype];
}

/** Activations are the tensors without constant data. */
export function isConstant(t: Tensor): boolean {
  return t.data !== undefined;
}
