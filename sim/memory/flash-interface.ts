/**
 * The XIP side of a cached flash, shared by every core (RP2040 datasheet §2.6.3 and §2.1.1): the
 * XIP block is one AHB-Lite slave of the bus fabric, behind which the cache and the one SSI
 * (§4.10) serve every core's instruction fetches and data reads.
 * - One transfer at a time: the port serves one access per cycle; two masters in the same cycle
 *   cannot both be served and one waits (like an SRAM bank, the board's bankConflictCycles).
 * - A miss holds the port for its line fill: AHB-Lite has no split transactions, so while the
 *   SSI fetches the line (the slave inserting wait states) another core's access to the XIP
 *   slave, hit or miss, waits until it ends (datasheet XIP_CTRL.STREAM_FIFO: "to avoid exposing
 *   the DMA to bus stalls caused by other XIP traffic"). Fills never overlap.
 * - A fill costs what the SSI's programming takes (`FillSource.xipFillCycles`: instruction,
 *   address, dummy and data clocks at its divider), once boot2 set XIP up. Before that (the SSI
 *   disabled, as in images without a boot2, which keep the board's documented boot convention)
 *   `active` is false and the memory's constant `waitStates` apply, each miss on its own, with
 *   untimed fetches, as before this model.
 *
 * Order: accesses arrive in the machine's scheduling order. Data accesses and misses are placed in
 * global time order (they catch the other cores up first); cache hits of instruction fetches do
 * not, so a core that ran a few cycles ahead may have been served before a fill that, in time,
 * started earlier (the lookahead's lead is bounded by the next observable access, at most
 * HORIZON_CYCLES).
 * - Two masters in one port cycle: with the board's round-robin tie-break (round-robin.ts) they
 *   take turns; otherwise the one the machine runs first gets it.
 */
import { RoundRobin, type Owed } from './round-robin.js';

/** Port cycles remembered (must exceed how far a core may run ahead of another, in cycles). */
const SLOTS = 1024;

/** What serves the fills: the RP2040 SSI (sim/devices/rp2040/ssi.ts). */
export interface FillSource {
  /** Source clock cycles of one fill of `bytes`; undefined while not set up for XIP. */
  xipFillCycles(bytes: number): number | undefined;
  /** Changes whenever the programming may have changed. */
  readonly generation: number;
}

export interface FlashInterfaceStats {
  /** Accesses through the port while timed (fetches of a word, data accesses). */
  accesses: number;
  /** Line fills timed by the SSI's programming. */
  fills: number;
  /** Global ticks accesses waited for another core's fill or for a port cycle. */
  waitedTicks: number;
}

/** Fills remembered for the "does an access fall inside a fill" check. */
const FILLS_KEPT = 4;

export class FlashInterface {
  readonly stats: FlashInterfaceStats = { accesses: 0, fills: 0, waitedTicks: 0 };
  /** Per history entry, the port cycle last reserved there and the core holding it. */
  private readonly slot = new Float64Array(SLOTS).fill(-1);
  private readonly holder = new Int32Array(SLOTS).fill(-1);
  /** Start and end ticks of the latest fills (a ring). */
  private readonly fillStart = new Float64Array(FILLS_KEPT).fill(-1);
  private readonly fillEnd = new Float64Array(FILLS_KEPT).fill(-1);
  private nextFill = 0;
  /** End of the latest fill: the next one starts no earlier. */
  private lastFillEnd = 0;
  private seenGeneration = -1;
  private fillTicks: number | undefined;
  private readonly turns: RoundRobin | undefined;
  /** Per master, the latest port cycle it holds (with the round-robin tie-break only). */
  private readonly lastSlot: Float64Array | undefined;

  constructor(
    private readonly source: FillSource,
    /** Global ticks per cycle of the source's clock. */
    private readonly ticksPerSourceCycle: number,
    private readonly lineBytes: number,
    /** Length of one port cycle in global ticks, and the cycles a lost arbitration costs. */
    private readonly slotTicks: number,
    private readonly conflictCycles: number,
    /** A round-robin tie-break among `masters` masters, who pay the cycles they owe to `owed`. */
    private readonly roundRobin?: { masters: number; owed: Owed },
  ) {
    this.turns = roundRobin && new RoundRobin(roundRobin.masters);
    this.lastSlot = roundRobin && new Float64Array(roundRobin.masters).fill(-1);
  }

  /**
   * Reserves the port cycle of `atTicks` for core `coreId`; the ticks it waits for a free one. A
   * core's own fetch and data access in one cycle are not a conflict: its one AHB-Lite master
   * interface already orders them (the core model prices that).
   */
  private arbitrate(atTicks: number, coreId: number): number {
    if (this.conflictCycles === 0) return 0;
    let wanted = Math.floor(atTicks / this.slotTicks);
    const first = wanted;
    for (;;) {
      // SLOTS is a power of two; `&` is exact for any non-negative integer below 2^53.
      const i = wanted & (SLOTS - 1);
      if (this.slot[i] !== wanted || this.holder[i] === coreId) {
        this.slot[i] = wanted;
        this.holder[i] = coreId;
        this.holds(coreId, wanted);
        return (wanted - first) * this.slotTicks;
      }
      const holder = this.holder[i]!;
      if (this.turns !== undefined && this.turns.newcomerWins(coreId, holder, wanted)) {
        this.holder[i] = coreId;
        this.displace(holder, wanted);
        this.roundRobin!.owed.add(holder, this.conflictCycles * this.slotTicks);
        this.holds(coreId, wanted);
        return (wanted - first) * this.slotTicks;
      }
      wanted += this.conflictCycles;
    }
  }

  /** Keeps `lastSlot` (round-robin only): `master` holds port cycle `slot`. */
  private holds(master: number, slot: number): void {
    const last = this.lastSlot;
    if (last !== undefined && slot > last[master]!) last[master] = slot;
  }

  /**
   * `master` lost cycle `from`, which it already had: that access and every later one it made
   * (the fetch hits of a core that ran ahead) move on by the conflict cycles, as on the chip.
   */
  private displace(master: number, from: number): void {
    const c = this.conflictCycles;
    const last = this.lastSlot!;
    const top = last[master]!;
    for (let x = top; x > from; x--) {
      const i = x & (SLOTS - 1);
      if (this.slot[i] !== x || this.holder[i] !== master) continue;
      const j = (x + c) & (SLOTS - 1);
      if (this.slot[j] !== x + c || this.holder[j] === master) {
        this.slot[j] = x + c;
        this.holder[j] = master;
      }
      this.slot[i] = -1;
    }
    const j = (from + c) & (SLOTS - 1);
    if (this.slot[j] !== from + c || this.holder[j] === master) {
      this.slot[j] = from + c;
      this.holder[j] = master;
    }
    last[master] = Math.max(top, from) + c;
  }

  /** Ticks of one fill now, or undefined: the memory's own waitStates apply. */
  private currentFillTicks(): number | undefined {
    const generation = this.source.generation;
    if (generation !== this.seenGeneration) {
      this.seenGeneration = generation;
      const cycles = this.source.xipFillCycles(this.lineBytes);
      this.fillTicks = cycles === undefined ? undefined : cycles * this.ticksPerSourceCycle;
    }
    return this.fillTicks;
  }

  /** Whether the port is timed here (the interface is programmed for XIP). */
  get active(): boolean {
    return this.currentFillTicks() !== undefined;
  }

  /**
   * One access by core `coreId` at global time `atTicks`, a hit or (`miss`) a line fill. Returns the ticks from
   * `atTicks` until it is served, or -1 when the interface is not set up for XIP (then the caller
   * uses the memory's waitStates).
   */
  access(atTicks: number, miss: boolean, coreId: number): number {
    const fill = this.currentFillTicks();
    if (fill === undefined) return -1;
    this.stats.accesses++;
    let t = atTicks;
    // Inside another core's fill: wait for its end (none can hold t once the latest has ended).
    if (t < this.lastFillEnd)
      for (let i = 0; i < FILLS_KEPT; i++)
        if (this.fillStart[i]! <= t && t < this.fillEnd[i]!) t = this.fillEnd[i]!;
    t += this.arbitrate(t, coreId);
    if (miss) {
      const start = Math.max(t, this.lastFillEnd);
      const end = start + fill;
      this.fillStart[this.nextFill] = start;
      this.fillEnd[this.nextFill] = end;
      this.nextFill = (this.nextFill + 1) % FILLS_KEPT;
      this.lastFillEnd = end;
      this.stats.fills++;
      this.stats.waitedTicks += start - atTicks;
      return end - atTicks;
    }
    this.stats.waitedTicks += t - atTicks;
    return t - atTicks;
  }
}
