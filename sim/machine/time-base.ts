/**
 * One global time base for cores at different clocks. A tick is 1 / lcm(core clocks) seconds, so
 * every core cycle is a whole number of ticks (RP2040: 1 tick per cycle; nRF5340 at 128 and 64 MHz:
 * 1 and 2 ticks). When the clocks have no small common multiple, ticks are picoseconds (rounded).
 */
export class TimeBase {
  /** Ticks per second. */
  readonly tickHz: number;
  /** Ticks per cycle of each core, by core id. */
  readonly ticksPerCycle: readonly number[];

  constructor(clocksHz: readonly number[]) {
    if (clocksHz.length === 0) throw new Error('a time base needs at least one clock');
    let lcm = 1n;
    for (const hz of clocksHz) {
      const c = BigInt(Math.round(hz));
      lcm = (lcm / gcd(lcm, c)) * c;
    }
    // A tick of at least 1 ps keeps cycle counts far below 2^53 for any run that fits in memory.
    if (lcm <= 1_000_000_000_000n) {
      this.tickHz = Number(lcm);
      this.ticksPerCycle = clocksHz.map((hz) => Number(lcm / BigInt(Math.round(hz))));
    } else {
      this.tickHz = 1e12;
      this.ticksPerCycle = clocksHz.map((hz) => Math.max(1, Math.round(1e12 / hz)));
    }
  }

  /** Ticks of the fastest clock's cycle (the granularity of bank arbitration). */
  get finestCycleTicks(): number {
    return Math.min(...this.ticksPerCycle);
  }

  toNanoseconds(ticks: number): number {
    return (ticks * 1e9) / this.tickHz;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
