/**
 * The round-robin tie-break at the shared XIP port (sim/memory/round-robin.ts, RP2040 datasheet
 * §2.1.1.1): masters that contest a port cycle take turns (cycle n prefers master n mod masters),
 * whichever of them the machine ran first; a master that already had the cycle and loses it moves
 * on, with its later port cycles, and owes the wait.
 */
import { describe, expect, it } from 'vitest';
import { FlashInterface } from '../../../sim/memory/flash-interface.js';
import { Owed, RoundRobin } from '../../../sim/memory/round-robin.js';

const fills = { xipFillCycles: () => 82, generation: 0 };
/** 1 tick per cycle, 8-byte lines, 1 cycle per lost arbitration, round-robin between two cores. */
const port = (owed: Owed) => new FlashInterface(fills, 1, 8, 1, 1, { masters: 2, owed });

describe('RoundRobin', () => {
  it('alternates between two masters cycle by cycle, holder or newcomer', () => {
    const rr = new RoundRobin(2);
    expect(rr.newcomerWins(1, 0, 10)).toBe(false); // cycle 10: core 0's turn
    expect(rr.newcomerWins(1, 0, 11)).toBe(true); // cycle 11: core 1's
    expect(rr.newcomerWins(0, 1, 12)).toBe(true);
    expect(rr.newcomerWins(0, 1, 13)).toBe(false);
  });

  it('among three masters, the cycle picks who goes first and the others follow in order', () => {
    const rr = new RoundRobin(3);
    expect(rr.newcomerWins(2, 1, 3)).toBe(false); // cycle 3: order 0, 1, 2
    expect(rr.newcomerWins(2, 0, 5)).toBe(true); // cycle 5: order 2, 0, 1
    expect(rr.newcomerWins(0, 1, 4)).toBe(false); // cycle 4: order 1, 2, 0
  });
});

describe('round-robin at the XIP port', () => {
  it('the master whose turn it is gets the cycle; one already served owes it', () => {
    const owed = new Owed(2);
    const f = port(owed);
    // Cycle 10, core 0's turn: core 1, run second, waits a cycle.
    expect(f.access(10, false, 0)).toBe(0);
    expect(f.access(10, false, 1)).toBe(1);
    // Cycle 21, core 1's turn: core 1, run second, is served at once; core 0 owes the cycle.
    expect(f.access(21, false, 0)).toBe(0);
    expect(f.access(21, false, 1)).toBe(0);
    expect(owed.take(0)).toBe(1);
    expect(owed.take(0)).toBe(0);
    // Cycle 30, core 0's turn, core 1 run first: core 1 owes.
    expect(f.access(30, false, 1)).toBe(0);
    expect(f.access(30, false, 0)).toBe(0);
    expect(owed.take(1)).toBe(1);
  });

  it("the loser's later cycles move with it: a core that ran ahead is met where it really is", () => {
    const owed = new Owed(2);
    const f = port(owed);
    // Core 0 ran ahead through three fetch hits in cycles 11, 12 and 13.
    for (const t of [11, 12, 13]) expect(f.access(t, false, 0)).toBe(0);
    // Core 1 wins cycle 11 (its turn): core 0's accesses move to 12, 13 and 14.
    expect(f.access(11, false, 1)).toBe(0);
    // Core 1 in cycle 12 meets core 0's moved access (core 0's turn: wait), and wins 13 (its
    // turn), moving core 0's last two to 14 and 15. Without the move, cycle 12 would have been
    // free for core 1 only because core 0 was still placed where it had been before it lost.
    expect(f.access(12, false, 1)).toBe(1);
    expect(owed.take(0)).toBe(2);
    // Core 0 holds 14 and 15 now. Core 1 in cycle 14 waits (core 0's turn) and wins 15 (its
    // own): core 0's access there moves to 16.
    expect(f.access(14, false, 1)).toBe(1);
    expect(owed.take(0)).toBe(1);
    expect(f.access(16, false, 1)).toBe(1);
  });

  it('without the tie-break the master run first keeps every contested cycle', () => {
    const f = new FlashInterface(fills, 1, 8, 1, 1);
    for (const t of [10, 21, 30]) {
      expect(f.access(t, false, 0)).toBe(0);
      expect(f.access(t, false, 1)).toBe(1);
    }
  });
});
