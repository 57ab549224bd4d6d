/**
 * RP2040 / RP2350 SIO, the single-cycle I/O block at 0xD000_0000 (RP2040 datasheet §2.3.1; RP2350
 * datasheet §3.1 keeps the same offsets for CPUID, the FIFOs and the spinlocks): CPUID, 32 hardware
 * spinlocks, two 8-deep inter-core FIFOs (one per direction) and, on RP2040, the hardware divider.
 * GPIO and interpolator registers read as 0 and ignore writes, except GPIO_HI_IN's QSPI CSn (1). Each core sees its own CPUID and its
 * own FIFO ends. A core held in the boot ROM (core 1 before launch) is served by `BootRomLaunch`.
 * With `fifoIrqs` (RP2040 §2.3.1.5: SIO_IRQ_PROC0/1, IRQ 15 and 16), core c's line is the OR of
 * VLD, ROE and WOF of its FIFO_ST, a level driven to every core's NVIC (§2.3.2: each NVIC has the
 * same lines): it rises when a word arrives or a FIFO is misused and falls when the core has read
 * its FIFO empty and written FIFO_ST.
 */
import { LOCK_REGISTERS } from '../../platforms/boards/devices.js';
import type { DeviceHost, MachineDevice } from './device.js';
import { WordFifo } from './fifo.js';
import { Rp2040Divider } from './sio-divider.js';

/** Register offsets (RP2040 datasheet §2.3.1.7, "List of Registers"). */
export const SIO = {
  CPUID: 0x000,
  GPIO_HI_IN: 0x008,
  FIFO_ST: 0x050,
  FIFO_WR: 0x054,
  FIFO_RD: 0x058,
  SPINLOCK_ST: 0x05c,
  DIV_FIRST: 0x060,
  DIV_LAST: 0x078,
  SPINLOCK0: LOCK_REGISTERS.sio.first,
} as const;

const GPIO_HI_IN_CSN = 1 << 1;

/** FIFO_ST bits: VLD (RX not empty), RDY (TX not full), WOF (wrote when full), ROE (read when empty). */
const VLD = 1;
const RDY = 2;
const WOF = 4;
const ROE = 8;

/** Something that consumes core 1's end of the FIFOs while core 1 sits in the boot ROM. */
export interface FifoReader {
  /** Called after core 0 pushed a word towards core 1. */
  onPush(): void;
}

export class Sio implements MachineDevice {
  readonly name = 'SIO';
  /** fifos[c]: the FIFO that core c reads (written by the other core). */
  readonly fifos = [new WordFifo(8), new WordFifo(8)];
  private readonly sticky = [0, 0];
  private locks = 0;
  /** One divider per core (RP2040 §2.3.1.5: each core has its own); none on RP2350. */
  private readonly dividers: Rp2040Divider[];
  /** While set, words pushed to core 1 go to this reader (the boot ROM's wait loop). */
  core1Reader: FifoReader | undefined;
  /** Counts for the statistics. */
  readonly counts = { lockClaims: 0, lockContended: 0, fifoWords: 0 };

  /** The level of each core's FIFO interrupt line. */
  private readonly irqLevel = [false, false];

  constructor(
    private readonly host: DeviceHost,
    readonly hasDivider: boolean,
    private readonly coreCount = 2,
    /** The interrupt lines of core 0's and core 1's FIFO status; undefined: none. */
    private readonly fifoIrqs?: readonly [number, number],
  ) {
    this.dividers = Array.from({ length: hasDivider ? coreCount : 0 }, () => new Rp2040Divider());
  }

  /** Re-derives the FIFO interrupt lines (call after popping a FIFO from outside). */
  fifoChanged(): void {
    const lines = this.fifoIrqs;
    if (lines === undefined) return;
    for (let c = 0; c < 2; c++) {
      const level = !this.fifos[c]!.empty || (this.sticky[c]! & (WOF | ROE)) !== 0;
      if (level === this.irqLevel[c]) continue;
      this.irqLevel[c] = level;
      for (let core = 0; core < this.coreCount; core++) this.host.setIrq?.(core, lines[c]!, level);
    }
  }

  read(offset: number, _size: 1 | 2 | 4, core: number): number {
    if (offset === SIO.CPUID) return core;
    // The QSPI pins' inputs: CSn (bit 1) reads high, the flash's pull-up (the boot ROM samples it
    // as the USB-boot strap, pico-bootrom bootrom_main.c); the others low.
    if (offset === SIO.GPIO_HI_IN) return GPIO_HI_IN_CSN;
    if (offset === SIO.FIFO_ST) return this.status(core);
    if (offset === SIO.FIFO_RD) return this.popFor(core);
    if (offset === SIO.SPINLOCK_ST) return this.locks >>> 0;
    if (offset >= SIO.SPINLOCK0 && offset < SIO.SPINLOCK0 + 128) return this.claim(offset);
    if (this.hasDivider && offset >= SIO.DIV_FIRST && offset <= SIO.DIV_LAST)
      return this.dividers[core]!.read(offset - SIO.DIV_FIRST);
    return 0;
  }

  write(offset: number, _size: 1 | 2 | 4, value: number, core: number): void {
    if (offset === SIO.FIFO_ST) {
      this.sticky[core & 1] = 0;
      this.fifoChanged();
    } else if (offset === SIO.FIFO_WR) this.pushFrom(core, value);
    else if (offset >= SIO.SPINLOCK0 && offset < SIO.SPINLOCK0 + 128)
      this.locks &= ~(1 << ((offset - SIO.SPINLOCK0) >>> 2));
    else if (this.hasDivider && offset >= SIO.DIV_FIRST && offset <= SIO.DIV_LAST)
      this.dividers[core]!.write(offset - SIO.DIV_FIRST, value);
  }

  /** Pushes a word from core `from` to the other core; the other core's WFE wakes (§2.3.1.5). */
  pushFrom(from: number, value: number): void {
    const to = from ^ 1;
    if (!this.fifos[to]!.push(value)) {
      this.sticky[from & 1]! |= WOF;
      this.fifoChanged();
      return;
    }
    this.counts.fifoWords++;
    if (to === 1 && this.core1Reader !== undefined) this.core1Reader.onPush();
    else this.host.signalEvent(to);
    this.fifoChanged();
  }

  private popFor(core: number): number {
    const word = this.fifos[core & 1]!.pop();
    if (word === undefined) this.sticky[core & 1]! |= ROE;
    this.fifoChanged();
    return word ?? 0;
  }

  private status(core: number): number {
    const rx = this.fifos[core & 1]!;
    const tx = this.fifos[(core & 1) ^ 1]!;
    return (rx.empty ? 0 : VLD) | (tx.full ? 0 : RDY) | this.sticky[core & 1]!;
  }

  /** Reading SPINLOCKn claims the lock: nonzero (1 << n) if it was free, 0 if already claimed. */
  private claim(offset: number): number {
    const bit = 1 << ((offset - SIO.SPINLOCK0) >>> 2);
    if ((this.locks & bit) !== 0) {
      this.counts.lockContended++;
      return 0;
    }
    this.locks |= bit;
    this.counts.lockClaims++;
    return bit >>> 0;
  }
}
