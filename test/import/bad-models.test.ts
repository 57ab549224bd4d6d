/** Models that are valid TFLite but not something arielsim can run: each gets a diagnostic with advice. */
import { describe, expect, it } from 'vitest';
import { importTflite } from '../../compiler/import/tflite.js';
import type { Graph } from '../../compiler/ir/graph.js';
import { ZOO } from '../../compiler/zoo/registry.js';
import { writeTflite } from '../../compiler/zoo/tflite-writer.js';
import { diagnosticsOf } from '../helpers/diagnostics.js';

/** Turns the weights of every CONV_2D and FULLY_CONNECTED op into float32, as an unquantised model has. */
function withFloatWeights(g: Graph): Graph {
  for (const op of g.ops) {
    if (op.kind !== 'CONV_2D' && op.kind !== 'FULLY_CONNECTED') continue;
    const w = g.tensors[op.inputs[1]!]!;
    const q = w.data as Int8Array;
    w.data = Float32Array.from(q, (v) => v * w.quant!.scale[0]!);
    w.dtype = 'float32';
    delete w.quant;
  }
  return g;
}

describe('models arielsim cannot run', () => {
  it('says float32 weights must be quantised to int8, and how', () => {
    const bytes = writeTflite(withFloatWeights(ZOO.lenet5!.build()));
    const d = diagnosticsOf(() => importTflite(bytes, 'lenet-float.tflite'));
    expect(d).toHaveLength(1);
    expect(d[0]!.code).toBe('tflite/float-weights');
    expect(d[0]!.where).toBe('lenet-float.tflite');
    expect(d[0]!.message).toMatch(
      /^the model has float32 weights \(op 0 \(CONV_2D\) weights "[^"]+", /,
    );
    expect(d[0]!.message).toMatch(/; it must be quantised to int8$/);
    expect(d[0]!.hint).toContain('TFLITE_BUILTINS_INT8');
    expect(d[0]!.hint).toContain('representative_dataset');
  });
});
