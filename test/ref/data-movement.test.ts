import { describe, expect, it } from 'vitest';
import { runGraph } from '../../compiler/ref/interpreter.js';
import { f32, i32, i8, runOp, singleOpGraph, type TensorSpec } from './build.js';

describe('PAD', () => {
  const input: TensorSpec = { shape: [1, 2, 2, 1], scale: 0.5, zeroPoint: -5 };
  const paddings: TensorSpec = { shape: [4, 2], dtype: 'int32', data: i32(0, 0, 1, 0, 0, 1, 0, 0) };
  const out: TensorSpec = { shape: [1, 3, 3, 1], scale: 0.5, zeroPoint: -5 };

  it('pads with the output zero point by default', () => {
    const g = singleOpGraph('PAD', {}, [input, paddings], out);
    expect(runOp(g, [i8(1, 2, 3, 4)])).toEqual([-5, -5, -5, 1, 2, -5, 3, 4, -5]);
  });

  it('pads with constant_values when given', () => {
    const c: TensorSpec = { shape: [], scale: 0.5, zeroPoint: -5, data: i8(7) };
    const g = singleOpGraph('PAD', {}, [input, paddings, c], out);
    expect(runOp(g, [i8(1, 2, 3, 4)])).toEqual([7, 7, 7, 1, 2, 7, 3, 4, 7]);
  });

  it('pads every dimension, including the channels', () => {
    const p: TensorSpec = { shape: [2, 2], dtype: 'int32', data: i32(1, 1, 0, 2) };
    const g = singleOpGraph('PAD', {}, [{ shape: [1, 2], scale: 1 }, p], {
      shape: [3, 4],
      scale: 1,
    });
    expect(runOp(g, [i8(8, 9)])).toEqual([0, 0, 0, 0, 8, 9, 0, 0, 0, 0, 0, 0]);
  });
});

describe('CONCATENATION', () => {
  it('interleaves along the last axis (axis -1) as a plain copy', () => {
    const a: TensorSpec = { shape: [1, 2, 1], scale: 0.5, zeroPoint: 0 };
    const b: TensorSpec = { shape: [1, 2, 2], scale: 0.5, zeroPoint: 0 };
    const out: TensorSpec = { shape: [1, 2, 3], scale: 0.5, zeroPoint: 0 };
    const g = singleOpGraph('CONCATENATION', { axis: -1, activation: 'NONE' }, [a, b], out);
    expect(runOp(g, [i8(1, 2), i8(3, 4, 5, 6)])).toEqual([1, 3, 4, 2, 5, 6]);
  });

  it('copies inputs of other quantisation unchanged, as TFLM does', () => {
    const a: TensorSpec = { shape: [2, 1], scale: 0.25, zeroPoint: 3 };
    const b: TensorSpec = { shape: [1, 1], scale: 0.5, zeroPoint: 0, data: i8(-9) };
    const out: TensorSpec = { shape: [3, 1], scale: 0.5, zeroPoint: 0 };
    const g = singleOpGraph('CONCATENATION', { axis: 0, activation: 'NONE' }, [a, b], out);
    expect(runOp(g, [i8(100, -100)])).toEqual([100, -100, -9]);
  });
});

describe('RESHAPE', () => {
  it('copies the data under the new shape', () => {
    const g = singleOpGraph('RESHAPE', {}, [{ shape: [1, 2, 2], scale: 1 }], {
      shape: [1, 4],
      scale: 1,
    });
    expect(runOp(g, [i8(1, -2, 3, -4)])).toEqual([1, -2, 3, -4]);
  });
});

describe('QUANTIZE', () => {
  it('float32 -> int8: divides in float32, rounds halves away from zero, clamps', () => {
    const g = singleOpGraph('QUANTIZE', {}, [{ shape: [7], dtype: 'float32' }], {
      shape: [7],
      scale: 0.5,
      zeroPoint: -1,
    });
    // x/0.5 = 0.5 -> 1, −0.5 -> −1, 1.5 -> 2, 200, −200, 2, 1.2 -> 1; then −1 and clamp.
    expect(runOp(g, [f32(0.25, -0.25, 0.75, 100, -100, 1, 0.6)])).toEqual([
      0, -2, 1, 127, -128, 1, 0,
    ]);
  });

  it('int8 -> int8 requantises with MultiplyByQuantizedMultiplier', () => {
    const g = singleOpGraph('QUANTIZE', {}, [{ shape: [4], scale: 1, zeroPoint: 0 }], {
      shape: [4],
      scale: 2,
      zeroPoint: 3,
    });
    // multiplier 0.5: 3 -> 1.5 -> 2, −3 -> −1.5 -> −1 (SRDHM rounds the tie up), 5 -> 3, 100 -> 50; + 3.
    expect(runOp(g, [i8(3, -3, 5, 100)])).toEqual([5, 2, 6, 53]);
  });
});

describe('DEQUANTIZE', () => {
  it('int8 -> float32: float32(double(scale) · (q − zp))', () => {
    const scale = Math.fround(0.1);
    const g = singleOpGraph('DEQUANTIZE', {}, [{ shape: [4], scale, zeroPoint: 2 }], {
      shape: [4],
      dtype: 'float32',
    });
    const y = runGraph(g, [i8(12, 2, -128, 127)]).get(g.outputs[0]!) as Float32Array;
    // 0.1f · 10 = 1.0000000149 rounds to 1 in float32; 0.1f · −130 = −13.0000002 -> −13.
    expect(Array.from(y)).toEqual([1, 0, -13, Math.fround(scale * 125)]);
    expect(y[3]).toBe(12.5);
  });
});
