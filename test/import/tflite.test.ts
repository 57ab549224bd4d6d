import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTflite } from '../../compiler/import/tflite.js';
import { FbTable } from '../../compiler/import/flatbuffer-table.js';
import * as S from '../../compiler/import/tflite-schema.js';
import { totalMacs } from '../../compiler/ir/stats.js';
import { verifyGraph } from '../../compiler/ir/verify.js';
import { HAVE_SHARED, SHARED_MODELS } from '../helpers/shared.js';
import { diagnosticsOf } from '../helpers/diagnostics.js';

const model = (name: string) => new Uint8Array(readFileSync(join(SHARED_MODELS, name)));

/** Rewrites the builtin code of operator code `index` in a copy of a model (both code fields). */
function patchOpcode(bytes: Uint8Array, index: number, code: number): Uint8Array {
  const copy = bytes.slice();
  const oc = FbTable.root(copy).tables(S.Model.operatorCodes)[index]!;
  const dv = new DataView(copy.buffer);
  const dep = oc.fieldOffset(S.OperatorCode.deprecatedBuiltinCode);
  if (dep !== 0) dv.setInt8(dep, Math.min(code, 127));
  const full = oc.fieldOffset(S.OperatorCode.builtinCode);
  if (full !== 0) dv.setInt32(full, code, true);
  return copy;
}

describe.skipIf(!HAVE_SHARED)('TFLite importer on the MLPerf Tiny models', () => {
  it('takes a Node Buffer as it takes a Uint8Array (constants copied from the model bytes only)', () => {
    const buffer = readFileSync(join(SHARED_MODELS, 'kws_ref_model.tflite'));
    const a = importTflite(buffer);
    const b = importTflite(new Uint8Array(buffer));
    const bytes = (g: typeof a) =>
      g.tensors.map((t) =>
        t.data === undefined
          ? []
          : Array.from(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)),
      );
    expect(a.tensors.map((t) => t.data?.length)).toEqual(b.tensors.map((t) => t.data?.length));
    expect(bytes(a)).toEqual(bytes(b));
  });

  it('reads KWS (DS-CNN): ops, quantisation and MACs', () => {
    const g = importTflite(model('kws_ref_model.tflite'));
    expect(g.ops.map((o) => o.kind)).toEqual([
      'CONV_2D', 'DEPTHWISE_CONV_2D', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'CONV_2D', 'DEPTHWISE_CONV_2D',
      'CONV_2D', 'DEPTHWISE_CONV_2D', 'CONV_2D', 'AVERAGE_POOL_2D', 'RESHAPE', 'FULLY_CONNECTED', 'SOFTMAX',
    ]); // prettier-ignore
    const input = g.tensors[g.inputs[0]!]!;
    expect(input.shape).toEqual([1, 49, 10, 1]);
    expect(input.dtype).toBe('int8');
    expect(input.quant).toEqual({ scale: [0.5847029089927673], zeroPoint: [83], axis: 0 });
    const output = g.tensors[g.outputs[0]!]!;
    expect(output.quant).toEqual({ scale: [0.00390625], zeroPoint: [-128], axis: 0 });
    expect(totalMacs(g)).toBe(2_656_768);
    // Per-channel conv weights on axis 0, depthwise on axis 3, per-tensor FC; int32 biases.
    const conv = g.ops[0]!;
    const w = g.tensors[conv.inputs[1]!]!;
    expect(w.dtype).toBe('int8');
    expect(w.quant!.axis).toBe(0);
    expect(w.quant!.scale.length).toBe(w.shape[0]);
    expect(g.tensors[conv.inputs[2]!]!.data).toBeInstanceOf(Int32Array);
    const dw = g.ops[1]!;
    expect(dw.kind === 'DEPTHWISE_CONV_2D' && dw.attrs.depthMultiplier).toBe(1);
    expect(g.tensors[dw.inputs[1]!]!.quant!.axis).toBe(3);
    expect(g.tensors[g.ops[11]!.inputs[1]!]!.quant!.scale.length).toBe(1);
    expect(g.ops[0]!.attrs).toEqual({
      padding: 'SAME',
      strideH: 2,
      strideW: 2,
      dilationH: 1,
      dilationW: 1,
      activation: 'RELU',
    });
    expect(g.ops[12]!.attrs).toEqual({ beta: 1 });
  });

  it.each([
    ['vww_96_int8.tflite', 31, 7_489_664],
    ['pretrainedResnet_quant.tflite', 16, 12_501_632],
    ['ad01_int8.tflite', 10, 264_192],
  ])('reads %s: %i ops, %i MACs', (file, ops, macs) => {
    const g = importTflite(model(file));
    expect(g.ops.length).toBe(ops);
    expect(totalMacs(g)).toBe(macs);
  });

  it('reads every per-operator model, with optional operands and float I/O', () => {
    const dir = join(SHARED_MODELS, 'ops');
    const files = readdirSync(dir).filter((f) => f.endsWith('.tflite'));
    expect(files.length).toBe(30);
    for (const f of files) expect(() => importTflite(model(`ops/${f}`), f)).not.toThrow();
    const fc = importTflite(model('ops/fc_nobias.tflite'));
    expect(fc.ops[0]!.inputs[2]).toBe(-1);
    const fio = importTflite(model('ops/float_io_conv_fc.tflite'));
    expect(fio.tensors[fio.inputs[0]!]!.dtype).toBe('float32');
    expect(fio.ops.map((o) => o.kind)).toEqual([
      'QUANTIZE',
      'CONV_2D',
      'RESHAPE',
      'FULLY_CONNECTED',
      'DEQUANTIZE',
    ]);
    const dm2 = importTflite(model('ops/dwconv_dm2.tflite'));
    expect(dm2.ops[0]!.kind === 'DEPTHWISE_CONV_2D' && dm2.ops[0]!.attrs.depthMultiplier).toBe(2);
  });

  it('reports a truncated file', () => {
    const d = diagnosticsOf(() =>
      importTflite(model('kws_ref_model.tflite').subarray(0, 2000), 'kws.tflite'),
    );
    expect(d.map((x) => x.code)).toEqual(['tflite/truncated']);
    expect(d[0]!.where).toBe('kws.tflite');
  });

  it('names every unsupported op with its index, all at once', () => {
    // KWS operator codes: find CONV_2D's and AVERAGE_POOL_2D's entries and turn them into SUB and EXP.
    const bytes = model('kws_ref_model.tflite');
    const codes = FbTable.root(bytes)
      .tables(S.Model.operatorCodes)
      .map((c) => Math.max(c.i8(0), c.i32(3)));
    let patched = patchOpcode(bytes, codes.indexOf(S.BUILTIN_CODE.CONV_2D), 41);
    patched = patchOpcode(patched, codes.indexOf(S.BUILTIN_CODE.AVERAGE_POOL_2D), 47);
    const d = diagnosticsOf(() => importTflite(patched, 'm.tflite'));
    expect(d.map((x) => x.where)).toEqual([
      'm.tflite: op 0 (SUB)', 'm.tflite: op 2 (SUB)', 'm.tflite: op 4 (SUB)', 'm.tflite: op 6 (SUB)',
      'm.tflite: op 8 (SUB)', 'm.tflite: op 9 (EXP)',
    ]); // prettier-ignore
    expect(new Set(d.map((x) => x.code))).toEqual(new Set(['tflite/unsupported-op']));
  });

  it('takes the larger of deprecated_builtin_code and builtin_code', () => {
    const bytes = model('ops/float_io_conv_fc.tflite').slice();
    const oc = FbTable.root(bytes).tables(S.Model.operatorCodes);
    const quantize = oc.findIndex(
      (c) => c.i32(S.OperatorCode.builtinCode) === S.BUILTIN_CODE.QUANTIZE,
    );
    const conv = oc.findIndex((c) => c.i32(S.OperatorCode.builtinCode) === S.BUILTIN_CODE.CONV_2D);
    const dv = new DataView(bytes.buffer);
    // Older files set only the byte field; newer ones may leave it 0 and use the int32 field.
    dv.setInt8(oc[quantize]!.fieldOffset(S.OperatorCode.deprecatedBuiltinCode), 0);
    dv.setInt32(oc[conv]!.fieldOffset(S.OperatorCode.builtinCode), 0, true);
    const g = importTflite(bytes);
    expect(g.ops.map((o) => o.kind)).toEqual([
      'QUANTIZE',
      'CONV_2D',
      'RESHAPE',
      'FULLY_CONNECTED',
      'DEQUANTIZE',
    ]);
  });
});

describe('TFLite importer on bad files', () => {
  it('rejects a file without the TFL3 identifier', () => {
    const d = diagnosticsOf(() =>
      importTflite(new TextEncoder().encode('hello, this is not a model'), 'x.txt'),
    );
    expect(d).toEqual([
      {
        code: 'tflite/not-tflite',
        where: 'x.txt',
        message: 'not a TFLite model: the file identifier at byte 4 is "o, t", expected "TFL3"',
      },
    ]);
  });

  it('rejects a file too short to hold a header', () => {
    const d = diagnosticsOf(() => importTflite(new Uint8Array(3), 'tiny.tflite'));
    expect(d[0]!.code).toBe('tflite/not-tflite');
    expect(d[0]!.message).toContain('3 bytes');
  });
});

describe.skipIf(!HAVE_SHARED)('verifyGraph', () => {
  it('names the op index and the reason for each problem', () => {
    const g = importTflite(model('kws_ref_model.tflite'));
    const out = g.tensors[g.ops[2]!.outputs[0]!]!;
    out.shape = [1, 25, 5, 7];
    const d = diagnosticsOf(() => verifyGraph(g, 'kws'));
    expect(d.map((x) => x.where)).toContain('kws: op 2 (CONV_2D)');
    expect(d.find((x) => x.where === 'kws: op 2 (CONV_2D)')!.message).toBe(
      'output has 7 channels, the weights give 64',
    );
  });

  it('rejects an op that reads a tensor before it is written', () => {
    const g = importTflite(model('kws_ref_model.tflite'));
    [g.ops[0], g.ops[1]] = [g.ops[1]!, g.ops[0]!];
    const d = diagnosticsOf(() => verifyGraph(g, 'kws'));
    expect(d[0]!.where).toBe('kws: op 0 (DEPTHWISE_CONV_2D)');
    expect(d[0]!.message).toMatch(/is read before any op writes it/);
  });
});
