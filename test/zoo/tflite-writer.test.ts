import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FbTable } from '../../compiler/import/flatbuffer-table.js';
import { importTflite } from '../../compiler/import/tflite.js';
import * as S from '../../compiler/import/tflite-schema.js';
import { OP_KINDS, type Graph, type Op, type Tensor } from '../../compiler/ir/graph.js';
import { verifyGraph } from '../../compiler/ir/verify.js';
import { writeTflite } from '../../compiler/zoo/tflite-writer.js';
import { HAVE_SHARED, MLPERF_MODELS, SHARED_MODELS } from '../helpers/shared.js';

const q = (scale: number[], zeroPoint: number[], axis = 0) => ({ scale, zeroPoint, axis });
const f32 = Math.fround;

/** A small graph that uses every op kind of the IR, with every option set away from its default. */
function everyOpGraph(): Graph {
  const tensors: Tensor[] = [];
  const t = (name: string, shape: number[], dtype: Tensor['dtype'], extra: Partial<Tensor> = {}) =>
    tensors.push({ id: tensors.length, name, shape, dtype, ...extra }) - 1;
  const act = (name: string, shape: number[], scale = 0.05, zp = -3) =>
    t(name, shape, 'int8', { quant: q([f32(scale)], [zp]) });
  const input = t('input', [1, 4, 4, 2], 'float32');
  const x0 = act('quantized', [1, 4, 4, 2]);
  const pads = t('paddings', [4, 2], 'int32', { data: new Int32Array([0, 0, 1, 1, 1, 1, 0, 0]) });
  const x1 = act('padded', [1, 6, 6, 2]);
  const convScales = [f32(0.01), f32(0.02), f32(0.03)];
  const convW = t('conv/weights', [3, 3, 3, 2], 'int8', {
    data: Int8Array.from({ length: 54 }, (_, i) => ((i * 37) % 255) - 127),
    quant: q(convScales, [0, 0, 0], 0),
  });
  const convB = t('conv/bias', [3], 'int32', {
    data: new Int32Array([-70000, 5, 123456]),
    quant: q(
      convScales.map((s) => f32(f32(0.05) * s)),
      [0, 0, 0],
      0,
    ),
  });
  const x2 = act('conv', [1, 2, 2, 3], 6 / 255, -128);
  const dwScales = [1, 2, 3, 4, 5, 6].map((i) => f32(i / 100));
  const dwW = t('dw/weights', [1, 2, 2, 6], 'int8', {
    data: Int8Array.from({ length: 24 }, (_, i) => 127 - i * 11),
    quant: q(dwScales, [0, 0, 0, 0, 0, 0], 3),
  });
  const x3 = act('dw', [1, 2, 2, 6], 2 / 255, 0);
  const x4 = act('maxpool', [1, 2, 2, 6], 2 / 255, 0);
  const x5 = act('avgpool', [1, 1, 1, 6], 2 / 255, 0);
  const x6 = act('add', [1, 1, 1, 6], 0.02, -128);
  const x7 = act('mul', [1, 1, 1, 6], 0.01, 5);
  const x8 = act('logistic', [1, 1, 1, 6], 1 / 256, -128);
  const x9 = act('tanh', [1, 1, 1, 6], 1 / 128, 0);
  const x10 = act('concat', [1, 1, 1, 12], 1 / 128, 0);
  const axes = t('mean/axes', [2], 'int32', { data: new Int32Array([1, 2]) });
  const x11 = act('mean', [1, 12], 1 / 128, 0);
  const shape = t('reshape/shape', [2], 'int32', { data: new Int32Array([1, 12]) });
  const x12 = act('reshape', [1, 12], 1 / 128, 0);
  const fcW = t('fc/weights', [4, 12], 'int8', {
    data: Int8Array.from({ length: 48 }, (_, i) => (i % 2 ? -i : i)),
    quant: q([f32(0.004)], [0]),
  });
  const x13 = act('fc', [1, 4], 0.1, 7);
  const x14 = act('softmax', [1, 4], 1 / 256, -128);
  const output = t('output', [1, 4], 'float32');
  const ops: Op[] = [
    { kind: 'QUANTIZE', inputs: [input], outputs: [x0], attrs: {} },
    { kind: 'PAD', inputs: [x0, pads], outputs: [x1], attrs: {} },
    { kind: 'CONV_2D', inputs: [x1, convW, convB], outputs: [x2],
      attrs: { padding: 'VALID', strideH: 1, strideW: 2, dilationH: 2, dilationW: 1, activation: 'RELU6' } },
    { kind: 'DEPTHWISE_CONV_2D', inputs: [x2, dwW, -1], outputs: [x3],
      attrs: { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, depthMultiplier: 2,
        activation: 'RELU_N1_TO_1' } },
    { kind: 'MAX_POOL_2D', inputs: [x3], outputs: [x4],
      attrs: { padding: 'SAME', strideH: 1, strideW: 1, filterH: 2, filterW: 1, activation: 'NONE' } },
    { kind: 'AVERAGE_POOL_2D', inputs: [x4], outputs: [x5],
      attrs: { padding: 'VALID', strideH: 2, strideW: 2, filterH: 2, filterW: 2, activation: 'RELU' } },
    { kind: 'ADD', inputs: [x5, x5], outputs: [x6], attrs: { activation: 'RELU' } },
    { kind: 'MUL', inputs: [x6, x5], outputs: [x7], attrs: { activation: 'NONE' } },
    { kind: 'LOGISTIC', inputs: [x7], outputs: [x8], attrs: {} },
    { kind: 'TANH', inputs: [x8], outputs: [x9], attrs: {} },
    { kind: 'CONCATENATION', inputs: [x9, x9], outputs: [x10], attrs: { axis: -1, activation: 'NONE' } },
    { kind: 'MEAN', inputs: [x10, axes], outputs: [x11], attrs: { keepDims: false } },
    { kind: 'RESHAPE', inputs: [x11, shape], outputs: [x12], attrs: { newShape: [1, 12] } },
    { kind: 'FULLY_CONNECTED', inputs: [x12, fcW, -1], outputs: [x13],
      attrs: { activation: 'NONE', keepNumDims: true } },
    { kind: 'SOFTMAX', inputs: [x13], outputs: [x14], attrs: { beta: 0.5 } },
    { kind: 'DEQUANTIZE', inputs: [x14], outputs: [output], attrs: {} },
  ]; // prettier-ignore
  return { name: 'every_op', tensors, ops, inputs: [input], outputs: [output] };
}

describe('TFLite writer', () => {
  const g = everyOpGraph();
  const bytes = writeTflite(g);
  const model = FbTable.root(bytes);

  it('covers every op kind of the IR with a valid graph', () => {
    verifyGraph(g);
    expect(new Set(g.ops.map((o) => o.kind))).toEqual(new Set(OP_KINDS));
  });

  it('round-trips through the importer: tensors, quantisation, attrs and constants', () => {
    expect(importTflite(bytes, 'every_op.tflite')).toEqual(g);
  });

  it('writes a schema v3 file with the TFL3 identifier', () => {
    expect(String.fromCharCode(...bytes.subarray(4, 8))).toBe('TFL3');
    expect(model.u32(S.Model.version)).toBe(3);
    expect(model.str(S.Model.description)).toBe('arielsim zoo');
    expect(model.tables(S.Model.subgraphs)[0]!.str(S.SubGraph.name)).toBe('every_op');
  });

  it('keeps buffer 0 empty and gives each constant its own 16-byte aligned buffer', () => {
    const buffers = model.tables(S.Model.buffers);
    expect(buffers.length).toBe(1 + g.tensors.filter((t) => t.data !== undefined).length);
    expect(buffers[0]!.vectorBytes(S.Buffer.data, 1)).toBeUndefined();
    const tensors = model.tables(S.Model.subgraphs)[0]!.tables(S.SubGraph.tensors);
    tensors.forEach((tt, i) => {
      const index = tt.u32(S.Tensor.buffer);
      expect(index === 0).toBe(g.tensors[i]!.data === undefined);
      const data = buffers[index]!.vectorBytes(S.Buffer.data, 1);
      if (data !== undefined) expect(data.byteOffset % 16).toBe(0);
    });
  });

  it('writes int64 zero points and the quantised dimension', () => {
    const sg = model.tables(S.Model.subgraphs)[0]!;
    const dw = sg.tables(S.SubGraph.tensors)[g.tensors.findIndex((t) => t.name === 'dw/weights')]!;
    const quant = dw.table(S.Tensor.quantization)!;
    expect(quant.vectorBytes(S.Quantization.zeroPoint, 8)!.byteLength).toBe(6 * 8);
    expect(quant.i64s(S.Quantization.zeroPoint)).toEqual([0n, 0n, 0n, 0n, 0n, 0n]);
    expect(quant.i32(S.Quantization.quantizedDimension)).toBe(3);
  });

  it('sets builtin_code and deprecated_builtin_code (min(code, 127)) on every operator code', () => {
    const codes = model.tables(S.Model.operatorCodes);
    expect(codes.length).toBe(OP_KINDS.length);
    codes.forEach((c, i) => {
      const kind = g.ops[i]!.kind; // one code per kind, in order of first use
      expect(c.has(S.OperatorCode.builtinCode)).toBe(true);
      expect(c.has(S.OperatorCode.deprecatedBuiltinCode)).toBe(true);
      expect(c.i32(S.OperatorCode.builtinCode)).toBe(S.BUILTIN_CODE[kind]);
      expect(c.i8(S.OperatorCode.deprecatedBuiltinCode)).toBe(Math.min(S.BUILTIN_CODE[kind], 127));
    });
  });

  it('writes the builtin options table of each op kind', () => {
    const ops = model.tables(S.Model.subgraphs)[0]!.tables(S.SubGraph.operators);
    const types = ops.map((o) => o.u8(S.Operator.builtinOptionsType));
    const T = S.BuiltinOptionsType;
    expect(types).toEqual([
      T.QuantizeOptions, T.PadOptions, T.Conv2DOptions, T.DepthwiseConv2DOptions, T.Pool2DOptions,
      T.Pool2DOptions, T.AddOptions, T.MulOptions, T.NONE, T.NONE, T.ConcatenationOptions,
      T.ReducerOptions, T.ReshapeOptions, T.FullyConnectedOptions, T.SoftmaxOptions,
      T.DequantizeOptions,
    ]); // prettier-ignore
    const dwOptions = ops[3]!.table(S.Operator.builtinOptions)!;
    expect(dwOptions.i32(S.DepthwiseConv2DOptions.depthMultiplier)).toBe(2);
    const convOptions = ops[2]!.table(S.Operator.builtinOptions)!;
    expect(convOptions.i32(S.Conv2DOptions.dilationH, 1)).toBe(2);
    expect(convOptions.i8(S.Conv2DOptions.padding)).toBe(1); // VALID
  });

  it('writes the same bytes for the same graph', () => {
    expect(writeTflite(everyOpGraph())).toEqual(bytes);
  });
});

describe.skipIf(!HAVE_SHARED)('TFLite writer on the MLPerf Tiny models', () => {
  it.each(MLPERF_MODELS)('%s: import -> write -> import gives the same graph', (name) => {
    const g = importTflite(new Uint8Array(readFileSync(join(SHARED_MODELS, `${name}.tflite`))));
    expect(importTflite(writeTflite(g))).toEqual(g);
  });
});
