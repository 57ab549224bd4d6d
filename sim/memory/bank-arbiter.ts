/**
 * Per-bank arbitration of a banked SRAM (RP2040 datasheet §2.1.1 and §2.6.2: each SRAM bank is one
 * crossbar slave; two masters addressing the same bank in the same cycle cannot both be served, and
 * the loser waits). Each bank remembers which of its recent cycles (slots) a master already holds;
 * an access that finds its slot taken waits `conflictCycles` and tries again. Which master reaches
 * the slot first is decided by the machine's scheduling order, which implements the board's
 * priority rule (board data: boot.busPriority, platforms/boards/devices.ts).
 */

/** Slots remembered per bank: must exceed the interleaving quantum in bank cycles. */
const HISTORY = 1024;

/** `slot % HISTORY` (slots are whole and not negative), without a division while they fit 31 bits. */
function historyIndex(slot: number): number {
  return slot <= 0x7fffffff ? slot & (HISTORY - 1) : slot % HISTORY;
}

export interface BankStats {
  name: string;
  accesses: number;
  /** Bank cycles lost by masters that found the bank busy. */
  conflictStalls: number;
}

export class BankArbiter {
  readonly stats: BankStats[];
  /** Per bank, the slot number last reserved in each history entry (-1: none). */
  private readonly reserved: Float64Array[];

  /**
   * `slotTicks`: length of one bank cycle in global ticks. `conflictCycles`: bank cycles a master
   * loses each time it finds its slot taken (0: the interconnect never stalls, e.g. no contention).
   */
  constructor(
    bankNames: readonly string[],
    readonly slotTicks: number,
    readonly conflictCycles: number,
  ) {
    this.stats = bankNames.map((name) => ({ name, accesses: 0, conflictStalls: 0 }));
    this.reserved = bankNames.map(() => new Float64Array(HISTORY).fill(-1));
  }

  /**
   * Reserves `bank` for an access wanted at `atTick`; returns the ticks the master waits before it
   * is served (0 when the bank is free in that cycle).
   */
  access(bank: number, atTick: number): number {
    const stats = this.stats[bank]!;
    stats.accesses++;
    const conflictCycles = this.conflictCycles;
    if (conflictCycles === 0) return 0;
    const history = this.reserved[bank]!;
    const slotTicks = this.slotTicks;
    const wanted = slotTicks === 1 ? atTick : Math.floor(atTick / slotTicks);
    const at = historyIndex(wanted);
    if (history[at] !== wanted) {
      history[at] = wanted;
      return 0;
    }
    let slot = wanted + conflictCycles;
    while (history[historyIndex(slot)] === slot) slot += conflictCycles;
    history[historyIndex(slot)] = slot;
    stats.conflictStalls += slot - wanted;
    return (slot - wanted) * slotTicks;
  }
}
