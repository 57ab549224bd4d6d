/**
 * The serial NOR flash behind the RP2040's SSI: a Winbond W25Q080 / W25Q16JV-class chip (the Pico
 * carries a W25Q16JV; pico-sdk's boot2_w25q080.S targets both). It is fed one SCLK at a time by the
 * SSI (`clock`), framed by chip select (`select`), and decodes the command set of the Winbond
 * datasheets (W25Q16JV rev. F §8 "Instructions", W25Q80DV §8): 03h read, 0Bh fast read, EBh fast
 * read quad I/O with continuous read mode, 05h/35h read status register 1/2, 01h write status,
 * 06h/04h write enable/disable, 02h page program, 20h/52h/D8h/C7h/60h erase, 9Fh JEDEC ID,
 * ABh release power-down / device ID, B9h power-down, 4Bh unique ID.
 *
 * Bits are taken MSB first; on one lane the master drives DI (IO0) and the flash drives DO (IO1), on
 * four lanes both use IO0-3. A byte is decoded once its 8 bits have arrived, so a response starts on
 * the clock after the last header bit, as on the chip. Lines the flash does not drive read as 0
 * (*unverified*: the pads' pull state is not modelled). Block protection (BP/TB/SEC/CMP) and the
 * security registers are not modelled; SR bits are stored as written.
 */

/** Something the SSI clocks: a serial target framed by chip select. */
export interface QspiTarget {
  /** Chip select changed: true when CSn goes low (selected), false when it goes high. */
  select(selected: boolean): void;
  /**
   * One SCLK: `out` holds the `lanes` bits the master drives (bit lanes-1 first on the wire, i.e.
   * the MSB), the return value the `lanes` bits the target drives in the same clock.
   */
  clock(out: number, lanes: 1 | 2 | 4): number;
}

/**
 * Typical program/erase/status-write times in ns (W25Q16JV rev. F §9.6 "AC Electrical
 * Characteristics": tW 10 ms, tPP 0.4 ms, tSE 45 ms, tBE1 120 ms, tBE2 150 ms, tCE 5 s, tRES1 3 us,
 * tDP 3 us; typical, not maximum, values; *unverified*: recalled from the datasheet table, not
 * re-read for this model).
 */
export const W25Q16JV_TIMING_NS = {
  writeStatus: 10_000_000,
  pageProgram: 400_000,
  sectorErase: 45_000_000,
  blockErase32: 120_000_000,
  blockErase64: 150_000_000,
  chipErase: 5_000_000_000,
} as const;

export type FlashTiming = { readonly [K in keyof typeof W25Q16JV_TIMING_NS]: number };

export interface QspiFlashOptions {
  /** Simulated time now, absolute, in ns (drives BUSY). */
  nowNs: () => number;
  /**
   * Status register 2 at power-up. Default 0x02 (QE set): W25Q16JV..IQ parts ship with QE=1
   * (W25Q16JV §7.1.9), which is what boot2_w25q080.S checks before skipping its SR write.
   */
  statusRegister2?: number;
  /** Status register 1 at power-up (non-volatile bits); default 0. */
  statusRegister1?: number;
  /** JEDEC ID bytes (9Fh). Default EFh 40h log2(size): W25Q16JV = EF 40 15, W25Q80DV = EF 40 14. */
  jedecId?: readonly [number, number, number];
  /** Device ID (ABh). Default log2(size) - 1: W25Q16JV 14h, W25Q80DV 13h. */
  deviceId?: number;
  /** 64-bit unique ID (4Bh), 8 bytes, first byte out first; default all zero. */
  uniqueId?: Uint8Array;
  timing?: FlashTiming;
}

/** Command codes (W25Q16JV §8.1.2 instruction set table). */
export const FLASH_CMD = {
  WRITE_STATUS: 0x01,
  PAGE_PROGRAM: 0x02,
  READ: 0x03,
  WRITE_DISABLE: 0x04,
  READ_STATUS: 0x05,
  WRITE_ENABLE: 0x06,
  FAST_READ: 0x0b,
  SECTOR_ERASE: 0x20,
  READ_STATUS2: 0x35,
  UNIQUE_ID: 0x4b,
  BLOCK_ERASE32: 0x52,
  CHIP_ERASE_60: 0x60,
  JEDEC_ID: 0x9f,
  RELEASE_POWER_DOWN: 0xab,
  POWER_DOWN: 0xb9,
  CHIP_ERASE: 0xc7,
  BLOCK_ERASE64: 0xd8,
  FAST_READ_QUAD_IO: 0xeb,
} as const;

/** SR1 bits (W25Q16JV §7.1): BUSY, WEL. SR2 bit QE. */
export const SR1_BUSY = 0x01;
export const SR1_WEL = 0x02;
export const SR2_QE = 0x02;

type Phase =
  | { kind: 'command' }
  | { kind: 'address'; cmd: number; bytes: number; address: number; lanes: 1 | 4 }
  | { kind: 'mode'; address: number }
  | { kind: 'dummy'; left: number; then: () => void; lanes: 1 | 4 }
  | { kind: 'data-in'; cmd: number; address: number; count: number }
  | { kind: 'output' }
  | { kind: 'ignore' };

export class QspiFlash implements QspiTarget {
  private readonly size: number;
  private readonly nowNs: () => number;
  private readonly timing: FlashTiming;
  private readonly jedecId: readonly [number, number, number];
  private readonly deviceId: number;
  private readonly uniqueId: Uint8Array;
  private sr1: number;
  private sr2: number;
  private wel = false;
  private busyUntilNs = 0;
  private poweredDown = false;
  /** Set after an EBh whose mode bits M5-4 were 10: the next transaction starts at the address. */
  private continuousRead = false;
  private selected = false;
  private phase: Phase = { kind: 'ignore' };
  private inByte = 0;
  private inBits = 0;
  /** Lanes of the clocks of the byte being received; -1 once they differed. */
  private inLanes = 0;
  private outByte = 0;
  private outBits = 0;
  private outNext: (() => number) | undefined;
  /** Page program buffer: data[i] for page offset i, or -1. */
  private readonly page = new Int16Array(256);
  /** An action run when CSn rises at a byte boundary (program, erase, status write). */
  private onDeselect: (() => void) | undefined;
  /** Transactions ignored (unknown command, wrong lane count, busy, QE clear). */
  readonly counts = { ignored: 0, programs: 0, erases: 0 };

  constructor(
    /** The flash array; programmed and erased in place. Its length must be a power of two. */
    readonly bytes: Uint8Array,
    options: QspiFlashOptions,
  ) {
    this.size = bytes.length;
    if (this.size < 256 || (this.size & (this.size - 1)) !== 0)
      throw new Error(`flash size ${this.size} is not a power of two >= 256`);
    const log2 = Math.log2(this.size);
    this.nowNs = options.nowNs;
    this.timing = options.timing ?? W25Q16JV_TIMING_NS;
    this.jedecId = options.jedecId ?? [0xef, 0x40, log2];
    this.deviceId = options.deviceId ?? log2 - 1;
    this.uniqueId = options.uniqueId ?? new Uint8Array(8);
    this.sr1 = (options.statusRegister1 ?? 0) & ~(SR1_BUSY | SR1_WEL);
    this.sr2 = options.statusRegister2 ?? SR2_QE;
  }

  /** Status register 1 as read now: BUSY while a program/erase runs, WEL until it ends. */
  status1(): number {
    const busy = this.busy();
    return this.sr1 | (busy ? SR1_BUSY : 0) | (this.wel || busy ? SR1_WEL : 0);
  }

  status2(): number {
    return this.sr2;
  }

  get inContinuousRead(): boolean {
    return this.continuousRead;
  }

  private busy(): boolean {
    return this.nowNs() < this.busyUntilNs;
  }

  select(selected: boolean): void {
    if (selected === this.selected) return;
    this.selected = selected;
    if (selected) {
      this.inByte = this.inBits = this.inLanes = 0;
      this.outBits = 0;
      this.outNext = undefined;
      this.onDeselect = undefined;
      this.phase = this.continuousRead
        ? { kind: 'address', cmd: FLASH_CMD.FAST_READ_QUAD_IO, bytes: 3, address: 0, lanes: 4 }
        : { kind: 'command' };
      return;
    }
    // W25Q16JV §8.2: write, program and erase instructions complete only when CSn rises on a
    // byte boundary.
    if (this.inBits === 0 && this.onDeselect !== undefined) this.onDeselect();
    this.onDeselect = undefined;
    this.phase = { kind: 'ignore' };
  }

  clock(out: number, lanes: 1 | 2 | 4): number {
    if (!this.selected) return 0;
    let driven = 0;
    if (this.outNext !== undefined) {
      if (this.outBits === 0) {
        this.outByte = this.outNext() & 0xff;
        this.outBits = 8;
      }
      this.outBits -= lanes;
      driven = (this.outByte >>> Math.max(0, this.outBits)) & ((1 << lanes) - 1);
      if (this.outBits < 0) this.outBits = 0;
    }
    const mask = (1 << lanes) - 1;
    this.inByte = ((this.inByte << lanes) | (out & mask)) & 0xff;
    this.inLanes = this.inBits === 0 || this.inLanes === lanes ? lanes : -1;
    this.inBits += lanes;
    if (this.inBits >= 8) {
      const byte = this.inByte;
      const byteLanes = this.inLanes;
      this.inBits = 0;
      this.inByte = 0;
      this.receive(byte, byteLanes);
    }
    return driven;
  }

  private ignore(): void {
    this.counts.ignored++;
    this.phase = { kind: 'ignore' };
    this.outNext = undefined;
    this.onDeselect = undefined;
  }

  private output(next: () => number): void {
    this.phase = { kind: 'output' };
    this.outNext = next;
  }

  private readFrom(address: number): () => number {
    let a = address;
    return () => this.bytes[a++ & (this.size - 1)]!;
  }

  private receive(byte: number, lanes: number): void {
    const p = this.phase;
    switch (p.kind) {
      case 'command':
        if (lanes !== 1) return this.ignore();
        return this.command(byte);
      case 'address':
        if (lanes !== p.lanes) {
          // A continuous-read transaction not clocked on four lanes (e.g. the FFh mode reset):
          // the chip leaves continuous read mode (W25Q16JV §8.2.13).
          this.continuousRead = false;
          return this.ignore();
        }
        p.address = ((p.address << 8) | byte) >>> 0;
        if (--p.bytes > 0) return;
        return this.addressed(p.cmd, p.address & (this.size - 1));
      case 'mode':
        if (lanes !== 4) return this.ignore();
        // W25Q16JV §8.2.13: M5-4 = (1,0) keeps continuous read mode (boot2 sends 0xa0).
        this.continuousRead = ((byte >>> 4) & 3) === 2;
        // Four dummy clocks on four lanes = 16 bits after the mode byte.
        this.phase = {
          kind: 'dummy',
          left: 2,
          lanes: 4,
          then: () => this.output(this.readFrom(p.address)),
        };
        return;
      case 'dummy':
        if (--p.left === 0) p.then();
        return;
      case 'data-in':
        this.pageByte(p, byte);
        return;
      case 'output':
      case 'ignore':
        return;
    }
  }

  private command(cmd: number): void {
    const C = FLASH_CMD;
    if (this.poweredDown && cmd !== C.RELEASE_POWER_DOWN) return this.ignore();
    // W25Q16JV §7.1.1: while BUSY only the status reads are accepted.
    if (this.busy() && cmd !== C.READ_STATUS && cmd !== C.READ_STATUS2) return this.ignore();
    const address = (lanes: 1 | 4 = 1): void => {
      this.phase = { kind: 'address', cmd, bytes: 3, address: 0, lanes };
    };
    switch (cmd) {
      case C.READ:
      case C.FAST_READ:
      case C.PAGE_PROGRAM:
      case C.SECTOR_ERASE:
      case C.BLOCK_ERASE32:
      case C.BLOCK_ERASE64:
        return address();
      case C.FAST_READ_QUAD_IO:
        // §8.2.13: needs QE=1; address, mode and dummy clocks on IO0-3.
        if ((this.sr2 & SR2_QE) === 0) return this.ignore();
        return address(4);
      case C.READ_STATUS:
        return this.output(() => this.status1());
      case C.READ_STATUS2:
        return this.output(() => this.sr2);
      case C.WRITE_ENABLE:
        this.phase = { kind: 'ignore' };
        this.onDeselect = () => (this.wel = true);
        return;
      case C.WRITE_DISABLE:
        this.phase = { kind: 'ignore' };
        this.onDeselect = () => (this.wel = false);
        return;
      case C.WRITE_STATUS:
        this.phase = { kind: 'data-in', cmd, address: 0, count: 0 };
        this.page.fill(-1);
        this.onDeselect = () => this.writeStatus();
        return;
      case C.CHIP_ERASE:
      case C.CHIP_ERASE_60:
        this.phase = { kind: 'ignore' };
        this.onDeselect = () => this.erase(0, this.size, this.timing.chipErase);
        return;
      case C.JEDEC_ID: {
        let i = 0;
        const id = this.jedecId;
        return this.output(() => (i < 3 ? id[i++]! : 0));
      }
      case C.RELEASE_POWER_DOWN:
        // §8.2.32: three dummy bytes, then the device ID repeated; CSn high releases power-down.
        this.onDeselect = () => (this.poweredDown = false);
        this.phase = {
          kind: 'dummy',
          left: 3,
          lanes: 1,
          then: () => this.output(() => this.deviceId),
        };
        return;
      case C.POWER_DOWN:
        this.phase = { kind: 'ignore' };
        this.onDeselect = () => (this.poweredDown = true);
        return;
      case C.UNIQUE_ID: {
        // §8.2.35: four dummy bytes, then the 64-bit ID.
        let i = 0;
        const id = this.uniqueId;
        this.phase = {
          kind: 'dummy',
          left: 4,
          lanes: 1,
          then: () => this.output(() => (i < 8 ? id[i++]! : 0)),
        };
        return;
      }
      default:
        return this.ignore();
    }
  }

  private addressed(cmd: number, address: number): void {
    const C = FLASH_CMD;
    switch (cmd) {
      case C.READ:
        return this.output(this.readFrom(address));
      case C.FAST_READ:
        // §8.2.7: eight dummy clocks on DI.
        this.phase = {
          kind: 'dummy',
          left: 1,
          lanes: 1,
          then: () => this.output(this.readFrom(address)),
        };
        return;
      case C.FAST_READ_QUAD_IO:
        this.phase = { kind: 'mode', address };
        return;
      case C.PAGE_PROGRAM:
        this.page.fill(-1);
        this.phase = { kind: 'data-in', cmd, address, count: 0 };
        this.onDeselect = () => this.program(address);
        return;
      case C.SECTOR_ERASE:
        this.onDeselect = () => this.erase(address & ~0xfff, 0x1000, this.timing.sectorErase);
        break;
      case C.BLOCK_ERASE32:
        this.onDeselect = () => this.erase(address & ~0x7fff, 0x8000, this.timing.blockErase32);
        break;
      case C.BLOCK_ERASE64:
        this.onDeselect = () => this.erase(address & ~0xffff, 0x10000, this.timing.blockErase64);
        break;
    }
    this.phase = { kind: 'ignore' };
  }

  /** A data byte of 02h (wraps within the page, §8.2.21) or of 01h (SR1, then SR2). */
  private pageByte(p: Extract<Phase, { kind: 'data-in' }>, byte: number): void {
    this.page[(p.address + p.count++) & 0xff] = byte;
  }

  private startOperation(durationNs: number): void {
    this.wel = false;
    this.busyUntilNs = this.nowNs() + durationNs;
  }

  private writeStatus(): void {
    if (!this.wel || this.page[0]! < 0) return;
    // §8.2.5: one byte writes SR1; a second byte writes SR2 (the 16-bit form boot2 uses).
    this.sr1 = this.page[0]! & ~(SR1_BUSY | SR1_WEL);
    if (this.page[1]! >= 0) this.sr2 = this.page[1]!;
    this.startOperation(this.timing.writeStatus);
  }

  private program(address: number): void {
    if (!this.wel) return;
    const base = address & ~0xff;
    // Programming only clears bits (NOR flash); erased bytes read 0xff.
    for (let i = 0; i < 256; i++) {
      const v = this.page[i]!;
      if (v >= 0) this.bytes[base + i] = this.bytes[base + i]! & v;
    }
    this.counts.programs++;
    this.startOperation(this.timing.pageProgram);
  }

  private erase(base: number, length: number, durationNs: number): void {
    if (!this.wel) return;
    this.bytes.fill(0xff, base, Math.min(this.size, base + length));
    this.counts.erases++;
    this.startOperation(durationNs);
  }
}
