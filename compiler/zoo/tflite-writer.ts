/**
 * TFLite writer: Graph IR -> .tflite bytes (flatbuffer, schema v3, file identifier "TFL3"), written
 * table by table with the `flatbuffers` runtime's Builder. Field slots come from the schema
 * (tensorflow/compiler/mlir/lite/schema/schema.fbs in tensorflow/tflite-micro; a field's slot is its
 * declaration index, a union taking two) and are shared with the importer's schema module.
 *
 * Layout follows the TFLite converter: buffer 0 is the empty sentinel that every activation points
 * to, each constant tensor has its own buffer (16-byte aligned data), quantisation carries int64
 * zero points and the quantised dimension, and operator codes set both builtin_code and
 * deprecated_builtin_code (= min(code, 127)).
 */
import { Builder, type Offset } from 'flatbuffers';
import type { Activation, DType, Graph, Op, Padding, Tensor } from '../ir/graph.js';
import * as S from '../import/tflite-schema.js';

const TYPE_OF_DTYPE: Record<DType, number> = {
  float32: S.TensorType.FLOAT32,
  int32: S.TensorType.INT32,
  uint8: S.TensorType.UINT8,
  int64: S.TensorType.INT64,
  bool: S.TensorType.BOOL,
  int16: S.TensorType.INT16,
  int8: S.TensorType.INT8,
};

const ACTIVATION_CODE: Record<Activation, number> = { NONE: 0, RELU: 1, RELU_N1_TO_1: 2, RELU6: 3 };
const PADDING_CODE: Record<Padding, number> = { SAME: 0, VALID: 1 };

export interface WriteOptions {
  /** Model.description; the converter writes "MLIR Converted.". */
  description?: string;
}

/** Serialises a graph as a .tflite file (one subgraph, named after the graph). */
export function writeTflite(g: Graph, options: WriteOptions = {}): Uint8Array {
  const b = new Builder(1 << 16);
  const { buffers, bufferOf } = writeBuffers(b, g.tensors);
  const { codes, codeIndexOf } = writeOperatorCodes(b, g.ops);
  const tensors = g.tensors.map((t) => writeTensor(b, t, bufferOf.get(t.id) ?? 0));
  const operators = g.ops.map((op) => writeOperator(b, op, codeIndexOf.get(op.kind)!));

  const tensorsVec = offsetVector(b, tensors);
  const inputsVec = int32Vector(b, g.inputs);
  const outputsVec = int32Vector(b, g.outputs);
  const operatorsVec = offsetVector(b, operators);
  const name = b.createString(g.name);
  b.startObject(5);
  b.addFieldOffset(S.SubGraph.tensors, tensorsVec, 0);
  b.addFieldOffset(S.SubGraph.inputs, inputsVec, 0);
  b.addFieldOffset(S.SubGraph.outputs, outputsVec, 0);
  b.addFieldOffset(S.SubGraph.operators, operatorsVec, 0);
  b.addFieldOffset(S.SubGraph.name, name, 0);
  const subgraph = b.endObject();

  const codesVec = offsetVector(b, codes);
  const subgraphsVec = offsetVector(b, [subgraph]);
  const description = b.createString(options.description ?? 'arielsim zoo');
  const buffersVec = offsetVector(b, buffers);
  b.startObject(5);
  b.addFieldInt32(S.Model.version, 3, 0);
  b.addFieldOffset(S.Model.operatorCodes, codesVec, 0);
  b.addFieldOffset(S.Model.subgraphs, subgraphsVec, 0);
  b.addFieldOffset(S.Model.description, description, 0);
  b.addFieldOffset(S.Model.buffers, buffersVec, 0);
  const model = b.endObject();
  b.finish(model, S.FILE_IDENTIFIER);
  return b.asUint8Array().slice();
}

/** Buffer 0 is empty; constant tensors get buffers 1, 2, ... in tensor order. */
function writeBuffers(b: Builder, tensors: Tensor[]) {
  const bufferOf = new Map<number, number>();
  b.startObject(1);
  const buffers: Offset[] = [b.endObject()];
  for (const t of tensors) {
    if (t.data === undefined) continue;
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    const data = alignedByteVector(b, bytes, 16);
    b.startObject(3);
    b.addFieldOffset(S.Buffer.data, data, 0);
    bufferOf.set(t.id, buffers.length);
    buffers.push(b.endObject());
  }
  return { buffers, bufferOf };
}

/** One operator code per op kind, in order of first use. Both code fields are always written. */
function writeOperatorCodes(b: Builder, ops: Op[]) {
  const codeIndexOf = new Map<Op['kind'], number>();
  const codes: Offset[] = [];
  for (const op of ops) {
    if (codeIndexOf.has(op.kind)) continue;
    const code = S.BUILTIN_CODE[op.kind];
    b.startObject(4);
    b.addFieldInt8(S.OperatorCode.deprecatedBuiltinCode, Math.min(code, 127), null);
    b.addFieldInt32(S.OperatorCode.builtinCode, code, null);
    codeIndexOf.set(op.kind, codes.length);
    codes.push(b.endObject());
  }
  return { codes, codeIndexOf };
}

function writeTensor(b: Builder, t: Tensor, buffer: number): Offset {
  const shape = int32Vector(b, t.shape);
  const name = b.createString(t.name);
  let quant = 0;
  if (t.quant !== undefined) {
    const scale = float32Vector(b, t.quant.scale);
    const zeroPoint = int64Vector(b, t.quant.zeroPoint);
    b.startObject(7);
    b.addFieldOffset(S.Quantization.scale, scale, 0);
    b.addFieldOffset(S.Quantization.zeroPoint, zeroPoint, 0);
    b.addFieldInt32(S.Quantization.quantizedDimension, t.quant.axis, 0);
    quant = b.endObject();
  }
  b.startObject(5);
  b.addFieldOffset(S.Tensor.shape, shape, 0);
  b.addFieldInt8(S.Tensor.type, TYPE_OF_DTYPE[t.dtype], 0);
  b.addFieldInt32(S.Tensor.buffer, buffer, 0);
  b.addFieldOffset(S.Tensor.name, name, 0);
  if (quant !== 0) b.addFieldOffset(S.Tensor.quantization, quant, 0);
  return b.endObject();
}

function writeOperator(b: Builder, op: Op, opcodeIndex: number): Offset {
  const inputs = int32Vector(b, op.inputs);
  const outputs = int32Vector(b, op.outputs);
  const options = writeBuiltinOptions(b, op);
  b.startObject(6);
  b.addFieldInt32(S.Operator.opcodeIndex, opcodeIndex, 0);
  b.addFieldOffset(S.Operator.inputs, inputs, 0);
  b.addFieldOffset(S.Operator.outputs, outputs, 0);
  if (options !== undefined) {
    b.addFieldInt8(S.Operator.builtinOptionsType, options.type, 0);
    b.addFieldOffset(S.Operator.builtinOptions, options.table, 0);
  }
  return b.endObject();
}

interface BuiltinOptions {
  type: number;
  table: Offset;
}

/** The builtin options table of an op (LOGISTIC and TANH have none, as in converted models). */
export function writeBuiltinOptions(b: Builder, op: Op): BuiltinOptions | undefined {
  const T = S.BuiltinOptionsType;
  const table = (type: number, slots: number, fill: () => void): BuiltinOptions => {
    b.startObject(slots);
    fill();
    return { type, table: b.endObject() };
  };
  const i8 = (slot: number, v: number) => b.addFieldInt8(slot, v, 0);
  const i32 = (slot: number, v: number, dflt = 0) => b.addFieldInt32(slot, v, dflt);
  switch (op.kind) {
    case 'CONV_2D': {
      const a = op.attrs;
      const f = S.Conv2DOptions;
      return table(T.Conv2DOptions, 6, () => {
        i8(f.padding, PADDING_CODE[a.padding]);
        i32(f.strideW, a.strideW);
        i32(f.strideH, a.strideH);
        i8(f.activation, ACTIVATION_CODE[a.activation]);
        i32(f.dilationW, a.dilationW, 1);
        i32(f.dilationH, a.dilationH, 1);
      });
    }
    case 'DEPTHWISE_CONV_2D': {
      const a = op.attrs;
      const f = S.DepthwiseConv2DOptions;
      return table(T.DepthwiseConv2DOptions, 7, () => {
        i8(f.padding, PADDING_CODE[a.padding]);
        i32(f.strideW, a.strideW);
        i32(f.strideH, a.strideH);
        i32(f.depthMultiplier, a.depthMultiplier);
        i8(f.activation, ACTIVATION_CODE[a.activation]);
        i32(f.dilationW, a.dilationW, 1);
        i32(f.dilationH, a.dilationH, 1);
      });
    }
    case 'FULLY_CONNECTED': {
      const f = S.FullyConnectedOptions;
      return table(T.FullyConnectedOptions, 3, () => {
        i8(f.activation, ACTIVATION_CODE[op.attrs.activation]);
        i8(f.keepNumDims, op.attrs.keepNumDims ? 1 : 0);
      });
    }
    case 'AVERAGE_POOL_2D':
    case 'MAX_POOL_2D': {
      const a = op.attrs;
      const f = S.Pool2DOptions;
      return table(T.Pool2DOptions, 6, () => {
        i8(f.padding, PADDING_CODE[a.padding]);
        i32(f.strideW, a.strideW);
        i32(f.strideH, a.strideH);
        i32(f.filterW, a.filterW);
        i32(f.filterH, a.filterH);
        i8(f.activation, ACTIVATION_CODE[a.activation]);
      });
    }
    case 'ADD':
      return table(T.AddOptions, 1, () =>
        i8(S.AddOptions.activation, ACTIVATION_CODE[op.attrs.activation]),
      );
    case 'MUL':
      return table(T.MulOptions, 1, () =>
        i8(S.MulOptions.activation, ACTIVATION_CODE[op.attrs.activation]),
      );
    case 'RESHAPE': {
      const newShape = op.attrs.newShape;
      if (newShape === undefined) return undefined;
      const vec = int32Vector(b, newShape);
      return table(T.ReshapeOptions, 1, () => b.addFieldOffset(S.ReshapeOptions.newShape, vec, 0));
    }
    case 'SOFTMAX':
      return table(T.SoftmaxOptions, 1, () =>
        b.addFieldFloat32(S.SoftmaxOptions.beta, op.attrs.beta, 0),
      );
    case 'CONCATENATION':
      return table(T.ConcatenationOptions, 2, () => {
        i32(S.ConcatenationOptions.axis, op.attrs.axis);
        i8(S.ConcatenationOptions.activation, ACTIVATION_CODE[op.attrs.activation]);
      });
    case 'MEAN':
      return table(T.ReducerOptions, 1, () =>
        i8(S.ReducerOptions.keepDims, op.attrs.keepDims ? 1 : 0),
      );
    case 'PAD':
      return table(T.PadOptions, 0, () => {});
    case 'QUANTIZE':
      return table(T.QuantizeOptions, 0, () => {});
    case 'DEQUANTIZE':
      return table(T.DequantizeOptions, 0, () => {});
    case 'LOGISTIC':
    case 'TANH':
      return undefined;
  }
}

// Vectors. The Builder writes back to front, so elements are added last to first.

function offsetVector(b: Builder, items: Offset[]): Offset {
  b.startVector(4, items.length, 4);
  for (let i = items.length - 1; i >= 0; i--) b.addOffset(items[i]!);
  return b.endVector();
}

function int32Vector(b: Builder, items: readonly number[]): Offset {
  b.startVector(4, items.length, 4);
  for (let i = items.length - 1; i >= 0; i--) b.addInt32(items[i]!);
  return b.endVector();
}

function float32Vector(b: Builder, items: readonly number[]): Offset {
  b.startVector(4, items.length, 4);
  for (let i = items.length - 1; i >= 0; i--) b.addFloat32(items[i]!);
  return b.endVector();
}

function int64Vector(b: Builder, items: readonly number[]): Offset {
  b.startVector(8, items.length, 8);
  for (let i = items.length - 1; i >= 0; i--) b.addInt64(BigInt(items[i]!));
  return b.endVector();
}

/**
 * A [ubyte] vector whose contents start on an `alignment`-byte boundary (Buffer.data is
 * force_align: 16). Typed-array bytes are little-endian on every platform Node supports, which is
 * the byte order TFLite buffers use.
 */
function alignedByteVector(b: Builder, bytes: Uint8Array, alignment: number): Offset {
  // Pad so that the contents end up aligned, then copy them in one go (the vector's length prefix
  // stays 4-byte aligned because the contents start on a multiple of `alignment`).
  b.prep(alignment, bytes.length);
  return b.createByteVector(bytes);
}
