/**
 * The RP2040 XIP cache (16 KB, 2-way, 8-byte lines, 1024 sets; a miss costs the board's 50 flash
 * wait states) on a known load pattern from core 0, with code in SRAM4.
 */
import { describe, expect, it } from 'vitest';
import { XipCache } from '../../../sim/memory/xip-cache.js';
import { EXIT, twoCoreMachine } from './helpers.js';

const SWEEP = (label: string) => `
  movs r0, #0x10
  lsls r0, r0, #24
  movs r2, #32
${label}:
  ldr r1, [r0]
  adds r0, #4
  subs r2, #1
  bne ${label}
`;

describe('XIP cache', () => {
  it('counts hits and misses and charges the line fill on a miss', () => {
    const program = `
${SWEEP('first')}
${SWEEP('second')}
  movs r0, #0x10
  lsls r0, r0, #24
  movs r3, #1
  lsls r3, r3, #13
  ldr r1, [r0]
  adds r4, r0, r3
  ldr r1, [r4]
  adds r4, r4, r3
  ldr r1, [r4]
  ldr r1, [r0]
${EXIT}`;
    const m = twoCoreMachine([program]);
    const r = m.run({ maxCycles: 100_000 });
    expect(r.exit).toMatchObject({ kind: 'semihosting', code: 0 });
    // First sweep: 32 words on 16 lines, 16 misses + 16 hits. Second sweep: 32 hits. Then set 0:
    // line 0 hits, 0x2000 and 0x4000 miss (the second evicts line 0, least recently used), and
    // line 0 misses again.
    expect(r.stats.caches).toEqual([{ name: 'XIP', hits: 16 + 32 + 1, misses: 16 + 3 }]);
    expect(r.stats.cores[0]!.stalled).toBe(19 * 50);
  });

  it('a word spanning two lines looks up both', () => {
    const cache = new XipCache({ sizeBytes: 16 * 1024, ways: 2, lineBytes: 8 });
    expect(cache.spansLines(6, 4)).toBe(true);
    expect(cache.spansLines(4, 4)).toBe(false);
    expect([cache.lookup(0), cache.lookup(7), cache.lookup(8)]).toEqual([false, true, false]);
    cache.invalidate();
    expect(cache.lookup(0)).toBe(false);
    expect(cache.stats).toEqual({ hits: 1, misses: 3 });
  });
});
