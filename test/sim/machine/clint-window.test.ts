/**
 * The harts' CLINTs on the machine's bus (sim/devices/clint-window.ts): on a board of RISC-V cores
 * without Xh3power, a hart sleeping in WFI with mie.MSIE set wakes when another hart sets its msip,
 * at that time and not before; without MSIE it sleeps on.
 */
import { describe, expect, it } from 'vitest';
import { builtinBoard } from '../../../platforms/boards/registry.js';
import { hartMachine, RV_EXIT } from './helpers.js';

const CLINT = 0x0200_0000;
const WORD = 0x2000_0000;

/** Hart 0 spins `spins` times, sets hart 1's msip, then waits for hart 1's answer and exits. */
const hart0 = (spins: number) => `
  li s0, ${WORD}
  li s1, ${CLINT}
  li t3, ${spins}
spin:
  addi t3, t3, -1
  bne t3, zero, spin
  csrrs t0, mcycle, x0
  sw t0, 12(s0)
  li t1, 1
  sw t1, 4(s1)
  li t4, 400
answer:
  lw t2, 0(s0)
  bne t2, zero, done
  addi t4, t4, -1
  bne t4, zero, answer
done:
${RV_EXIT}`;

/** Hart 1 enables MSIE (or not), sleeps in WFI, then records its msip, clears it and answers. */
const hart1 = (msie: boolean) => `
  li s0, ${WORD}
  li s1, ${CLINT}
  li t0, ${msie ? 8 : 0}
  csrrs x0, mie, t0
  wfi
  csrrs t0, mcycle, x0
  sw t0, 16(s0)
  lw t1, 4(s1)
  sw t1, 8(s0)
  sw zero, 4(s1)
  lw t1, 4(s1)
  sw t1, 20(s0)
  li t2, 0x55
  sw t2, 0(s0)
hang:
  wfi
  j hang`;

function run(spins: number, msie: boolean) {
  const board = builtinBoard('generic', ['cores=2', 'core=rv32imc-esp']);
  const m = hartMachine(board, [hart0(spins), hart1(msie)]);
  const r = m.run({ maxCycles: 100_000 });
  const word = (offset: number) => m.buses[0]!.read32(WORD + offset);
  return { m, r, word };
}

describe('CLINT window: software interrupts between harts', () => {
  it('wakes a hart sleeping in WFI when another sets its msip, not before', () => {
    for (const spins of [50, 500]) {
      const { m, r, word } = run(spins, true);
      expect(r.exit).toMatchObject({ kind: 'semihosting', code: 0 });
      expect(word(0)).toBe(0x55);
      // Hart 1 saw its msip set, and cleared it.
      expect([word(8), word(20)]).toEqual([1, 0]);
      // It woke after hart 0's store and within a few cycles of it.
      const setAt = word(12);
      const wokeAt = word(16);
      expect(wokeAt).toBeGreaterThan(setAt);
      expect(wokeAt - setAt).toBeLessThan(12);
      // It slept from its WFI (a few instructions in) until then, running no instruction meanwhile.
      expect(m.sleepCycles[1]).toBeGreaterThan(setAt - 12);
      expect(r.stats.cores[1]!.instructions).toBeLessThan(20);
    }
  });

  it('leaves the hart asleep when its mie.MSIE is clear', () => {
    const { r, word } = run(50, false);
    expect(r.exit).toMatchObject({ kind: 'semihosting', code: 0 });
    expect(word(0)).toBe(0);
    expect(r.stats.cores[1]!.instructions).toBeLessThan(8);
  });

  it('gives the same cycles every run', () => {
    const a = run(500, true);
    const b = run(500, true);
    expect(b.r.traceHash).toBe(a.r.traceHash);
    expect(b.r.stats.cores.map((c) => c.cycles)).toEqual(a.r.stats.cores.map((c) => c.cycles));
  });
});
