import { describe, expect, it } from 'vitest';
import { i8, runOp, singleOpGraph, type TensorSpec } from './build.js';

describe('ADD', () => {
  // s1 = 0.5, s2 = 0.25, s_out = 0.5: multipliers 0.5, 0.25 and 2^-19 after the 20-bit left shift.
  const a: TensorSpec = { shape: [1, 1, 2, 2], scale: 0.5, zeroPoint: 0 };
  const c: TensorSpec = { shape: [2], scale: 0.25, zeroPoint: 0, data: i8(1, -1) };
  const out: TensorSpec = { shape: [1, 1, 2, 2], scale: 0.5, zeroPoint: 0 };
  const x = i8(1, -1, 3, -3);

  it('broadcasts a rank-1 constant [C] over [1,H,W,C]; double rounding ties go away from zero', () => {
    const g = singleOpGraph('ADD', { activation: 'NONE' }, [a, c], out);
    // reals 0.75, −0.75, 1.75, −1.75 = 1.5, −1.5, 3.5, −3.5 output steps
    expect(runOp(g, [x])).toEqual([2, -2, 4, -4]);
  });

  it('single rounding rounds the same ties up (1 LSB apart on negatives)', () => {
    const g = singleOpGraph('ADD', { activation: 'NONE' }, [a, c], out);
    expect(runOp(g, [x], 'single')).toEqual([2, -1, 4, -3]);
  });

  it('two activations with zero points, RELU, and the constant first', () => {
    const b: TensorSpec = { shape: [1, 1, 2, 2], scale: 0.5, zeroPoint: 10 };
    const o: TensorSpec = { shape: [1, 1, 2, 2], scale: 0.5, zeroPoint: -5 };
    const g = singleOpGraph('ADD', { activation: 'RELU' }, [{ ...c, shape: [1, 1, 1, 2] }, b], o);
    // (c·0.25 + (x − 10)·0.5) / 0.5 = 0.5, 9.5, 20.5, −40.5 output steps; halves go away from zero
    // (1, 10, 21, −41), then − 5 and RELU (≥ −5): −4, 5, 16, −5.
    expect(runOp(g, [i8(10, 20, 30, -30)])).toEqual([-4, 5, 16, -5]);
  });

  it('broadcasts an activation [1,1,1,C] against [1,H,W,C]', () => {
    const m: TensorSpec = { shape: [1, 1, 1, 2], scale: 0.5, zeroPoint: 0 };
    const g = singleOpGraph('ADD', { activation: 'NONE' }, [a, m], out);
    expect(runOp(g, [x, i8(100, -100)])).toEqual([101, -101, 103, -103]);
  });
});

describe('MUL', () => {
  it('multiplies offsets, broadcasts a [1,1,1,C] constant, clamps RELU6', () => {
    const a: TensorSpec = { shape: [1, 2, 2, 2], scale: 0.5, zeroPoint: 1 };
    const c: TensorSpec = { shape: [1, 1, 1, 2], scale: 0.5, zeroPoint: -1, data: i8(2, -3) };
    const out: TensorSpec = { shape: [1, 2, 2, 2], scale: 0.25, zeroPoint: 0 };
    const g = singleOpGraph('MUL', { activation: 'RELU6' }, [a, c], out);
    // (x − 1)·(c + 1) with c + 1 = [3, −2]; multiplier 0.25 / 0.25 = 1; RELU6 range [0, 24].
    expect(runOp(g, [i8(3, -2, 5, 1, 10, 0, -7, 4)])).toEqual([6, 6, 12, 0, 24, 2, 0, 0]);
  });

  it('requantises with rounding and the output zero point', () => {
    const a: TensorSpec = { shape: [3], scale: 0.5, zeroPoint: 0 };
    const b: TensorSpec = { shape: [3], scale: 0.5, zeroPoint: 0 };
    const out: TensorSpec = { shape: [3], scale: 1, zeroPoint: -128 };
    const g = singleOpGraph('MUL', { activation: 'NONE' }, [a, b], out);
    // Multiplier 0.25 = (2^30, shift −1). 3·3·0.25 = 2.25, but double rounding first rounds
    // 9·0.5 = 4.5 to 5 and then 5/2 = 2.5 to 3: −128 + 3 = −125. Single rounding gives 2: −126.
    // 3·(−2)·0.25 = −1.5 -> −2 (both), −130 clamps to −128; 127·127·0.25 clamps to 127.
    expect(runOp(g, [i8(3, 3, 127), i8(3, -2, 127)])).toEqual([-125, -128, 127]);
    expect(runOp(g, [i8(3, 3, 127), i8(3, -2, 127)], 'single')).toEqual([-126, -128, 127]);
  });
});
