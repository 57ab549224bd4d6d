import { describe, expect, it } from 'vitest';
import type { Graph } from '../../compiler/ir/graph.js';
import { runGraph, runGraphWith } from '../../compiler/ref/interpreter.js';
import { REF_KERNELS } from '../../compiler/ref/ops.js';
import { KernelRegistry } from '../../compiler/ref/registry.js';
import { reshape } from '../../compiler/ref/reshape.js';
import { i32, i8, singleOpGraph } from './build.js';
import { diagnosticsOf } from '../helpers/diagnostics.js';

/** input [1,4] -> FULLY_CONNECTED (2x4, bias) -> RESHAPE [2] */
function twoOpGraph(): Graph {
  return {
    name: 'fc-reshape',
    tensors: [
      {
        id: 0,
        name: 'in',
        shape: [1, 4],
        dtype: 'int8',
        quant: { scale: [1], zeroPoint: [0], axis: 0 },
      },
      {
        id: 1,
        name: 'w',
        shape: [2, 4],
        dtype: 'int8',
        quant: { scale: [0.5], zeroPoint: [0], axis: 0 },
        data: i8(1, 1, 1, 1, 1, -1, 1, -1),
      },
      {
        id: 2,
        name: 'b',
        shape: [2],
        dtype: 'int32',
        quant: { scale: [0.5], zeroPoint: [0], axis: 0 },
        data: i32(2, -2),
      },
      {
        id: 3,
        name: 'fc',
        shape: [1, 2],
        dtype: 'int8',
        quant: { scale: [1], zeroPoint: [-1], axis: 0 },
      },
      {
        id: 4,
        name: 'out',
        shape: [2],
        dtype: 'int8',
        quant: { scale: [1], zeroPoint: [-1], axis: 0 },
      },
    ],
    ops: [
      {
        kind: 'FULLY_CONNECTED',
        inputs: [0, 1, 2],
        outputs: [3],
        attrs: { activation: 'NONE', keepNumDims: false },
      },
      { kind: 'RESHAPE', inputs: [3], outputs: [4], attrs: {} },
    ],
    inputs: [0],
    outputs: [4],
  };
}

describe('runGraph', () => {
  it('returns every tensor: input, constants, intermediate and output', () => {
    const g = twoOpGraph();
    const x = i8(1, 2, 3, 4);
    const values = runGraph(g, [x]);
    expect(values.get(0)).toBe(x);
    expect(values.get(1)).toBe(g.tensors[1]!.data);
    // acc = 10 + 2 = 12, −2 − 2 = −4; × 0.5 = 6, −2; + zp −1.
    expect(Array.from(values.get(3) as Int8Array)).toEqual([5, -3]);
    expect(Array.from(values.get(4) as Int8Array)).toEqual([5, -3]);
    expect([...values.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('reports every input problem at once as ref/input-size', () => {
    const g = twoOpGraph();
    const d = diagnosticsOf(() => runGraph(g, [new Float32Array(3)]));
    expect(d.map((x) => x.code)).toEqual(['ref/input-size', 'ref/input-size']);
    expect(d[0]!.where).toBe('input 0 (in)');
    expect(d[0]!.message).toMatch(/expected int8 data/);
    expect(d[1]!.message).toBe('expected 4 elements for shape [1,4], got 3');
    const count = diagnosticsOf(() => runGraph(g, []));
    expect(count).toEqual([
      {
        code: 'ref/input-size',
        where: 'inputs',
        message: 'the model has 1 input(s), 0 were given',
      },
    ]);
  });

  it('reports ops without a kernel before running anything', () => {
    const partial = new KernelRegistry();
    partial.register('RESHAPE', reshape);
    const d = diagnosticsOf(() => runGraphWith(partial, twoOpGraph(), [i8(1, 2, 3, 4)]));
    expect(d).toEqual([
      {
        code: 'ref/unsupported-op',
        where: 'op 0 (FULLY_CONNECTED)',
        message: 'the reference interpreter has no FULLY_CONNECTED kernel',
      },
    ]);
  });

  it('runs single rounding when asked', () => {
    const g = singleOpGraph('QUANTIZE', {}, [{ shape: [1], scale: 1 }], { shape: [1], scale: 4 });
    // −6 / 4 = −1.5: double rounding (SRDHM −3, then −3/2 away from zero) −2; single −1.
    expect(Array.from(runGraph(g, [i8(-6)]).get(1) as Int8Array)).toEqual([-2]);
    expect(Array.from(runGraph(g, [i8(-6)], { rounding: 'single' }).get(1) as Int8Array)).toEqual([
      -1,
    ]);
  });
});

describe('KernelRegistry', () => {
  it('throws on a duplicate registration', () => {
    const r = new KernelRegistry();
    r.register('RESHAPE', reshape);
    expect(() => r.register('RESHAPE', reshape)).toThrow(
      'reference kernel for RESHAPE registered twice',
    );
  });

  it('holds the core kernels', () => {
    expect(REF_KERNELS.kinds().sort()).toEqual(
      expect.arrayContaining([
        'ADD',
        'AVERAGE_POOL_2D',
        'CONCATENATION',
        'CONV_2D',
        'DEPTHWISE_CONV_2D',
        'DEQUANTIZE',
        'FULLY_CONNECTED',
        'MAX_POOL_2D',
        'MUL',
        'PAD',
        'QUANTIZE',
        'RESHAPE',
      ]),
    );
  });
});
