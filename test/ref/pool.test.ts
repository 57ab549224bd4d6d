import { describe, expect, it } from 'vitest';
import type { Pool2DAttrs } from '../../compiler/ir/graph.js';
import { i8, runOp, singleOpGraph, type TensorSpec } from './build.js';

const attrs = (over: Partial<Pool2DAttrs>): Pool2DAttrs => ({
  padding: 'VALID',
  strideH: 1,
  strideW: 1,
  filterH: 2,
  filterW: 2,
  activation: 'NONE',
  ...over,
});

describe('AVERAGE_POOL_2D', () => {
  it('SAME edges divide by the in-bounds count and round halves away from zero', () => {
    const t: TensorSpec = { shape: [1, 3, 3, 2], scale: 1, zeroPoint: 0 };
    const out: TensorSpec = { shape: [1, 2, 2, 2], scale: 1, zeroPoint: 0 };
    const g = singleOpGraph(
      'AVERAGE_POOL_2D',
      attrs({ padding: 'SAME', strideH: 2, strideW: 2 }),
      [t],
      out,
    );
    // channel 0 = 1..8, 10; channel 1 = its negation. Windows: {1,2,4,5} = 12/4 = 3; {3,6} = 4.5 -> 5;
    // {7,8} = 7.5 -> 8; {10} = 10.
    const ch0 = [1, 2, 3, 4, 5, 6, 7, 8, 10];
    const x = i8(...ch0.flatMap((v) => [v, -v]));
    expect(runOp(g, [x])).toEqual([3, -3, 5, -5, 8, -8, 10, -10]);
  });

  it('VALID drops the rows and columns that do not fill a window; RELU clamps', () => {
    const t: TensorSpec = { shape: [1, 3, 3, 1], scale: 0.5, zeroPoint: -10 };
    const out: TensorSpec = { shape: [1, 1, 1, 1], scale: 0.5, zeroPoint: -10 };
    const g = singleOpGraph(
      'AVERAGE_POOL_2D',
      attrs({ strideH: 2, strideW: 2, activation: 'RELU' }),
      [t],
      out,
    );
    expect(runOp(g, [i8(-20, -30, 100, -40, -50, 100, 100, 100, 100)])).toEqual([-10]);
  });
});

describe('MAX_POOL_2D', () => {
  it('padding never wins under SAME', () => {
    const t: TensorSpec = { shape: [1, 2, 2, 1], scale: 1, zeroPoint: 0 };
    const out: TensorSpec = { shape: [1, 2, 2, 1], scale: 1, zeroPoint: 0 };
    const g = singleOpGraph(
      'MAX_POOL_2D',
      attrs({ padding: 'SAME', filterH: 3, filterW: 3 }),
      [t],
      out,
    );
    expect(runOp(g, [i8(-100, -50, -120, -128)])).toEqual([-50, -50, -50, -50]);
  });

  it('stride 2 windows and RELU6', () => {
    const t: TensorSpec = { shape: [1, 2, 4, 1], scale: 0.25, zeroPoint: -128 };
    const out: TensorSpec = { shape: [1, 1, 2, 1], scale: 0.25, zeroPoint: -128 };
    const g = singleOpGraph(
      'MAX_POOL_2D',
      attrs({ strideH: 2, strideW: 2, activation: 'RELU6' }),
      [t],
      out,
    );
    // RELU6 max: −128 + 6 / 0.25 = −104.
    expect(runOp(g, [i8(-128, -120, 50, 0, -127, -110, 3, 2)])).toEqual([-110, -104]);
  });
});
