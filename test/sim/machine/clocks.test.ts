/** Cores at different clocks advance in one global time base (generic board, 100 MHz + 50 MHz). */
import { describe, expect, it } from 'vitest';
import { builtinBoard } from '../../../platforms/boards/registry.js';
import { TimeBase } from '../../../sim/machine/time-base.js';
import { EXIT, twoCoreMachine } from './helpers.js';

/** 4-cycle loop on M0+: SUBS (1) + NOP-like MOV (1) + BNE taken (2). */
const delay = (n: number) =>
  `
  ldr r6, count
spin:
  subs r6, #1
  mov r8, r8
  bne spin
`.replace('ldr r6, count', `movs r6, #${n >> 4}\n  lsls r6, r6, #4`);

describe('per-core clocks', () => {
  it('counts ticks of lcm(clocks): 125 MHz = 1 tick, 128/64 MHz = 1/2, 480/240 MHz = 1/2', () => {
    expect(new TimeBase([125e6, 125e6]).ticksPerCycle).toEqual([1, 1]);
    expect(new TimeBase([128e6, 64e6]).ticksPerCycle).toEqual([1, 2]);
    expect(new TimeBase([125e6, 64e6]).ticksPerCycle).toEqual([64, 125]);
    expect(new TimeBase([125e6, 64e6]).tickHz).toBe(8e9);
  });

  it('a 50 MHz core runs half the cycles of a 100 MHz core in the same time', () => {
    const board = builtinBoard('generic', ['cores=cortex-m0plus@100e6,cortex-m0plus@50e6']);
    const m = twoCoreMachine([`${delay(1600)}${EXIT}`, `${delay(4000)}\nhang:\n  b hang`], {
      board,
    });
    const r = m.run({ maxCycles: 1_000_000 });
    expect(r.exit).toMatchObject({ kind: 'semihosting', code: 0, coreId: 0 });
    const [fast, slow] = r.stats.cores;
    // Core 0: 2 setup + 1600 x 4 - 1 (last BNE not taken) + 4 exit setup + BKPT 1 = 6406 cycles.
    expect(fast!.cycles).toBe(6406);
    expect([slow!.cycles, r.stats.elapsedNs]).toMatchInlineSnapshot(`
      [
        3203,
        64060,
      ]
    `);
    // Core 1 is never more than one instruction (2 cycles) behind core 0's time at the exit.
    expect(slow!.cycles * 2).toBeGreaterThanOrEqual(6406 - 4);
    expect(slow!.cycles * 2).toBeLessThanOrEqual(6406 + 4);
  });
});
