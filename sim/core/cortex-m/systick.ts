/**
 * SysTick (ARMv6-M ARM B3.3): a 24-bit down-counter on the core clock. It is computed from the core's
 * cycle count rather than ticked, so the run loop pays one comparison per instruction (`deadline`).
 * CLKSOURCE is stored but both sources count core cycles (no separate reference clock is modelled).
 */
export class SysTick {
  enabled = false;
  tickInterrupt = false;
  clockSource = 0;
  countFlag = false;
  reload = 0;
  /** Absolute core cycle of the next 1 -> 0 transition; Infinity when none is coming. */
  deadline = Infinity;
  private anchorCycle = 0;
  private anchorValue = 0;

  constructor(
    private readonly now: () => number,
    /** Called when the counter reaches 0 with TICKINT set: pends the SysTick exception. */
    private readonly pendException: () => void,
  ) {}

  /** SYST_CVR at the current cycle. */
  current(): number {
    if (!this.enabled) return this.anchorValue;
    const elapsed = this.now() - this.anchorCycle;
    if (elapsed <= this.anchorValue) return this.anchorValue - elapsed;
    if (this.reload === 0) return 0;
    return this.reload - ((elapsed - this.anchorValue - 1) % (this.reload + 1));
  }

  readCsr(): number {
    const flag = this.countFlag ? 1 << 16 : 0;
    this.countFlag = false; // COUNTFLAG clears on read
    return flag | (this.clockSource << 2) | (this.tickInterrupt ? 2 : 0) | (this.enabled ? 1 : 0);
  }

  writeCsr(value: number): void {
    const value0 = this.current();
    this.enabled = (value & 1) !== 0;
    this.tickInterrupt = (value & 2) !== 0;
    this.clockSource = (value >>> 2) & 1;
    this.reanchor(value0);
  }

  writeRvr(value: number): void {
    const value0 = this.current();
    this.reload = value & 0xffffff;
    this.reanchor(value0);
  }

  /** Any write clears the counter and COUNTFLAG. */
  writeCvr(): void {
    this.countFlag = false;
    this.reanchor(0);
  }

  /** Called by the core once `now() >= deadline`: sets COUNTFLAG, pends SysTick if enabled. */
  service(): void {
    const now = this.now();
    if (now < this.deadline) return;
    this.countFlag = true;
    if (this.tickInterrupt) this.pendException();
    if (this.reload === 0) {
      this.deadline = Infinity;
      return;
    }
    const period = this.reload + 1;
    const periodsPassed = Math.floor((now - this.deadline) / period) + 1;
    this.deadline += periodsPassed * period;
  }

  private reanchor(value: number): void {
    this.anchorCycle = this.now();
    this.anchorValue = value;
    if (!this.enabled) this.deadline = Infinity;
    else if (value > 0) this.deadline = this.anchorCycle + value;
    else this.deadline = this.reload > 0 ? this.anchorCycle + this.reload + 1 : Infinity;
  }
}
