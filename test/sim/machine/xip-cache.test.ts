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

/** r0 = `top` << 24 (a window's base). */
const base = (top: number) => `
  movs r0, #${top}
  lsls r0, r0, #24
`;

describe('XIP mirrors (RP2040 datasheet §2.6.3.1)', () => {
  it('0x11 looks up without allocating, 0x12 allocates without looking up, 0x13 bypasses', () => {
    const program = `
  movs r5, #0x20
  lsls r5, r5, #24
${base(0x11)}
  ldr r1, [r0]
  ldr r1, [r0]
${base(0x12)}
  ldr r1, [r0]
${base(0x11)}
  ldr r1, [r0]
  str r1, [r5]
${base(0x13)}
  ldr r1, [r0, #8]
  str r1, [r5, #4]
${base(0x10)}
  ldr r1, [r0, #8]
  ldr r1, [r0]
${EXIT}`;
    const m = twoCoreMachine([program]);
    const flash = new Uint8Array(16).map((_, i) => 0xa0 + i);
    expect(m.map.load(0x1000_0000, flash)).toBe(true);
    const r = m.run({ maxCycles: 100_000 });
    expect(r.exit).toMatchObject({ kind: 'semihosting', code: 0 });
    // 0x11 misses twice (nothing allocated), 0x12 fills line 0 uncounted, 0x11 then hits it;
    // 0x13 reads line 1 uncounted and leaves it out, so 0x10 misses it; line 0 hits.
    expect(r.stats.caches).toEqual([{ name: 'XIP', hits: 2, misses: 3 }]);
    // Five accesses went to the flash, each the board's 50 wait states (the SSI not set up).
    expect(r.stats.cores[0]!.stalled).toBe(5 * 50);
    const w = m.map.find(0x2000_0000, 0)!;
    expect(Array.from(w.storage!.subarray(0, 8))).toEqual([
      0xa0, 0xa1, 0xa2, 0xa3, 0xa8, 0xa9, 0xaa, 0xab,
    ]);
  });

  it('XIP_SRAM at 0x1500_0000: a bus fault while the cache is enabled, SRAM once EN is clear', () => {
    const read = `
${base(0x15)}
  ldr r1, [r0]
${EXIT}`;
    const faulted = twoCoreMachine([read]).run({ maxCycles: 10_000 });
    expect(faulted.exit.kind).toBe('fault');
    const program = `
${base(0x14)}
  movs r1, #2
  str r1, [r0]
${base(0x15)}
  movs r2, #0x12
  lsls r2, r2, #8
  adds r2, #0x34
  lsls r2, r2, #16
  str r2, [r0, #12]
  ldrh r3, [r0, #14]
  movs r5, #0x20
  lsls r5, r5, #24
  str r3, [r5]
${EXIT}`;
    const m = twoCoreMachine([program]);
    const r = m.run({ maxCycles: 10_000 });
    expect(r.exit).toMatchObject({ kind: 'semihosting', code: 0 });
    const w = m.map.find(0x2000_0000, 0)!;
    expect(Array.from(w.storage!.subarray(0, 4))).toEqual([0x34, 0x12, 0, 0]);
  });
});
