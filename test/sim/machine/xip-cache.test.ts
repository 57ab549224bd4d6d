/**
 * The RP2040 XIP cache (16 KB, 2-way, 8-byte lines, 1024 sets; a miss costs the board's 50 flash
 * wait states) on a known load pattern from core 0, with code in SRAM4; and the one flash interface
 * behind it, which fills one line at a time for both cores.
 */
import { describe, expect, it } from 'vitest';
import { XipCache } from '../../../sim/memory/xip-cache.js';
import { EXIT, twoCoreMachine } from './helpers.js';

/** 32 word loads from flash offset `base` (16 lines: a miss then a hit on each). */
const SWEEP = (label: string, base = 0) => `
  movs r0, #0x10
  lsls r0, r0, #24
  movs r5, #${base >> 8}
  lsls r5, r5, #8
  adds r0, r0, r5
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
    expect(r.stats.caches).toEqual([
      { name: 'XIP', hits: 16 + 32 + 1, misses: 16 + 3, queuedFills: 0 },
    ]);
    expect(r.stats.cores[0]!.stalled).toBe(19 * 50);
  });

  it('a word spanning two lines looks up both', () => {
    const cache = new XipCache({ sizeBytes: 16 * 1024, ways: 2, lineBytes: 8 });
    expect(cache.spansLines(6, 4)).toBe(true);
    expect(cache.spansLines(4, 4)).toBe(false);
    expect([cache.lookup(0), cache.lookup(7), cache.lookup(8)]).toEqual([false, true, false]);
    cache.invalidate();
    expect(cache.lookup(0)).toBe(false);
    expect(cache.stats).toEqual({ hits: 1, misses: 3, queuedFills: 0 });
  });

  it('fills one line at a time: two cores missing together queue on the flash interface', () => {
    // Both cores run the same loop in step (LDR 2 cycles + wait, ADDS, SUBS, BNE taken 2: a hit
    // iteration is 6 cycles), on different lines. At the first load both miss: core 0 fills first
    // (50), core 1 waits for it and fills (100). From then on each core's next miss comes 12 cycles
    // after its previous load ends (a hit iteration and the rest of the miss iteration), while the
    // other's fill has 50 - 12 = 38 cycles to go: every later miss waits 38 + 50 = 88 cycles.
    const m = twoCoreMachine([`${SWEEP('a', 0)}${EXIT}`, `${SWEEP('b', 0x800)}\nhang:\n b hang`]);
    const r = m.run({ maxCycles: 100_000 });
    expect(r.exit).toMatchObject({ kind: 'semihosting', code: 0 });
    expect(r.stats.cores.map((c) => c.stalled)).toEqual([50 + 15 * 88, 100 + 15 * 88]);
    // Every fill but the very first waited for the other core's; core 1 was still in its last
    // iteration (its last hit not yet made) when core 0 exited.
    expect(r.stats.caches).toEqual([{ name: 'XIP', hits: 31, misses: 32, queuedFills: 31 }]);
  });
});
