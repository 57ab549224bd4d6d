/**
 * The serial interface behind a cached flash, shared by every core (RP2040 datasheet §2.6.3: the
 * XIP cache's misses are served by the one SSI, §4.10, one transfer at a time). Once the interface
 * is programmed for execute-in-place (boot2 on the RP2040), a line fill costs what that
 * programming takes (`FillSource.xipFillCycles`: instruction, address, dummy and data clocks at
 * the SSI's divider), and a miss that arrives while another fill is in progress waits for it to
 * finish first. Before that (the interface disabled, as in images without a boot2, which keep the
 * board's documented boot convention) the memory's constant `waitStates` apply, each miss on its own.
 *
 * Misses are served in the order the cores make them; the machine's lookahead scheduler places
 * data accesses in global time order, and an instruction fetch's miss catches the other cores up
 * before it is timed (sim/core/cortex-m/inner-loop.ts).
 */

/** What serves the fills: the RP2040 SSI (sim/devices/rp2040/ssi.ts). */
export interface FillSource {
  /** Source clock cycles of one fill of `bytes`; undefined while not set up for XIP. */
  xipFillCycles(bytes: number): number | undefined;
  /** Changes whenever the programming may have changed. */
  readonly generation: number;
}

export interface FlashInterfaceStats {
  /** Fills timed by the interface's programming. */
  fills: number;
  /** Global ticks fills spent waiting for another fill to finish. */
  queuedTicks: number;
}

export class FlashInterface {
  readonly stats: FlashInterfaceStats = { fills: 0, queuedTicks: 0 };
  /** Global time at which the fill in progress ends. */
  private busyUntil = 0;
  private seenGeneration = -1;
  private fillTicks: number | undefined;

  constructor(
    private readonly source: FillSource,
    /** Global ticks per cycle of the source's clock. */
    private readonly ticksPerSourceCycle: number,
    private readonly lineBytes: number,
  ) {}

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

  /** Whether misses are timed here (the interface is programmed for XIP). */
  get active(): boolean {
    return this.currentFillTicks() !== undefined;
  }

  /**
   * A miss at global time `atTicks`: the fill starts when the interface is free and the caller
   * waits until it ends. Returns the ticks from `atTicks` to the end of the fill, or -1 when the
   * interface is not set up for XIP (use the memory's waitStates).
   */
  fill(atTicks: number): number {
    const ticks = this.currentFillTicks();
    if (ticks === undefined) return -1;
    const start = Math.max(atTicks, this.busyUntil);
    this.stats.fills++;
    this.stats.queuedTicks += start - atTicks;
    this.busyUntil = start + ticks;
    return this.busyUntil - atTicks;
  }
}
