/**
 * A CLINT-style machine timer and software-interrupt block, SiFive layout (SiFive FU540 manual
 * §9 "Core Local Interruptor"), mapped at a base the core model names (0x0200_0000 by default):
 *
 *   +0x0000 + 4*hart  msip      bit 0 = machine software interrupt pending for that hart
 *   +0x4000 + 8*hart  mtimecmp  64-bit, low word first; MTIP = mtime >= mtimecmp
 *   +0xBFF8           mtime     64-bit, counts once every `cyclesPerTick` cycles of the time source
 *
 * Time is injected: `timeSourceCycles()` returns the cycles elapsed on the clock that drives mtime.
 * mtime values stay below 2^53 (plain numbers); mtimecmp resets to all ones (never fires).
 */
import type { Device } from '../../memory/bus.js';

export const CLINT_SIZE = 0x10000;
export const CLINT_MSIP = 0x0000;
export const CLINT_MTIMECMP = 0x4000;
export const CLINT_MTIME = 0xbff8;

const TWO32 = 0x1_0000_0000;

export class Clint implements Device {
  private readonly msip: Uint8Array;
  private readonly mtimecmp: number[];
  /** mtime = floor(cycles / cyclesPerTick) + offset (writes to mtime change the offset). */
  private mtimeOffset = 0;
  /** Called after every write, so cores recompute their pending interrupts. */
  onChange: () => void = () => {};

  constructor(
    readonly harts: number,
    readonly cyclesPerTick: number,
    private readonly timeSourceCycles: () => number,
  ) {
    this.msip = new Uint8Array(harts);
    this.mtimecmp = new Array<number>(harts).fill(Number.MAX_SAFE_INTEGER);
  }

  get mtime(): number {
    return Math.floor(this.timeSourceCycles() / this.cyclesPerTick) + this.mtimeOffset;
  }

  softwarePending(hart: number): boolean {
    return this.msip[hart] !== 0;
  }

  timerPending(hart: number): boolean {
    return this.mtime >= this.mtimecmp[hart]!;
  }

  /** The time-source cycle at which the hart's timer interrupt becomes pending. */
  timerDueCycle(hart: number): number {
    const ticks = this.mtimecmp[hart]! - this.mtimeOffset;
    return ticks >= Number.MAX_SAFE_INTEGER / this.cyclesPerTick
      ? Infinity
      : Math.max(0, ticks) * this.cyclesPerTick;
  }

  read(offset: number, size: 1 | 2 | 4): number {
    if (size !== 4 || offset & 3) return 0;
    if (offset < CLINT_MSIP + 4 * this.harts) return this.msip[offset >>> 2]!;
    const cmpHart = (offset - CLINT_MTIMECMP) >>> 3;
    if (offset >= CLINT_MTIMECMP && cmpHart < this.harts) {
      return wordOf(this.mtimecmp[cmpHart]!, offset & 4);
    }
    if (offset === CLINT_MTIME || offset === CLINT_MTIME + 4) return wordOf(this.mtime, offset & 4);
    return 0;
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    if (size !== 4 || offset & 3) return;
    value >>>= 0;
    if (offset < CLINT_MSIP + 4 * this.harts) {
      this.msip[offset >>> 2] = value & 1;
    } else if (offset >= CLINT_MTIMECMP && (offset - CLINT_MTIMECMP) >>> 3 < this.harts) {
      const hart = (offset - CLINT_MTIMECMP) >>> 3;
      this.mtimecmp[hart] = withWord(this.mtimecmp[hart]!, offset & 4, value);
    } else if (offset === CLINT_MTIME || offset === CLINT_MTIME + 4) {
      this.mtimeOffset += withWord(this.mtime, offset & 4, value) - this.mtime;
    } else {
      return;
    }
    this.onChange();
  }
}

/** Low (half = 0) or high (half = 4) word of a 64-bit value held as a number. */
function wordOf(v: number, half: number): number {
  return half === 0 ? (v % TWO32) >>> 0 : Math.floor(v / TWO32) >>> 0;
}

/** v with its low or high word replaced; an all-ones 64-bit value saturates to MAX_SAFE_INTEGER. */
function withWord(v: number, half: number, word: number): number {
  const lo = half === 0 ? word : v % TWO32;
  const hi = half === 0 ? Math.floor(v / TWO32) : word;
  const r = hi * TWO32 + lo;
  return r > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : r;
}
