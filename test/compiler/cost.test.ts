import { describe, expect, it } from 'vitest';
import { DEFAULT_COEFFICIENTS, KERNEL_KINDS } from '../../compiler/cost/coefficients.js';
import { itemCycles, priceItems } from '../../compiler/cost/model.js';
import { BOARD_CORE_TYPES } from '../../platforms/boards/schema.js';

describe('cost model', () => {
  it('cycles = overhead + work x cycles per work + bytes x cycles per byte, rounded up', () => {
    const conv = { kernel: 'conv' as const, work: 1000, bytesIn: 60, bytesOut: 40 };
    expect(itemCycles(conv, 'cortex-m4')).toBe(250 + 750 + 13); // 12.5 bytes-cycles round up
    expect(itemCycles(conv, 'cortex-m0plus')).toBe(400 + 2500 + 25);
    expect(itemCycles(conv, 'cortex-m7')).toBe(200 + 500 + 10);
    expect(itemCycles({ kernel: 'copy', work: 0, bytesIn: 0, bytesOut: 0 }, 'hazard3')).toBe(300);
  });

  it('has a positive default for every core type and kernel kind; M0+ is the slowest MAC', () => {
    for (const t of BOARD_CORE_TYPES)
      for (const k of KERNEL_KINDS)
        expect(DEFAULT_COEFFICIENTS[t].cyclesPerWork[k]).toBeGreaterThan(0);
    const conv = BOARD_CORE_TYPES.map((t) => DEFAULT_COEFFICIENTS[t].cyclesPerWork.conv);
    expect(Math.max(...conv)).toBe(DEFAULT_COEFFICIENTS['cortex-m0plus'].cyclesPerWork.conv);
  });

  it('prices items once per distinct core type', () => {
    const items = [{ kernel: 'fc' as const, work: 100, bytesIn: 8, bytesOut: 0, cost: {} }];
    priceItems(items, ['cortex-m4', 'cortex-m4', 'cortex-m7']);
    expect(items[0]!.cost).toEqual({ 'cortex-m4': 250 + 70 + 1, 'cortex-m7': 200 + 45 + 1 });
  });
});
