/**
 * Two RP2040 cores hammering SRAM with LDM (4 beats in consecutive cycles, M0+ LDM = 1 + N cycles).
 * Arbitration rule (sim/memory/bank-arbiter.ts): a beat that finds its bank taken in that cycle waits
 * one cycle (bankConflictCycles = 1) and retries; core 0 wins ties.
 */
import { describe, expect, it } from 'vitest';
import { EXIT, twoCoreMachine } from './helpers.js';

const ITERATIONS = 50;

/** 9-cycle loop: LDM r0!,{r1-r4} (5) SUBS (1) SUBS (1) BNE (2); then core 0 idles and exits. */
function hammer(baseSetup: string, core: 0 | 1): string {
  return `
${baseSetup}
  movs r5, #${ITERATIONS}
loop:
  ldm r0!, {r1, r2, r3, r4}
  subs r0, #16
  subs r5, #1
  bne loop
${core === 0 ? `  movs r6, #40\ndelay:\n  subs r6, #1\n  bne delay\n${EXIT}` : 'done:\n  b done'}
`;
}

/** r0 = 0x2000_0000 (striped SRAM) or 0x2100_0000 + bank * 64 KB (non-striped alias). */
const STRIPED = 'movs r0, #0x20\n  lsls r0, r0, #24';
const nonStriped = (bank: number) =>
  `movs r0, #0x21\n  lsls r0, r0, #24\n  movs r7, #${bank}\n  lsls r7, r7, #16\n  adds r0, r0, r7`;

function run(setup0: string, setup1: string) {
  const m = twoCoreMachine([hammer(setup0, 0), hammer(setup1, 1)]);
  return m.run({ maxCycles: 10_000 });
}

describe('bank contention on RP2040 SRAM', () => {
  it('same bank (non-striped alias, bank 0): core 1 loses 4 cycles once, then runs out of phase', () => {
    // Iteration 1: both LDMs start in cycle t; core 0 holds bank 0 for t..t+3, so core 1's first
    // beat waits 4 cycles and its loop ends 4 cycles behind; from then on core 1's beats fall in
    // cycles t+4..t+7 of every 9-cycle period, when core 0 does not use the bank.
    const r = run(nonStriped(0), nonStriped(0));
    expect(r.exit).toEqual({ kind: 'semihosting', code: 0, coreId: 0 });
    const [c0, c1] = r.stats.cores;
    expect(c0!.stalled).toBe(0);
    expect(c1!.stalled).toBe(4);
    expect(r.stats.banks.find((b) => b.name === 'SRAM0')).toEqual({
      name: 'SRAM0',
      accesses: 2 * 4 * ITERATIONS,
      conflictStalls: 4,
    });
  });

  it('different banks (bank 0 vs bank 1 through the non-striped alias): no stall', () => {
    const r = run(nonStriped(0), nonStriped(1));
    expect(r.stats.cores.map((c) => c.stalled)).toEqual([0, 0]);
    expect(r.stats.banks.filter((b) => b.name.startsWith('SRAM') && b.accesses > 0)).toEqual([
      { name: 'SRAM0', accesses: 4 * ITERATIONS, conflictStalls: 0 },
      { name: 'SRAM1', accesses: 4 * ITERATIONS, conflictStalls: 0 },
    ]);
  });

  it('word-striped SRAM: the same addresses cost core 1 only one cycle', () => {
    // Beats go to banks 0,1,2,3 in consecutive cycles: after one wait core 1 trails core 0 by a
    // cycle and every later beat finds its bank free.
    const r = run(STRIPED, STRIPED);
    expect(r.stats.cores.map((c) => c.stalled)).toEqual([0, 1]);
    const banks = r.stats.banks.filter((b) => /^SRAM[0-3]$/.test(b.name));
    expect(banks.map((b) => [b.accesses, b.conflictStalls])).toEqual([
      [2 * ITERATIONS, 1],
      [2 * ITERATIONS, 0],
      [2 * ITERATIONS, 0],
      [2 * ITERATIONS, 0],
    ]);
  });

  it('cycle counts: core 1 finishes its loop exactly its stall count later than core 0', () => {
    const same = twoCoreMachine([hammer(nonStriped(0), 0), hammer(nonStriped(0), 1)]);
    same.run({ maxCycles: 10_000 });
    const apart = twoCoreMachine([hammer(nonStriped(0), 0), hammer(nonStriped(1), 1)]);
    apart.run({ maxCycles: 10_000 });
    // Core 0 is never delayed, so its cycle count (and the exit time) is the same in both runs.
    expect(same.cores[0]!.cycles).toBe(apart.cores[0]!.cycles);
    expect(same.cores[0]!.instructions).toBe(apart.cores[0]!.instructions);
  });
});
