/**
 * The RP2040's SSI at 0x1800_0000 (RP2040 datasheet §4.10: a Synopsys DW_apb_ssi configured as an
 * SPI master with 16-entry, 32-bit TX and RX FIFOs, §4.10.5-4.10.6; registers §4.10.13), driving the
 * QSPI flash (`QspiTarget`, sim/devices/rp2040/qspi-flash.ts). Offsets, fields and reset values are
 * those of pico-sdk's hardware/regs/ssi.h (generated from the datasheet's register list).
 *
 * Transfers take simulated time: SCLK = clk_sys / SCKDV (§4.10.4: ssi_clk is clk_sys; BAUDR.SCKDV
 * is even, its LSB reads 0, 0 stops the clock) and each SCLK carries 1, 2 or 4 bits (CTRLR0.SPI_FRF
 * standard/dual/quad). clk_sys comes from the `clkSysHz` callback and the time from `nowNs`
 * (absolute ns); the state is brought up to date on every register access, so SR.BUSY, TXFLR and
 * RXFLR change as time passes. Chip select: the SSI asserts its ss_n while a transfer runs (SER bit
 * 0 set, CTRLR0.SSTE=0 so it does not toggle between frames); the effective CSn of the flash goes
 * through the `chipSelect` hook, where IO_QSPI's SS OUTOVER can force it (the boot ROM holds CSn low
 * that way over a whole command, pico-bootrom `program_flash_generic.c` `flash_cs_force`). Call
 * `chipSelectChanged()` when the hook's answer changes.
 *
 * XIP: `xipFill` performs the serial read an XIP cache line fill makes with the current
 * SPI_CTRLR0/CTRLR0/BAUDR programming and returns the bytes and its cost in clk_sys cycles.
 *
 * Not modelled: slave mode, TI SSP and Microwire frame formats (CTRLR0.FRF), SCPOL/SCPH (data is
 * exchanged the same in every mode), DDR (SPI_DDR_EN), DMA handshakes (DMACR only stores), MWCR.
 */
import type { MachineDevice } from '../device.js';
import type { QspiTarget } from './qspi-flash.js';

/** Register offsets (pico-sdk hardware/regs/ssi.h; RP2040 datasheet §4.10.13). */
export const SSI = {
  CTRLR0: 0x00,
  CTRLR1: 0x04,
  SSIENR: 0x08,
  MWCR: 0x0c,
  SER: 0x10,
  BAUDR: 0x14,
  TXFTLR: 0x18,
  RXFTLR: 0x1c,
  TXFLR: 0x20,
  RXFLR: 0x24,
  SR: 0x28,
  IMR: 0x2c,
  ISR: 0x30,
  RISR: 0x34,
  TXOICR: 0x38,
  RXOICR: 0x3c,
  RXUICR: 0x40,
  MSTICR: 0x44,
  ICR: 0x48,
  DMACR: 0x4c,
  DMATDLR: 0x50,
  DMARDLR: 0x54,
  IDR: 0x58,
  SSI_VERSION_ID: 0x5c,
  DR0: 0x60,
  RX_SAMPLE_DLY: 0xf0,
  SPI_CTRLR0: 0xf4,
  TXD_DRIVE_EDGE: 0xf8,
} as const;

/** CTRLR0.TMOD values. */
export const TMOD = { TX_AND_RX: 0, TX_ONLY: 1, RX_ONLY: 2, EEPROM_READ: 3 } as const;
/** CTRLR0.SPI_FRF values: bits per SCLK 1, 2, 4. */
export const SPI_FRF = { STD: 0, DUAL: 1, QUAD: 2 } as const;
/** SPI_CTRLR0.TRANS_TYPE values. */
export const TRANS_TYPE = { C1A1: 0, C1A2: 1, C2A2: 2 } as const;

/** SR bits (§4.10.13 SR). */
export const SR = { BUSY: 0x01, TFNF: 0x02, TFE: 0x04, RFNE: 0x08, RFF: 0x10 } as const;
/** RISR/ISR/IMR bits: TX empty, TX overflow, RX underflow, RX overflow, RX full, multi-master. */
const TXEI = 0x01;
const TXOI = 0x02;
const RXUI = 0x04;
const RXOI = 0x08;
const RXFI = 0x10;

/** §4.10.5: TX and RX FIFOs are 16 entries deep. */
export const FIFO_DEPTH = 16;

/** Reset values that are not 0 (ssi.h `*_RESET`). */
const IDR_RESET = 0x51535049;
const SSI_VERSION_ID_RESET = 0x3430312a;
const SPI_CTRLR0_RESET = 0x03000000;

export interface SsiOptions {
  /** clk_sys now, in Hz (the SSI's ssi_clk; on the chip from CLOCKS CLK_SYS). */
  clkSysHz: () => number;
  /** Simulated time now, absolute, in ns. */
  nowNs: () => number;
  /** What SCLK, the data lines and CSn reach: the QSPI flash. */
  flash: QspiTarget;
  /** The flash's CSn from the SSI's ss_n (true = selected); default: ss_n itself. */
  chipSelect?: (ssiSelects: boolean) => boolean;
  /** Called once per unknown register offset (they read 0 and ignore writes). */
  report?: (message: string) => void;
  /** After every register write (the XIP programming may have changed). */
  onWrite?: () => void;
}

/** One exchange of a transfer: `bits` on `lanes`, or dummy clocks; at its end the RX side. */
interface Step {
  endNs: number;
  /** What to do when the step's clocks have run (deliver them to the flash, store RX). */
  finish: () => void;
}

type TransferState = { phase: 'frames' } | { phase: 'receive'; framesLeft: number };

/** The result of one XIP line fill. */
export interface XipFill {
  data: Uint8Array;
  /** clk_sys cycles from the start of the serial transfer to the last data bit sampled. */
  cycles: number;
  /** SCLK periods of each phase (for reports and tests), summed over the transfers. */
  sclk: { instruction: number; address: number; wait: number; data: number };
  /** Serial transfers the fill takes (CTRLR1.NDF + 1 frames each). */
  transfers: number;
}

export class Ssi implements MachineDevice {
  readonly name = 'SSI';
  private ctrlr0 = 0;
  private ctrlr1 = 0;
  private enabled = false;
  private mwcr = 0;
  private ser = 0;
  private baudr = 0;
  private txftlr = 0;
  private rxftlr = 0;
  private imr = 0;
  private dmacr = 0;
  private dmatdlr = 0;
  private dmardlr = 0;
  private rxSampleDly = 0;
  private spiCtrlr0 = SPI_CTRLR0_RESET;
  private txdDriveEdge = 0;
  private readonly tx: number[] = [];
  private readonly rx: number[] = [];
  /** Sticky interrupt flags (TXOI, RXUI, RXOI). */
  private sticky = 0;
  private step: Step | undefined;
  private transfer: TransferState | undefined;
  private ssiSelects = false;
  private flashSelected = false;
  private readonly reported = new Set<number>();
  private writes = 0;
  /** Register writes refused because SSIENR=1 (§4.10.13: CTRLR0/1, BAUDR, SPI_CTRLR0 need SSI_EN=0). */
  readonly counts = { refusedWrites: 0, txOverflows: 0, rxOverflows: 0, rxUnderflows: 0 };

  constructor(private readonly options: SsiOptions) {}

  // ---- field views ----
  private get dfsBits(): number {
    return ((this.ctrlr0 >>> 16) & 0x1f) + 1; // DFS_32 (§4.10.6: DFS is unused)
  }
  private get tmod(): number {
    return (this.ctrlr0 >>> 8) & 3;
  }
  private get frfLanes(): 1 | 2 | 4 {
    const f = (this.ctrlr0 >>> 21) & 3;
    return f === SPI_FRF.QUAD ? 4 : f === SPI_FRF.DUAL ? 2 : 1;
  }
  private get instBits(): number {
    return [0, 4, 8, 16][(this.spiCtrlr0 >>> 8) & 3]!;
  }
  private get addrBits(): number {
    return ((this.spiCtrlr0 >>> 2) & 0xf) * 4;
  }
  private get waitCycles(): number {
    return (this.spiCtrlr0 >>> 11) & 0x1f;
  }
  private get transType(): number {
    return this.spiCtrlr0 & 3;
  }
  /** BAUDR.SCKDV with its LSB forced to 0 (DW_apb_ssi: only even dividers). */
  private get sckdv(): number {
    return this.baudr & 0xfffe;
  }

  read(offset: number, size: 1 | 2 | 4, _coreId: number): number {
    const word = this.readRegister(offset & ~3);
    if (size === 4) return word >>> 0;
    const shift = (offset & 3) * 8;
    return (word >>> shift) & (size === 1 ? 0xff : 0xffff);
  }

  write(offset: number, _size: 1 | 2 | 4, value: number, _coreId: number): void {
    this.writeRegister(offset & ~3, value >>> 0);
    this.options.onWrite?.();
  }

  private readRegister(offset: number): number {
    this.advance();
    switch (offset) {
      case SSI.CTRLR0:
        return this.ctrlr0;
      case SSI.CTRLR1:
        return this.ctrlr1;
      case SSI.SSIENR:
        return this.enabled ? 1 : 0;
      case SSI.MWCR:
        return this.mwcr;
      case SSI.SER:
        return this.ser;
      case SSI.BAUDR:
        return this.sckdv;
      case SSI.TXFTLR:
        return this.txftlr;
      case SSI.RXFTLR:
        return this.rxftlr;
      case SSI.TXFLR:
        return this.tx.length;
      case SSI.RXFLR:
        return this.rx.length;
      case SSI.SR:
        return this.status();
      case SSI.IMR:
        return this.imr;
      case SSI.ISR:
        return this.rawInterrupts() & this.imr;
      case SSI.RISR:
        return this.rawInterrupts();
      case SSI.TXOICR:
        return this.clearSticky(TXOI);
      case SSI.RXOICR:
        return this.clearSticky(RXOI);
      case SSI.RXUICR:
        return this.clearSticky(RXUI);
      case SSI.MSTICR:
        return 0;
      case SSI.ICR:
        return this.clearSticky(TXOI | RXOI | RXUI);
      case SSI.DMACR:
        return this.dmacr;
      case SSI.DMATDLR:
        return this.dmatdlr;
      case SSI.DMARDLR:
        return this.dmardlr;
      case SSI.IDR:
        return IDR_RESET;
      case SSI.SSI_VERSION_ID:
        return SSI_VERSION_ID_RESET;
      case SSI.DR0:
        return this.popRx();
      case SSI.RX_SAMPLE_DLY:
        return this.rxSampleDly;
      case SSI.SPI_CTRLR0:
        return this.spiCtrlr0;
      case SSI.TXD_DRIVE_EDGE:
        return this.txdDriveEdge;
      default:
        this.unknown(offset);
        return 0;
    }
  }

  private writeRegister(offset: number, value: number): void {
    this.advance();
    this.writes++;
    switch (offset) {
      case SSI.CTRLR0:
        // ssi.h SSI_CTRLR0_BITS: 0x017fffff (DFS[3:0] stores but is unused, §4.10.6).
        if (this.whileDisabled()) this.ctrlr0 = value & 0x017fffff;
        return;
      case SSI.CTRLR1:
        if (this.whileDisabled()) this.ctrlr1 = value & 0xffff;
        return;
      case SSI.SSIENR:
        return this.setEnabled((value & 1) !== 0);
      case SSI.MWCR:
        this.mwcr = value & 7;
        return;
      case SSI.SER:
        this.ser = value & 1;
        this.tryStart(this.options.nowNs());
        return;
      case SSI.BAUDR:
        if (this.whileDisabled()) this.baudr = value & 0xffff;
        return;
      case SSI.TXFTLR:
        this.txftlr = value & 0xff;
        return;
      case SSI.RXFTLR:
        this.rxftlr = value & 0xff;
        return;
      case SSI.IMR:
        this.imr = value & 0x3f;
        return;
      case SSI.DMACR:
        this.dmacr = value & 3;
        return;
      case SSI.DMATDLR:
        this.dmatdlr = value & 0xff;
        return;
      case SSI.DMARDLR:
        this.dmardlr = value & 0xff;
        return;
      case SSI.DR0:
        return this.pushTx(value);
      case SSI.RX_SAMPLE_DLY:
        this.rxSampleDly = value & 0xff;
        return;
      case SSI.SPI_CTRLR0:
        // ssi.h SSI_SPI_CTRLR0_BITS: 0xff07fb3f.
        if (this.whileDisabled()) this.spiCtrlr0 = value & 0xff07fb3f;
        return;
      case SSI.TXD_DRIVE_EDGE:
        this.txdDriveEdge = value & 0xff;
        return;
      case SSI.TXFLR:
      case SSI.RXFLR:
      case SSI.SR:
      case SSI.ISR:
      case SSI.RISR:
      case SSI.TXOICR:
      case SSI.RXOICR:
      case SSI.RXUICR:
      case SSI.MSTICR:
      case SSI.ICR:
      case SSI.IDR:
      case SSI.SSI_VERSION_ID:
        return; // read-only
      default:
        this.unknown(offset);
    }
  }

  private whileDisabled(): boolean {
    if (!this.enabled) return true;
    this.counts.refusedWrites++;
    return false;
  }

  private unknown(offset: number): void {
    if (this.reported.has(offset)) return;
    this.reported.add(offset);
    this.options.report?.(`SSI: no register at offset 0x${offset.toString(16)}`);
  }

  private status(): number {
    const t = this.tx.length;
    const r = this.rx.length;
    return (
      (this.step !== undefined ? SR.BUSY : 0) |
      (t < FIFO_DEPTH ? SR.TFNF : 0) |
      (t === 0 ? SR.TFE : 0) |
      (r > 0 ? SR.RFNE : 0) |
      (r === FIFO_DEPTH ? SR.RFF : 0)
    );
  }

  /** §4.10.7: TXEI when TX level <= TXFTLR, RXFI when RX level > RXFTLR, the rest sticky. */
  private rawInterrupts(): number {
    if (!this.enabled) return this.sticky;
    return (
      (this.tx.length <= this.txftlr ? TXEI : 0) |
      (this.rx.length > this.rxftlr ? RXFI : 0) |
      this.sticky
    );
  }

  /** The level of the SSI's interrupt line (ISR != 0). */
  get irq(): boolean {
    this.advance();
    return (this.rawInterrupts() & this.imr) !== 0;
  }

  private clearSticky(bits: number): number {
    const was = this.sticky & bits;
    this.sticky &= ~bits;
    return was !== 0 ? 1 : 0;
  }

  private setEnabled(on: boolean): void {
    if (on === this.enabled) return;
    this.enabled = on;
    if (!on) {
      // §4.10.13 SSIENR: disabling halts any transfer and clears both FIFOs.
      this.step = undefined;
      this.transfer = undefined;
      this.tx.length = 0;
      this.rx.length = 0;
      this.setSsiSelect(false);
    } else this.tryStart(this.options.nowNs());
  }

  private pushTx(value: number): void {
    if (!this.enabled) return;
    if (this.tx.length >= FIFO_DEPTH) {
      this.sticky |= TXOI;
      this.counts.txOverflows++;
      return;
    }
    this.tx.push(value >>> 0);
    if (this.step === undefined) this.tryStart(this.options.nowNs());
  }

  private popRx(): number {
    const v = this.rx.shift();
    if (v === undefined) {
      this.sticky |= RXUI;
      this.counts.rxUnderflows++;
      return 0;
    }
    return v;
  }

  private pushRx(value: number): void {
    if (this.rx.length >= FIFO_DEPTH) {
      this.sticky |= RXOI;
      this.counts.rxOverflows++;
      return;
    }
    this.rx.push(value >>> 0);
  }

  /**
   * Leaves the SSI as pico-sdk's boot2_w25q080 does for an image booted without the ROM (the
   * machine's boot convention, `MachineDevice.conventionBoot`): so the XIP window of the generated
   * firmware is timed as that of a pico-sdk image on the same chip. The values are boot2's
   * (pico-sdk src/rp2040/boot_stage2/boot2_w25q080.S, `PICO_FLASH_SPI_CLKDIV` 2): SCKDV 2,
   * RX_SAMPLE_DLY 1, quad 32-bit EEPROM reads, NDF 0, and continuous read mode: no instruction,
   * 32 address bits (24 of address and the mode byte 0xa0), 4 dummy clocks, instruction and
   * address on four lanes; SER 1 (the ROM's flash setup selects the one slave). Each goes through
   * the register interface, as boot2's writes do.
   */
  conventionBoot(): void {
    this.writeRegister(SSI.SSIENR, 0);
    this.writeRegister(SSI.BAUDR, 2);
    this.writeRegister(SSI.RX_SAMPLE_DLY, 1);
    this.writeRegister(
      SSI.CTRLR0,
      (SPI_FRF.QUAD << 21) | ((32 - 1) << 16) | (TMOD.EEPROM_READ << 8),
    );
    this.writeRegister(SSI.CTRLR1, 0);
    // SPI_CTRLR0: XIP_CMD (the mode byte) [31:24], WAIT_CYCLES [15:11], INST_L [9:8] (0: none),
    // ADDR_L [5:2] in 4-bit units, TRANS_TYPE [1:0].
    this.writeRegister(
      SSI.SPI_CTRLR0,
      ((0xa0 << 24) | (4 << 11) | (0 << 8) | (8 << 2) | TRANS_TYPE.C2A2) >>> 0,
    );
    this.writeRegister(SSI.SER, 1);
    this.writeRegister(SSI.SSIENR, 1);
    this.options.onWrite?.();
  }

  // ---- chip select ----
  /** Re-evaluates the flash's CSn (call when the `chipSelect` hook's answer changes). */
  chipSelectChanged(): void {
    this.advance();
    this.updateFlashSelect();
  }

  private setSsiSelect(on: boolean): void {
    this.ssiSelects = on;
    this.updateFlashSelect();
  }

  private updateFlashSelect(): void {
    const hook = this.options.chipSelect;
    const selected = hook === undefined ? this.ssiSelects : hook(this.ssiSelects);
    if (selected === this.flashSelected) return;
    this.flashSelected = selected;
    this.options.flash.select(selected);
  }

  // ---- the serial engine ----
  private nsPerSclk(): number {
    return (this.sckdv * 1e9) / this.options.clkSysHz();
  }

  /** Runs the steps that ended by now, each continuing at the end of the previous one. */
  private advance(): void {
    const now = this.options.nowNs();
    while (this.step !== undefined && this.step.endNs <= now) {
      const { endNs, finish } = this.step;
      this.step = undefined;
      finish();
      this.nextStep(endNs);
    }
  }

  /** Clocks `bits` of `value` MSB first on `lanes`; returns the bits the flash drove. */
  private shift(value: number, bits: number, lanes: 1 | 2 | 4): number {
    const flash = this.options.flash;
    const mask = (1 << lanes) - 1;
    let got = 0;
    for (let done = 0; done < bits; done += lanes) {
      const s = bits - done - lanes;
      const out = s >= 0 ? Math.floor(value / 2 ** s) & mask : 0;
      got = got * 2 ** lanes + flash.clock(out, lanes);
    }
    return got >>> 0;
  }

  private dummy(clocks: number, lanes: 1 | 2 | 4): void {
    for (let i = 0; i < clocks; i++) this.options.flash.clock(0, lanes);
  }

  private schedule(atNs: number, sclks: number, finish: () => void): void {
    this.step = { endNs: atNs + sclks * this.nsPerSclk(), finish };
  }

  /** Starts a transfer if one can start now: enabled, slave selected, a clock, enough TX data. */
  private tryStart(atNs: number): void {
    if (this.step !== undefined || !this.enabled || this.ser === 0 || this.sckdv === 0) return;
    const enhanced = this.frfLanes !== 1;
    if (enhanced) {
      const needed = Math.max(1, (this.instBits > 0 ? 1 : 0) + (this.addrBits > 0 ? 1 : 0));
      if (this.tx.length < needed) return;
    } else if (this.tx.length === 0) return;
    this.setSsiSelect(true);
    if (enhanced) this.startEnhanced(atNs);
    else {
      const tmod = this.tmod;
      this.transfer =
        tmod === TMOD.RX_ONLY
          ? { phase: 'receive', framesLeft: this.ctrlr1 + 1 }
          : { phase: 'frames' };
      if (tmod === TMOD.RX_ONLY) this.tx.shift(); // the write that starts an RX_ONLY transfer
      this.nextStep(atNs);
    }
  }

  /**
   * Dual/quad (enhanced SPI, §4.10.8-4.10.9): instruction (INST_L bits, one lane for 1C1A/1C2A),
   * address (ADDR_L x 4 bits, one lane for 1C1A), WAIT_CYCLES dummy clocks, then data frames: read
   * NDF+1 frames (RX_ONLY/EEPROM_READ) or write the TX FIFO out (TX_ONLY).
   */
  private startEnhanced(atNs: number): void {
    const lanes = this.frfLanes;
    const instLanes = this.transType === TRANS_TYPE.C2A2 ? lanes : 1;
    const addrLanes = this.transType === TRANS_TYPE.C1A1 ? 1 : lanes;
    const inst = this.instBits > 0 ? this.tx.shift()! : 0;
    const addr = this.addrBits > 0 ? this.tx.shift()! : 0;
    if (this.instBits === 0 && this.addrBits === 0) this.tx.shift();
    const sclks =
      Math.ceil(this.instBits / instLanes) + Math.ceil(this.addrBits / addrLanes) + this.waitCycles;
    const receive = this.tmod === TMOD.RX_ONLY || this.tmod === TMOD.EEPROM_READ;
    this.transfer = receive
      ? { phase: 'receive', framesLeft: this.ctrlr1 + 1 }
      : { phase: 'frames' };
    this.schedule(atNs, sclks, () => {
      this.shift(inst, this.instBits, instLanes);
      this.shift(addr, this.addrBits, addrLanes);
      this.dummy(this.waitCycles, lanes);
    });
  }

  /** Starts the next frame of the running transfer at `atNs`, or ends the transfer. */
  private nextStep(atNs: number): void {
    const t = this.transfer;
    if (t === undefined) return;
    const bits = this.dfsBits;
    const lanes = this.frfLanes;
    const sclks = Math.ceil(bits / lanes);
    if (t.phase === 'frames' && this.tx.length > 0) {
      const value = this.tx.shift()!;
      const keep = this.tmod === TMOD.TX_AND_RX;
      this.schedule(atNs, sclks, () => {
        const got = this.shift(value, bits, lanes);
        if (keep) this.pushRx(got);
      });
      return;
    }
    if (t.phase === 'frames' && this.tmod === TMOD.EEPROM_READ && lanes === 1) {
      // Standard-SPI EEPROM_READ: the TX FIFO went out; now NDF+1 frames are read.
      this.transfer = { phase: 'receive', framesLeft: this.ctrlr1 + 1 };
      return this.nextStep(atNs);
    }
    if (t.phase === 'receive' && t.framesLeft > 0) {
      t.framesLeft--;
      this.schedule(atNs, sclks, () => this.pushRx(this.shift(0, bits, lanes)));
      return;
    }
    // The TX FIFO ran empty (or every frame was read): the transfer ends and ss_n rises.
    this.transfer = undefined;
    this.setSsiSelect(false);
    if (this.tx.length > 0) this.tryStart(atNs);
  }

  /**
   * One XIP read of `bytes` bytes at flash offset `address`, as the XIP block makes it on a cache
   * miss (§2.6.3; an RP2040 cache line is 8 bytes, §2.6.3.1), with the current programming:
   * - instruction: INST_L bits of SPI_CTRLR0.XIP_CMD, on one lane unless TRANS_TYPE=2C2A; with
   *   INST_L=0 there is none and XIP_CMD follows the address as mode bits instead, the address
   *   phase then carrying {ADDR[23:0], XIP_CMD[7:0]} (boot2_w25q080.S `configure_ssi` comment;
   *   this is how continuous read mode skips the instruction);
   * - address: ADDR_L x 4 bits, on one lane for 1C1A, else on the frame format's lanes;
   * - WAIT_CYCLES dummy clocks;
   * - data: ceil(bytes*8 / (DFS_32+1)) frames of DFS_32+1 bits on the frame format's lanes,
   *   CTRLR1.NDF + 1 of them per transfer (each transfer its own chip select with its own
   *   instruction, address and dummy phases; boot2_w25q080's NDF = 0 gives two transfers of one
   *   32-bit frame for an 8-byte line);
   * - then RX_SAMPLE_DLY clk_sys cycles: the last bit is sampled that much later (ssi.h describes
   *   RSD "in SCLK cycles", the DW_apb_ssi counts ssi_clk = clk_sys cycles, which is the reading
   *   boot2_w25q080.S's comment on it makes; taken as clk_sys cycles).
   * Cycles = SCLK periods x SCKDV + RX_SAMPLE_DLY per transfer. No other fixed overhead is documented (CSn setup,
   * the AHB handshake of the XIP block: not counted). Returns undefined when the SSI cannot serve
   * XIP now (disabled, no clock, or a register-driven transfer still running): on the chip such a
   * bus access stalls or returns garbage.
   */
  xipFill(address: number, bytes: number): XipFill | undefined {
    this.advance();
    if (this.step !== undefined) return undefined;
    const timing = this.xipTiming(bytes);
    if (timing === undefined) return undefined;
    const lanes = this.frfLanes;
    const instLanes = this.transType === TRANS_TYPE.C2A2 ? lanes : 1;
    const addrLanes = this.transType === TRANS_TYPE.C1A1 ? 1 : lanes;
    const xipCmd = this.spiCtrlr0 >>> 24;
    const instBits = this.instBits;
    const addrBits = this.addrBits;
    const frameBits = this.dfsBits;
    const frames = Math.ceil((bytes * 8) / frameBits);
    const perTransfer = this.ctrlr1 + 1;
    const data = new Uint8Array(bytes);
    let pos = 0;
    for (let first = 0; first < frames; first += perTransfer) {
      const flashAddr = (address + pos) & 0xffffff;
      const addrValue = instBits === 0 ? flashAddr * 256 + xipCmd : flashAddr;
      const addrOut = addrBits >= 32 ? addrValue : addrValue % 2 ** addrBits;
      this.setSsiSelect(true);
      this.shift(xipCmd, instBits, instLanes);
      this.shift(addrOut, addrBits, addrLanes);
      this.dummy(this.waitCycles, lanes);
      for (let f = first; f < Math.min(frames, first + perTransfer); f++) {
        const word = this.shift(0, frameBits, lanes);
        for (let b = frameBits - 8; b >= 0 && pos < bytes; b -= 8)
          data[pos++] = Math.floor(word / 2 ** b) & 0xff;
      }
      this.setSsiSelect(false);
    }
    return { data, ...timing };
  }

  /**
   * The clk_sys cycles of one XIP line fill of `bytes` bytes with the current programming (as
   * `xipFill` counts them), without making the transfer; undefined while the SSI is disabled or
   * its clock stopped. The cached flash's miss cost (sim/memory/flash-interface.ts) asks this
   * again whenever `generation` changed.
   */
  xipFillCycles(bytes: number): number | undefined {
    return this.xipTiming(bytes)?.cycles;
  }

  /** Counts register writes: a changed value means the XIP programming may have changed. */
  get generation(): number {
    return this.writes;
  }

  private xipTiming(bytes: number): Omit<XipFill, 'data'> | undefined {
    if (!this.enabled || this.sckdv === 0) return undefined;
    const lanes = this.frfLanes;
    const instLanes = this.transType === TRANS_TYPE.C2A2 ? lanes : 1;
    const addrLanes = this.transType === TRANS_TYPE.C1A1 ? 1 : lanes;
    const frameBits = this.dfsBits;
    const frames = Math.ceil((bytes * 8) / frameBits);
    // Each transfer reads CTRLR1.NDF + 1 frames (§4.10.13: "number of data frames"); a line that
    // needs more frames takes more transfers, each with its own instruction, address and dummy
    // phases (boot2_w25q080 leaves NDF = 0: one 32-bit frame per transfer, two per 8-byte line).
    const transfers = Math.ceil(frames / (this.ctrlr1 + 1));
    const sclk = {
      instruction: transfers * Math.ceil(this.instBits / instLanes),
      address: transfers * Math.ceil(this.addrBits / addrLanes),
      wait: transfers * this.waitCycles,
      data: frames * Math.ceil(frameBits / lanes),
    };
    const total = sclk.instruction + sclk.address + sclk.wait + sclk.data;
    return { cycles: total * this.sckdv + transfers * this.rxSampleDly, sclk, transfers };
  }
}
