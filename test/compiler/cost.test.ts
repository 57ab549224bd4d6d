import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COEFFICIENTS,
  KERNEL_KINDS,
  XTENSA_LX7_ANALYTIC,
} from '../../compiler/cost/coefficients.js';
import { borderPixels, geometryOf, itemTerms } from '../../compiler/cost/features.js';
import { coefficientsFor, memoryKey, weightMemory } from '../../compiler/cost/memory.js';
import { coreCycles, itemCycles, priceItems } from '../../compiler/cost/model.js';
import { nnls } from '../../compiler/cost/nnls.js';
import { replayMakespan } from '../../compiler/cost/replay.js';
import { compileModel } from '../../compiler/compile.js';
import { zooEntry } from '../../compiler/zoo/registry.js';
import { builtinBoard } from '../../platforms/boards/registry.js';
import { BOARD_CORE_TYPES } from '../../platforms/boards/schema.js';

describe('cost model', () => {
  it('cycles = the sum of each term times its coefficient, rounded up', () => {
    const conv = {
      kernel: 'conv' as const,
      work: 1000,
      macs: 1000,
      bytesIn: 60,
      bytesOut: 40,
      tile: [
        [0, 1],
        [0, 2],
        [0, 2],
        [0, 10],
      ] as [number, number][],
      reads: [
        {
          ranges: [
            [0, 1],
            [0, 4],
            [0, 4],
            [0, 2],
          ] as [number, number][],
        },
      ],
      deps: [3, 4],
    };
    const g = geometryOf(conv);
    expect(g).toEqual({
      outputs: 40,
      outChannels: 10,
      readElements: 32,
      inChannels: 2,
      tileH: 2,
      tileW: 2,
      readH: 4,
      readW: 4,
    });
    // 1000 MACs over 40 outputs of 2 input channels: 12.5 taps; 28 weight bytes. A 2x2 tile
    // reading 4x4 with a window of sqrt(12.5) = 3.54: stride 1, padding clips one row and one
    // column, so 3 of the 4 pixels.
    const t = itemTerms({ ...conv, geometry: g }, 0);
    expect(t.borderWork).toBe((1000 * 3) / 4);
    expect({ ...t, borderWork: 0 }).toEqual({
      work: 1000,
      borderWork: 0,
      outputs: 40,
      rows: 40 * Math.sqrt(12.5),
      pixels: 4,
      calls: 1,
      weightBytes: 28,
      weightRefetchBytes: 0,
    });
    for (const type of ['cortex-m0plus', 'cortex-m4', 'cortex-m7'] as const) {
      const c = DEFAULT_COEFFICIENTS[type];
      const expected =
        c.overheadCycles +
        2 * c.cyclesPerDep +
        c.callCycles.conv +
        1000 * c.cyclesPerWork.conv +
        t.borderWork * c.cyclesPerBorderWork.conv +
        40 * c.cyclesPerOutput.conv +
        t.rows * c.cyclesPerRow.conv +
        4 * c.cyclesPerPixel.conv +
        28 * c.cyclesPerWeightByte +
        100 * c.cyclesPerByte;
      expect(itemCycles(conv, type)).toBe(Math.ceil(expected));
    }
    // Xtensa LX7 keeps the analytic model: overhead + work + bytes.
    expect(itemCycles(conv, 'xtensa-lx7')).toBe(300 + 150 + 10);
  });

  it('weights behind a flash cache count once per pixel when they do not fit it', () => {
    const fc = { kernel: 'conv' as const, work: 0, bytesIn: 20_000 + 100, bytesOut: 0 };
    const geometry = {
      outputs: 40,
      outChannels: 10,
      readElements: 100,
      inChannels: 1,
      ...{ tileH: 2, tileW: 2, readH: 2, readW: 2 },
    };
    expect(itemTerms({ ...fc, geometry }, 0).weightBytes).toBe(20_000);
    expect(itemTerms({ ...fc, geometry }, 32_768).weightBytes).toBe(20_000);
    expect(itemTerms({ ...fc, geometry }, 16_384).weightBytes).toBe(4 * 20_000);
  });

  it('has a positive cost per unit of work for every core type and kind; M0+ is the slowest at convolutions', () => {
    for (const t of BOARD_CORE_TYPES)
      for (const k of KERNEL_KINDS)
        expect(DEFAULT_COEFFICIENTS[t].cyclesPerWork[k]).toBeGreaterThan(0);
    // A 3x3 CONV_2D tile, 16 -> 16 channels, 8x8 outputs, in cycles of each core's own clock.
    const conv = {
      kernel: 'conv' as const,
      work: 8 * 8 * 16 * 16 * 9,
      bytesIn: 10 * 10 * 16 + 16 * 9 * 16,
      bytesOut: 8 * 8 * 16,
      tile: [
        [0, 1],
        [0, 8],
        [0, 8],
        [0, 16],
      ] as [number, number][],
      reads: [
        {
          ranges: [
            [0, 1],
            [0, 10],
            [0, 10],
            [0, 16],
          ] as [number, number][],
        },
      ],
    };
    const cycles = BOARD_CORE_TYPES.map((t) => itemCycles(conv, t));
    expect(Math.max(...cycles)).toBe(itemCycles(conv, 'cortex-m0plus'));
    expect(DEFAULT_COEFFICIENTS['xtensa-lx7']).toBe(XTENSA_LX7_ANALYTIC);
  });

  it('prices items once per distinct core type, with the contention of all the cores', () => {
    const items = [{ kernel: 'fc' as const, work: 100, bytesIn: 8, bytesOut: 0, cost: {} }];
    priceItems(items, ['cortex-m4', 'cortex-m4', 'cortex-m7']);
    expect(items[0]!.cost).toEqual({
      'cortex-m4': itemCycles(items[0]!, 'cortex-m4', DEFAULT_COEFFICIENTS, 3),
      'cortex-m7': itemCycles(items[0]!, 'cortex-m7', DEFAULT_COEFFICIENTS, 3),
    });
    // Two other cores slow an item that refetches no weights down by 2 x contention.
    const m4 = DEFAULT_COEFFICIENTS['cortex-m4'];
    expect(m4.contention).toBeGreaterThan(0);
    expect(coreCycles(items[0]!, m4, 3)).toBeCloseTo(
      coreCycles(items[0]!, m4, 1) * (1 + 2 * m4.contention),
      9,
    );
  });

  it('knows where each board keeps its weights', () => {
    const key = (name: string, sets: string[] = []) =>
      memoryKey(weightMemory(builtinBoard(name, sets)));
    expect(key('rp2040')).toBe('xip-50ws-16k');
    expect(key('stm32h755')).toBe('flash-4ws');
    // The nRF5340's flashes are private to a core: the weights go to the shared SRAM.
    expect(key('nrf5340')).toBe('sram');
    expect(key('generic', ['flashWaitStates=0'])).toBe('sram');
    expect(key('generic', ['flashWaitStates=3'])).toBe('flash-3ws');
    // The generic board's M4 with flash at 2 wait states is the M4's home set.
    const g = coefficientsFor(builtinBoard('generic', ['cores=2', 'core=cortex-m4']));
    expect(g['cortex-m4']).toBe(DEFAULT_COEFFICIENTS['cortex-m4']);
  });
});

describe('border pixels', () => {
  const g = (tileH: number, tileW: number, readH: number, readW: number) => ({
    outputs: 0,
    outChannels: 1,
    readElements: 0,
    inChannels: 1,
    ...{ tileH, tileW, readH, readW },
  });
  it('finds the padded rows and columns of a tile from the region it reads', () => {
    // 3x3 SAME stride 1 on 32x32: one padded row and column each side.
    expect(borderPixels(g(32, 32, 32, 32), 3)).toBe(32 * 32 - 30 * 30 - 0);
    // 5x5 VALID: the tile reads 4 more rows and columns, none padded.
    expect(borderPixels(g(28, 28, 32, 32), 5)).toBe(0);
    // 3x3 SAME stride 2, 96 -> 48: one padded row and column (at the far edge).
    expect(borderPixels(g(48, 48, 96, 96), 3)).toBe(48 + 48 - 1);
    // A middle row band of a stride-1 3x3: no padding up or down, one column each side.
    expect(borderPixels(g(4, 32, 6, 32), 3)).toBe(4 * 2);
  });
});

describe('nnls', () => {
  it('recovers non-negative coefficients exactly and clamps the negative ones to 0', () => {
    const a = [
      [1, 2, 1],
      [2, 1, 1],
      [3, 5, 1],
      [4, 1, 1],
      [5, 0, 1],
    ];
    const x = nnls(
      a,
      a.map((r) => 2 * r[0]! + 3 * r[2]!),
    );
    expect(x[0]).toBeCloseTo(2, 9);
    expect(x[1]).toBeCloseTo(0, 9);
    expect(x[2]).toBeCloseTo(3, 9);
    // With a negative true coefficient the constrained optimum (scipy.optimize.nnls) is [2.4, 0, 0].
    const y = nnls(
      a,
      a.map((r) => 2 * r[0]! - r[1]! + 3 * r[2]!),
    );
    expect(y.map((v) => Number(v.toFixed(9)))).toEqual([2.4, 0, 0]);
  });
});

describe('replayMakespan', () => {
  it('gives back the makespan of a schedule under the costs it was made with', () => {
    const g = zooEntry('lenet5').build();
    const board = builtinBoard('generic', ['cores=3', 'core=cortex-m4']);
    for (const scheduler of ['heft', 'ariel-cp', 'ariel-greedy'] as const) {
      const c = compileModel(g, board, { scheduler });
      expect(replayMakespan(c.taskGraph, c.schedule, board.cores, DEFAULT_COEFFICIENTS)).toBe(
        c.schedule.makespanCycles,
      );
    }
  });
});
