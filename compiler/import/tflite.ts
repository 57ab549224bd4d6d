/**
 * TFLite importer: .tflite flatbuffer (schema v3) -> Graph IR. Reads subgraph 0 with the project's
 * compact table reader. Every problem with the file is collected and reported at once as diagnostics.
 */
import { DiagnosticBag, DiagnosticError } from '../../common/diagnostics.js';
import type { Graph, Op, Tensor, TensorData, DType, QuantParams } from '../ir/graph.js';
import { verifyGraph } from '../ir/verify.js';
import { FbTable, FlatbufferBoundsError } from './flatbuffer-table.js';
import * as S from './tflite-schema.js';
import { readOp, SUPPORTED_CODES } from './tflite-ops.js';

const DTYPE_OF_TYPE: Partial<Record<number, DType>> = {
  [S.TensorType.FLOAT32]: 'float32',
  [S.TensorType.INT32]: 'int32',
  [S.TensorType.UINT8]: 'uint8',
  [S.TensorType.INT64]: 'int64',
  [S.TensorType.BOOL]: 'bool',
  [S.TensorType.INT16]: 'int16',
  [S.TensorType.INT8]: 'int8',
};

const HOW_TO_QUANTISE =
  'arielsim runs int8 models: convert with tf.lite.TFLiteConverter, optimizations=[tf.lite.Optimize.DEFAULT], ' +
  'a representative_dataset, target_spec.supported_ops=[tf.lite.OpsSet.TFLITE_BUILTINS_INT8] and ' +
  'inference_input_type = inference_output_type = tf.int8 (full-integer quantisation).';

/**
 * Imports a .tflite model. `where` names the file in diagnostics. Throws DiagnosticError listing every
 * problem found (truncated or non-TFLite file, unsupported ops, float weights, bad indices).
 */
export function importTflite(bytes: Uint8Array, where = '<model>'): Graph {
  const diags = new DiagnosticBag();
  if (bytes.length < 8) {
    diags.add(
      'tflite/not-tflite',
      where,
      `file is ${bytes.length} bytes long: too short to be a TFLite model`,
    );
    diags.throwIfAny();
  }
  const ident = String.fromCharCode(bytes[4]!, bytes[5]!, bytes[6]!, bytes[7]!);
  if (ident !== S.FILE_IDENTIFIER) {
    diags.add(
      'tflite/not-tflite',
      where,
      `not a TFLite model: the file identifier at byte 4 is ${JSON.stringify(ident)}, expected "TFL3"`,
    );
    diags.throwIfAny();
  }
  let graph: Graph;
  try {
    graph = readModel(FbTable.root(bytes), bytes, where, diags);
  } catch (e) {
    if (e instanceof FlatbufferBoundsError || e instanceof RangeError) {
      diags.add('tflite/truncated', where, `the file is truncated or corrupt (${e.message})`);
      throw new DiagnosticError(diags.items);
    }
    throw e;
  }
  diags.throwIfAny();
  verifyGraph(graph, where);
  return graph;
}

function readModel(model: FbTable, file: Uint8Array, where: string, diags: DiagnosticBag): Graph {
  const version = model.u32(S.Model.version);
  if (version !== 3)
    diags.add('tflite/schema-version', where, `schema version ${version}, expected 3`);
  const subgraphs = model.tables(S.Model.subgraphs);
  const sg = subgraphs[0];
  if (sg === undefined) {
    diags.add('tflite/no-subgraph', where, 'the model has no subgraph');
    diags.throwIfAny();
  }
  const buffers = model.tables(S.Model.buffers);
  const codes = model.tables(S.Model.operatorCodes).map((c) => ({
    // Builtin code = max(deprecated_builtin_code, builtin_code) (int8-semantics.md).
    code: Math.max(c.i8(S.OperatorCode.deprecatedBuiltinCode), c.i32(S.OperatorCode.builtinCode)),
    custom: c.str(S.OperatorCode.customCode),
  }));

  const tensorTables = sg!.tables(S.SubGraph.tensors);
  const tensors = tensorTables.map((t, id) => readTensor(t, id, buffers, file, where, diags));
  const inRange = (idx: number, what: string): boolean => {
    if (idx >= -1 && idx < tensors.length) return true;
    diags.add(
      'tflite/bad-index',
      where,
      `${what} refers to tensor ${idx}, but there are ${tensors.length}`,
    );
    return false;
  };

  const ops: Op[] = [];
  sg!.tables(S.SubGraph.operators).forEach((opt, index) => {
    const codeIndex = opt.u32(S.Operator.opcodeIndex);
    const code = codes[codeIndex];
    const inputs = opt.i32s(S.Operator.inputs) ?? [];
    const outputs = opt.i32s(S.Operator.outputs) ?? [];
    if (code === undefined) {
      diags.add(
        'tflite/bad-index',
        `${where}: op ${index}`,
        `opcode index ${codeIndex} is out of range`,
      );
      return;
    }
    const name =
      code.custom !== undefined ? `CUSTOM(${code.custom})` : S.builtinOperatorName(code.code);
    const at = `${where}: op ${index} (${name})`;
    if (code.custom !== undefined || !SUPPORTED_CODES.has(code.code)) {
      diags.add('tflite/unsupported-op', at, `operator ${name} is not supported`);
      return;
    }
    if (
      !inputs.every((i) => inRange(i, `${at} input`)) ||
      !outputs.every((i) => inRange(i, `${at} output`))
    ) {
      return;
    }
    const op = readOp(code.code, opt, inputs, outputs, tensors, at, diags);
    if (op !== undefined) ops.push(op);
  });

  checkFloatWeights(ops, tensors, where, diags);
  const gIn = sg!.i32s(S.SubGraph.inputs) ?? [];
  const gOut = sg!.i32s(S.SubGraph.outputs) ?? [];
  gIn.forEach((i) => inRange(i, 'subgraph input'));
  gOut.forEach((i) => inRange(i, 'subgraph output'));
  const name = sg!.str(S.SubGraph.name) ?? model.str(S.Model.description) ?? 'model';
  return { name, tensors, ops, inputs: gIn, outputs: gOut };
}

function readTensor(
  t: FbTable,
  id: number,
  buffers: FbTable[],
  file: Uint8Array,
  where: string,
  diags: DiagnosticBag,
): Tensor {
  const name = t.str(S.Tensor.name) ?? `tensor${id}`;
  const shape = t.i32s(S.Tensor.shape) ?? [];
  const typeCode = t.i8(S.Tensor.type);
  const at = `${where}: tensor ${id} (${name})`;
  let dtype = DTYPE_OF_TYPE[typeCode];
  if (dtype === undefined) {
    const typeName = S.TENSOR_TYPE_NAMES[typeCode] ?? `code ${typeCode} (not a TFLite TensorType)`;
    const hint = typeName === 'FLOAT16' ? HOW_TO_QUANTISE : undefined;
    diags.add('tflite/unsupported-dtype', at, `tensor type ${typeName} is not supported`, hint);
    dtype = 'int8';
  }
  if (t.has(S.Tensor.sparsity)) diags.add('tflite/sparse', at, 'sparse tensors are not supported');
  const tensor: Tensor = { id, name, shape, dtype };
  const quant = readQuant(t.table(S.Tensor.quantization), shape, at, diags);
  if (quant !== undefined) tensor.quant = quant;
  const data = readBuffer(t.u32(S.Tensor.buffer), buffers, file, dtype, shape, at, diags);
  if (data !== undefined) tensor.data = data;
  return tensor;
}

function readQuant(
  q: FbTable | undefined,
  shape: number[],
  at: string,
  diags: DiagnosticBag,
): QuantParams | undefined {
  if (q === undefined) return undefined;
  const scale = q.f32s(S.Quantization.scale);
  if (scale === undefined || scale.length === 0) return undefined;
  if (q.u8(S.Quantization.detailsType) !== 0) {
    diags.add(
      'tflite/quantization',
      at,
      'custom or blockwise quantisation details are not supported',
    );
  }
  const zp = (q.i64s(S.Quantization.zeroPoint) ?? []).map((z) => Number(z));
  const axis = q.i32(S.Quantization.quantizedDimension);
  const zeroPoint = zp.length === scale.length ? zp : zp.length === 0 ? scale.map(() => 0) : zp;
  if (zeroPoint.length !== scale.length) {
    diags.add('tflite/quantization', at, `${scale.length} scales but ${zp.length} zero points`);
  }
  if (scale.length > 1 && shape[axis] !== scale.length) {
    diags.add(
      'tflite/quantization',
      at,
      `${scale.length} per-channel scales for dimension ${axis} of size ${shape[axis]}`,
    );
  }
  return { scale, zeroPoint, axis: scale.length > 1 ? axis : 0 };
}

function readBuffer(
  index: number,
  buffers: FbTable[],
  file: Uint8Array,
  dtype: DType,
  shape: number[],
  at: string,
  diags: DiagnosticBag,
): TensorData | undefined {
  if (index === 0) return undefined;
  const buf = buffers[index];
  if (buf === undefined) {
    diags.add('tflite/bad-index', at, `buffer ${index} out of range (${buffers.length} buffers)`);
    return undefined;
  }
  let raw = buf.vectorBytes(S.Buffer.data, 1);
  const offset = buf.u64(S.Buffer.offset);
  if ((raw === undefined || raw.length === 0) && offset > 1n) {
    // Large models keep buffers outside the flatbuffer, at an offset from the start of the file.
    const start = Number(offset);
    const size = Number(buf.u64(S.Buffer.size));
    if (start + size > file.length) throw new FlatbufferBoundsError(`external buffer ${index}`);
    raw = file.subarray(start, start + size);
  }
  if (raw === undefined || raw.length === 0) return undefined;
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = count * bytesOf(dtype);
  if (raw.length !== expected) {
    diags.add(
      'tflite/buffer-size',
      at,
      `constant buffer has ${raw.length} bytes, the shape [${shape}] of ${dtype} needs ${expected}`,
    );
    return undefined;
  }
  // Copy so that the typed array is aligned and independent of the file's bytes (a copy through
  // the Uint8Array constructor: a Node Buffer's own slice() shares its memory).
  const copy = new Uint8Array(raw).buffer;
  switch (dtype) {
    case 'int8':
      return new Int8Array(copy);
    case 'uint8':
    case 'bool':
      return new Uint8Array(copy);
    case 'int16':
      return new Int16Array(copy);
    case 'int32':
      return new Int32Array(copy);
    case 'int64':
      return new BigInt64Array(copy);
    case 'float32':
      return new Float32Array(copy);
  }
}

function bytesOf(dtype: DType): number {
  return dtype === 'int64'
    ? 8
    : dtype === 'int32' || dtype === 'float32'
      ? 4
      : dtype === 'int16'
        ? 2
        : 1;
}

/** Float weights mean the model was not fully quantised: say so once, with how to fix it. */
function checkFloatWeights(
  ops: Op[],
  tensors: Tensor[],
  where: string,
  diags: DiagnosticBag,
): void {
  const floatWeights: string[] = [];
  ops.forEach((op, index) => {
    if (op.kind !== 'CONV_2D' && op.kind !== 'DEPTHWISE_CONV_2D' && op.kind !== 'FULLY_CONNECTED')
      return;
    const w = tensors[op.inputs[1]!];
    if (w !== undefined && w.dtype === 'float32')
      floatWeights.push(`op ${index} (${op.kind}) weights "${w.name}"`);
  });
  if (floatWeights.length > 0) {
    diags.add(
      'tflite/float-weights',
      where,
      `the model has float32 weights (${floatWeights.join(', ')}); it must be quantised to int8`,
      HOW_TO_QUANTISE,
    );
  }
}
