/**
 * The global exclusive monitor (sim/memory/exclusive-monitor.ts): a store by another core between
 * a core's load-exclusive and store-exclusive makes the store-exclusive fail, on Cortex-M
 * (LDREX/STREX) and RV32 (LR/SC), so shared counters built on them count exactly; AMOs are atomic.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinBoard } from '../../../platforms/boards/registry.js';
import { parseElf } from '../../../sim/elf.js';
import { Machine } from '../../../sim/machine/machine.js';
import { ExclusiveMonitor } from '../../../sim/memory/exclusive-monitor.js';
import { EXIT, hartMachine, RV_EXIT, twoCoreMachine } from './helpers.js';

const WORD = 0x2000_0000;

describe('ExclusiveMonitor', () => {
  it('a store by another master to the tagged word clears the tag; a claim untags', () => {
    const m = new ExclusiveMonitor(3);
    m.mark(0, 0x100);
    m.mark(1, 0x102); // same word
    m.mark(2, 0x200);
    expect(m.tagged).toBe(3);
    m.stored(1, 0x101, 1); // core 1's own store leaves its tag, clears core 0's
    expect(m.tagged).toBe(2);
    expect(m.claim(0, 0x100)).toBe(false);
    expect(m.claim(1, 0x100)).toBe(true); // the tag covers the whole word
    expect(m.claim(1, 0x100)).toBe(false); // claimed once
    m.stored(0, 0x1fe, 4); // an unaligned store reaching into core 2's word
    expect(m.claim(2, 0x200)).toBe(false);
    expect(m.tagged).toBe(0);
  });
});

function elfRun(name: string, sets: string[]) {
  const path = new URL(`../../programs/multicore/bin/${name}.elf`, import.meta.url);
  const elf = parseElf(readFileSync(path), path.pathname);
  let out = '';
  const host = { writeStdout: (b: Uint8Array) => (out += Buffer.from(b).toString()) };
  const m = new Machine(builtinBoard('generic', sets), { host });
  m.load(elf);
  m.boot(Machine.bootAddress(elf));
  const r = m.run({ maxCycles: 2_000_000 });
  return { r, out };
}

describe('shared counters on every core of a generic board', () => {
  it.each([
    ['2 Cortex-M4', ['cores=2']],
    ['4 Cortex-M4', ['cores=4']],
    ['Cortex-M7 @300 MHz + Cortex-M4 + Cortex-M33', ['cores=cortex-m7@300e6,cortex-m4,cortex-m33']],
  ])('LDREX/STREX: %s count exactly', (_what, sets) => {
    const { r, out } = elfRun('exclusive_counter', sets);
    expect(r.exit).toMatchObject({ kind: 'semihosting', code: 0, coreId: 0 });
    const cores = r.stats.cores.length;
    const m = /^(\d+) ok, (\d+) retries\n$/.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m![1])).toBe(cores * 1000);
    expect(Number(m![2])).toBeGreaterThan(0); // the loops did collide
  });

  it.each([2, 4])('LR/SC and amoadd.w: %i Hazard3 harts count exactly', (harts) => {
    const { r, out } = elfRun('lrsc_counter', [`cores=${harts}`, 'core=hazard3']);
    expect(r.exit).toMatchObject({ kind: 'semihosting', code: 0, coreId: 0 });
    expect(out).toMatch(new RegExp(`^${harts * 1000} ok, \\d+ retries\\n$`));
  });
});

describe('a store by the other core between the exclusives', () => {
  /** Core 1 stores 7 to `storeOffset` from WORD a few cycles after core 0's exclusive load. */
  const store = (storeOffset: number) => `
  movs r0, #0x20
  lsls r0, r0, #24
  movs r3, #10
wait:
  subs r3, #1
  bne wait
  movs r1, #7
  str r1, [r0, #${storeOffset}]
hang:
  b hang`;

  it('makes STREX fail (Cortex-M4); a store elsewhere does not', () => {
    // Core 0: LDREX, ~100 cycles, STREX of the value + 1; the status goes to WORD + 8.
    const core0 = `
  movs r0, #0x20
  lsls r0, r0, #24
  .hword 0xe850
  .hword 0x1f00
  movs r3, #50
wait:
  subs r3, #1
  bne wait
  adds r1, #1
  .hword 0xe840
  .hword 0x1200
  str r2, [r0, #8]
${EXIT}`;
    const board = builtinBoard('generic', ['cores=2', 'core=cortex-m4']);
    for (const [offset, status, word] of [
      [0, 1, 7],
      [4, 0, 1],
    ] as const) {
      const m = twoCoreMachine([core0, store(offset)], { board });
      expect(m.run({ maxCycles: 10_000 }).exit).toMatchObject({ kind: 'semihosting', code: 0 });
      expect([m.buses[0]!.read32(WORD + 8), m.buses[0]!.read32(WORD)]).toEqual([status, word]);
    }
  });

  it('makes sc.w fail (Hazard3); a store elsewhere does not', () => {
    const hart0 = `
  li s0, ${WORD}
  lr.w t0, (s0)
  li t3, 50
wait:
  addi t3, t3, -1
  bne t3, zero, wait
  addi t0, t0, 1
  sc.w t1, t0, (s0)
  sw t1, 8(s0)
${RV_EXIT}`;
    const hart1 = (offset: number) => `
  li s0, ${WORD}
  li t3, 10
wait:
  addi t3, t3, -1
  bne t3, zero, wait
  li t1, 7
  sw t1, ${offset}(s0)
hang:
  j hang`;
    const board = builtinBoard('generic', ['cores=2', 'core=hazard3']);
    for (const [offset, status, word] of [
      [0, 1, 7],
      [4, 0, 1],
    ] as const) {
      const m = hartMachine(board, [hart0, hart1(offset)]);
      expect(m.run({ maxCycles: 10_000 }).exit).toMatchObject({ kind: 'semihosting', code: 0 });
      expect([m.buses[0]!.read32(WORD + 8), m.buses[0]!.read32(WORD)]).toEqual([status, word]);
    }
  });
});
