/**
 * Round-robin tie-breaks between masters that want one crossbar slave in the same cycle (RP2040
 * datasheet §2.1.1.1: "If multiple masters of the same priority level attempt to access the same
 * slave simultaneously, a round-robin tie break is applied, i.e. the arbiter grants access to each
 * master in turn"), at the shared XIP port (flash-interface.ts).
 *
 * The machine runs cores one after another, so the master that reaches a contested cycle second
 * in simulation order may be the one the arbiter grants first. Its access then takes the cycle;
 * the master that had it moves on by the conflict cycles, with every later port cycle it holds
 * (the fetch hits of a core that ran ahead: the only port accesses a core makes without the
 * others catching up first), and owes the wait to its own clock, which its next timed access
 * pays (`Owed.take`). So the port's history and the core's time shift as the stall would have
 * shifted them, and the lookahead scheduler gives the results of the one-instruction-at-a-time
 * order (test/sim/machine/lookahead.test.ts).
 *
 * SRAM banks keep the scheduling order (core 0 first, busPriority `lowest-core-id`): a contest
 * there is between data accesses, placed in time order, except the later beats of an LDM/STM,
 * which span banks and would have to move across all of them.
 */
/** Ticks each master owes for contests it lost after it had been served. */
export class Owed {
  private readonly ticks: Float64Array;

  constructor(masters: number) {
    this.ticks = new Float64Array(masters);
  }

  add(master: number, ticks: number): void {
    this.ticks[master] = this.ticks[master]! + ticks;
  }

  /** The ticks `master` owes, cleared. */
  take(master: number): number {
    const t = this.ticks[master]!;
    if (t !== 0) this.ticks[master] = 0;
    return t;
  }
}

/**
 * Whose turn a contested cycle is. The arbiter's pointer moves to each winner, so under sustained
 * contention the masters alternate cycle by cycle, and a sporadic contest goes to either with equal
 * chance. The turn is taken from the cycle number (cycle `slot` prefers master `slot mod n`): that
 * alternates the same way, and unlike a pointer it does not depend on the order in which the
 * machine happens to run into the contests, so every scheduling of the cores gives the same winners.
 */
export class RoundRobin {
  constructor(private readonly masters: number) {}

  /** Whether `newcomer` wins cycle `slot` (a whole number) from `holder`. */
  newcomerWins(newcomer: number, holder: number, slot: number): boolean {
    const n = this.masters;
    const first = slot % n;
    const rank = (m: number) => (m - first + n) % n;
    return rank(newcomer) < rank(holder);
  }
}
