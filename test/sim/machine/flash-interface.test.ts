/**
 * The shared XIP port (sim/memory/flash-interface.ts): inactive until the fill source is set up
 * for XIP, one access a port cycle with a core's own fetch and data access not in conflict, a miss
 * holding the port for its whole fill, fills one after another.
 */
import { describe, expect, it } from 'vitest';
import { FlashInterface, type FillSource } from '../../../sim/memory/flash-interface.js';

/** A fill source whose fill cost the test sets (undefined: not set up for XIP). */
function source(cycles: number | undefined): FillSource & { set(c: number | undefined): void } {
  let value = cycles;
  let generation = 0;
  return {
    xipFillCycles: () => value,
    get generation() {
      return generation;
    },
    set(c) {
      value = c;
      generation++;
    },
  };
}

// 1 tick per cycle, 8-byte lines, 1 cycle lost per lost arbitration (the RP2040 crossbar's).
const make = (s: FillSource) => new FlashInterface(s, 1, 8, 1, 1);

describe('FlashInterface', () => {
  it('is inactive (-1: the memory keeps its waitStates) until the source is set up for XIP', () => {
    const s = source(undefined);
    const f = make(s);
    expect(f.active).toBe(false);
    expect(f.access(100, true, 0)).toBe(-1);
    s.set(82);
    expect(f.active).toBe(true);
    expect(f.access(100, true, 0)).toBe(82);
    expect(f.stats).toEqual({ accesses: 1, fills: 1, waitedTicks: 0 });
  });

  it('serves one access a cycle: the second core in the same cycle waits one', () => {
    const f = make(source(82));
    expect(f.access(10, false, 0)).toBe(0);
    expect(f.access(10, false, 1)).toBe(1);
    expect(f.access(10, false, 2)).toBe(2);
    // A core's own fetch and data access in one cycle are ordered by its own bus interface.
    expect(f.access(20, false, 0)).toBe(0);
    expect(f.access(20, false, 0)).toBe(0);
  });

  it("a miss holds the port: another core's hit waits for the end of the fill", () => {
    const f = make(source(82));
    expect(f.access(1000, true, 0)).toBe(82);
    expect(f.access(1040, false, 1)).toBe(42); // served at 1082
    expect(f.access(1082, false, 0)).toBe(1); // 1082 is taken by core 1's access above
    expect(f.access(999, false, 1)).toBe(0); // before the fill: not affected
  });

  it('fills never overlap: a second miss starts when the first fill ends', () => {
    const f = make(source(82));
    expect(f.access(0, true, 0)).toBe(82);
    expect(f.access(10, true, 1)).toBe(72 + 82); // waits to 82, fills to 164
    expect(f.stats.fills).toBe(2);
    expect(f.stats.waitedTicks).toBe(72);
  });

  it('follows the programming: a new fill cost once the source changed', () => {
    const s = source(82);
    const f = make(s);
    expect(f.access(0, true, 0)).toBe(82);
    s.set(57);
    expect(f.access(1000, true, 0)).toBe(57);
    s.set(undefined);
    expect(f.access(2000, true, 0)).toBe(-1);
  });
});
