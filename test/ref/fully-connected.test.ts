import { describe, expect, it } from 'vitest';
import { i32, i8, runOp, singleOpGraph, type TensorSpec } from './build.js';

describe('FULLY_CONNECTED', () => {
  // x − zp = [0, 2, 255] (zero point −128 at the int8 extreme).
  const input: TensorSpec = { shape: [1, 3], scale: 0.5, zeroPoint: -128 };
  const x = i8(-128, -126, 127);

  it('per-tensor weights, bias, output zero point −128', () => {
    const w: TensorSpec = { shape: [2, 3], scale: 0.25, data: i8(1, 2, 3, -1, 0, 1) };
    const b: TensorSpec = { shape: [2], dtype: 'int32', scale: 0.125, data: i32(0, -100) };
    const out: TensorSpec = { shape: [1, 2], scale: 8, zeroPoint: -128 };
    const g = singleOpGraph(
      'FULLY_CONNECTED',
      { activation: 'NONE', keepNumDims: false },
      [input, w, b],
      out,
    );
    // multiplier 0.125 / 8 = 2^-6. Row 0: 4 + 765 = 769 -> 12.02 -> 12; row 1: 255 − 100 = 155 -> 2.42 -> 2.
    expect(runOp(g, [x])).toEqual([-116, -126]);
  });

  it('per-channel weights, no bias (input -1), RELU', () => {
    const w: TensorSpec = { shape: [2, 3], scale: [0.25, 0.5], data: i8(1, 2, 3, 0, 0, -1) };
    const out: TensorSpec = { shape: [1, 2], scale: 8, zeroPoint: 10 };
    const g = singleOpGraph(
      'FULLY_CONNECTED',
      { activation: 'RELU', keepNumDims: false },
      [input, w, -1],
      out,
    );
    // Row 0: 769 × 2^-6 -> 12 + 10 = 22. Row 1: −255 × 2^-5 = −7.97 -> −8 + 10 = 2, RELU keeps ≥ 10.
    expect(runOp(g, [x])).toEqual([22, 10]);
  });

  it('treats every row of the input as a batch (keep_num_dims)', () => {
    const inp: TensorSpec = { shape: [2, 1, 2], scale: 1, zeroPoint: 0 };
    const w: TensorSpec = { shape: [1, 2], scale: 1, data: i8(1, -1) };
    const out: TensorSpec = { shape: [2, 1, 1], scale: 1, zeroPoint: 0 };
    const g = singleOpGraph(
      'FULLY_CONNECTED',
      { activation: 'NONE', keepNumDims: true },
      [inp, w, -1],
      out,
    );
    expect(runOp(g, [i8(5, 3, -100, 100)])).toEqual([2, -128]);
  });

  it('per-tensor multiplier uses the float32 product of the scales', () => {
    // GetQuantizedConvolutionMultipler rounds s_in·s_w to float32 before dividing in double. For
    // these scales the two products give different Q31 multipliers, and 97·242 = 23474 lands on
    // different sides of a rounding boundary: 73 with the float32 product, 72 with the double one.
    const sIn = Math.fround(0.0256);
    const sW = Math.fround(0.01052);
    const sOut = Math.fround(0.0872);
    const inp: TensorSpec = { shape: [1, 1], scale: sIn, zeroPoint: -128 };
    const w: TensorSpec = { shape: [1, 1], scale: sW, data: i8(97) };
    const out: TensorSpec = { shape: [1, 1], scale: sOut, zeroPoint: 0 };
    const g = singleOpGraph(
      'FULLY_CONNECTED',
      { activation: 'NONE', keepNumDims: false },
      [inp, w, -1],
      out,
    );
    expect(runOp(g, [i8(242 - 128)])).toEqual([73]);
  });
});
