import { describe, expect, it } from 'vitest';
import type { Conv2DAttrs } from '../../compiler/ir/graph.js';
import { i32, i8, runOp, singleOpGraph, type TensorSpec } from './build.js';

// Input [1,3,3,1], scale 0.5, zp 1. x − zp = [2, 0, −2; 4, 1, −1; 0, 0, 8].
const input: TensorSpec = { shape: [1, 3, 3, 1], scale: 0.5, zeroPoint: 1 };
const x = i8(3, 1, -1, 5, 2, 0, 1, 1, 9);
// Two 2x2 filters, per-channel scales 0.25 and 0.5: effective multipliers 0.5 and 1.0.
const filter: TensorSpec = {
  shape: [2, 2, 2, 1],
  scale: [0.25, 0.5],
  data: i8(1, 2, 3, 4, -1, 0, 0, 1),
};
const bias: TensorSpec = { shape: [2], dtype: 'int32', scale: [0.125, 0.25], data: i32(10, -3) };
const attrs = (over: Partial<Conv2DAttrs>): Conv2DAttrs => ({
  padding: 'VALID',
  strideH: 1,
  strideW: 1,
  dilationH: 1,
  dilationW: 1,
  activation: 'NONE',
  ...over,
});

describe('CONV_2D', () => {
  it('VALID, stride 1, per-channel multipliers, bias, ties rounded up', () => {
    const out: TensorSpec = { shape: [1, 2, 2, 2], scale: 0.25, zeroPoint: -3 };
    const g = singleOpGraph('CONV_2D', attrs({}), [input, filter, bias], out);
    // (0,1) channel 0: acc −5 + 10 = 5, × 0.5 = 2.5 -> 3, − 3 = 0.
    expect(runOp(g, [x])).toEqual([11, -7, 0, -7, 5, -10, 18, 1]);
  });

  it('SAME, stride 2: out-of-bounds taps are skipped, padding goes bottom/right', () => {
    const out: TensorSpec = { shape: [1, 2, 2, 2], scale: 0.25, zeroPoint: -3 };
    const g = singleOpGraph(
      'CONV_2D',
      attrs({ padding: 'SAME', strideH: 2, strideW: 2 }),
      [input, filter, bias],
      out,
    );
    expect(runOp(g, [x])).toEqual([11, -7, 0, -4, 2, -6, 6, -14]);
  });

  it('fused RELU clamps at the output zero point', () => {
    const out: TensorSpec = { shape: [1, 2, 2, 2], scale: 0.25, zeroPoint: -3 };
    const a = attrs({ padding: 'SAME', strideH: 2, strideW: 2, activation: 'RELU' });
    const g = singleOpGraph('CONV_2D', a, [input, filter, bias], out);
    expect(runOp(g, [x])).toEqual([11, -3, 0, -3, 2, -3, 6, -3]);
  });

  it('dilation 2 reads every other pixel', () => {
    const out: TensorSpec = { shape: [1, 1, 1, 2], scale: 0.25, zeroPoint: -3 };
    const g = singleOpGraph(
      'CONV_2D',
      attrs({ dilationH: 2, dilationW: 2 }),
      [input, filter, bias],
      out,
    );
    // taps (0,0) (0,2) (2,0) (2,2): [2, −2, 0, 8]. c0: 30 + 10 = 40 -> 20 − 3; c1: 6 − 3 -> 3 − 3.
    expect(runOp(g, [x])).toEqual([17, 0]);
  });

  it('without bias (input -1) and with zero points at the int8 extremes', () => {
    const inExt: TensorSpec = { shape: [1, 1, 1, 2], scale: 1, zeroPoint: -128 };
    const f: TensorSpec = { shape: [1, 1, 1, 2], scale: [1 / 256], data: i8(127, -127) };
    const out: TensorSpec = { shape: [1, 1, 1, 1], scale: 1, zeroPoint: 127 };
    const g = singleOpGraph('CONV_2D', attrs({}), [inExt, f, -1], out);
    // (127 + 128)·127 + 0·(−127) = 32385; × 2^-8 = 126.504 -> 127; + 127 -> clamped to 127.
    expect(runOp(g, [i8(127, -128)])).toEqual([127]);
    // 0·127 + 255·(−127) = −32385 -> −126.504 -> −127; + 127 = 0.
    expect(runOp(g, [i8(-128, 127)])).toEqual([0]);
    // 128·(−127) = −16256 -> −63.5 exactly. Double rounding: SRDHM gives −8128 exactly, then
    // RoundingDivideByPOT(−8128, 7) rounds the tie away from zero: −64 + 127 = 63. Single rounding
    // rounds the tie up: −63 + 127 = 64.
    expect(runOp(g, [i8(-128, 0)])).toEqual([63]);
    expect(runOp(g, [i8(-128, 0)], 'single')).toEqual([64]);
  });
});

describe('CONV_2D grouped', () => {
  it('input depth twice the filter depth: each half of the outputs reads its half of the inputs', () => {
    const inp: TensorSpec = { shape: [1, 1, 1, 4], scale: 1, zeroPoint: 0 };
    const f: TensorSpec = { shape: [2, 1, 1, 2], scale: [1, 1], data: i8(1, 2, 3, -1) };
    const out: TensorSpec = { shape: [1, 1, 1, 2], scale: 1, zeroPoint: 0 };
    const g = singleOpGraph('CONV_2D', attrs({}), [inp, f, -1], out);
    // oc 0: 1·10 + 2·20 = 50 (inputs 0, 1); oc 1: 3·30 − 1·40 = 50 (inputs 2, 3)
    expect(runOp(g, [i8(10, 20, 30, 40)])).toEqual([50, 50]);
  });
});

describe('DEPTHWISE_CONV_2D', () => {
  it('depth multiplier 2: output channel ic·2 + m reads input channel ic', () => {
    const inp: TensorSpec = { shape: [1, 2, 2, 2], scale: 1, zeroPoint: 0 };
    const f: TensorSpec = {
      shape: [1, 2, 2, 4],
      scale: [1, 1, 1, 1],
      axis: 3,
      data: i8(1, -1, 2, 0, 0, 1, 1, 1, 1, 1, 0, -2, 2, 0, 1, 1),
    };
    const b: TensorSpec = { shape: [4], dtype: 'int32', scale: 1, data: i32(1, 2, 3, -200) };
    const out: TensorSpec = { shape: [1, 1, 1, 4], scale: 1, zeroPoint: 0 };
    const g = singleOpGraph(
      'DEPTHWISE_CONV_2D',
      { ...attrs({}), depthMultiplier: 2 },
      [inp, f, b],
      out,
    );
    // sums 20, 7, 16, 0; + bias -> 21, 9, 19, −200 (clamped to −128)
    expect(runOp(g, [i8(1, 2, 3, 4, 5, 6, 7, 8)])).toEqual([21, 9, 19, -128]);
  });

  it('SAME, stride 2, RELU6 over a 3x3 window with skipped edges', () => {
    const inp: TensorSpec = { shape: [1, 3, 3, 1], scale: 0.5, zeroPoint: 0 };
    const f: TensorSpec = {
      shape: [1, 3, 3, 1],
      scale: [0.5],
      axis: 3,
      data: i8(1, 1, 1, 1, 1, 1, 1, 1, 1),
    };
    const out: TensorSpec = { shape: [1, 2, 2, 1], scale: 0.25, zeroPoint: 0 };
    const a = {
      ...attrs({ padding: 'SAME', strideH: 2, strideW: 2, activation: 'RELU6' }),
      depthMultiplier: 1,
    };
    const g = singleOpGraph('DEPTHWISE_CONV_2D', a, [inp, f, -1], out);
    // pad 1 on each side; windows at (0,0): 4 taps, (0,1): 4 taps, (1,0): 4, (1,1): 4 (corners).
    // x = 1..9: sums 1+2+4+5 = 12, 2+3+5+6 = 16, 4+5+7+8 = 24, 5+6+8+9 = 28; × 1.0 ; RELU6 max 24.
    expect(runOp(g, [i8(1, 2, 3, 4, 5, 6, 7, 8, 9)])).toEqual([12, 16, 24, 24]);
  });
});
