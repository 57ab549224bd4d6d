import { describe, expect, it } from 'vitest';
import {
  FLASH_CMD as C,
  QspiFlash,
  W25Q16JV_TIMING_NS,
} from '../../../../sim/devices/rp2040/qspi-flash.js';
import { BoardDevice } from '../../../../platforms/boards/devices.js';
import { builtinBoard } from '../../../../platforms/boards/registry.js';
import { parseBoard } from '../../../../platforms/boards/schema.js';
import { SSI, SR, Ssi } from '../../../../sim/devices/rp2040/ssi.js';
import { Machine } from '../../../../sim/machine/machine.js';

const CLK_SYS_HZ = 125e6; // 8 ns a cycle
/** Each register access advances simulated time by 2 clk_sys cycles (a Cortex-M0+ LDR/STR). */
const ACCESS_NS = 16;

function pattern(size: number): Uint8Array {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 13 + (i >>> 8) * 3 + 1) & 0xff;
  return b;
}

function rig(opts: { statusRegister2?: number } = {}) {
  const clock = { t: 0 };
  const flash = new QspiFlash(pattern(2 * 1024 * 1024), { nowNs: () => clock.t, ...opts });
  /** IO_QSPI SS OUTOVER stand-in: undefined = follow the SSI, true = force CSn low, false = high. */
  const cs: { force: boolean | undefined } = { force: undefined };
  const ssi = new Ssi({
    clkSysHz: () => CLK_SYS_HZ,
    nowNs: () => clock.t,
    flash,
    chipSelect: (s) => cs.force ?? s,
  });
  const r = (offset: number): number => {
    clock.t += ACCESS_NS;
    return ssi.read(offset, 4, 0);
  };
  const w = (offset: number, value: number): void => {
    clock.t += ACCESS_NS;
    ssi.write(offset, 4, value, 0);
  };
  /** boot2's wait_ssi_ready (wait_ssi_ready.S:10-22): poll SR until TFE=1 and BUSY=0. */
  const waitReady = (): number => {
    for (let polls = 1; polls < 1e6; polls++) {
      const sr = r(SSI.SR);
      if ((sr & SR.TFE) !== 0 && (sr & SR.BUSY) === 0) return polls;
    }
    throw new Error('wait_ssi_ready did not finish');
  };
  /** boot2's read_flash_sreg (read_flash_sreg.S): two DR0 writes, wait, two DR0 reads. */
  const readSreg = (cmd: number): number => {
    w(SSI.DR0, cmd);
    w(SSI.DR0, cmd);
    waitReady();
    r(SSI.DR0);
    return r(SSI.DR0);
  };
  const enable = (ctrlr0: number, baudr: number): void => {
    w(SSI.SSIENR, 0);
    w(SSI.BAUDR, baudr);
    w(SSI.CTRLR0, ctrlr0);
    w(SSI.SER, 1);
    w(SSI.SSIENR, 1);
  };
  return { clock, flash, ssi, cs, r, w, waitReady, readSreg, enable };
}

/** CTRLR0 values of boot2_w25q080.S: 8-bit TX_AND_RX (:145) and 32-bit quad EEPROM_READ (:208). */
const CTRLR0_SPI_TXRX = 7 << 16;
const CTRLR0_ENTER_XIP = (2 << 21) | (31 << 16) | (3 << 8);
/** SPI_CTRLR0 of the dummy EBh read (:219) and of XIP mode (:249). */
const SPI_CTRLR0_ENTER_XIP = (8 << 2) | (4 << 11) | (2 << 8) | 1;
const SPI_CTRLR0_XIP = (0xa0 << 24) | (8 << 2) | (4 << 11) | (0 << 8) | 2;

/** boot2_w25q080.S from `ldr r3, =XIP_SSI_BASE` to `configure_ssi`, SER left at 1 by the ROM. */
function boot2(s: ReturnType<typeof rig>): { sr2: number } {
  const { w, r, waitReady, readSreg } = s;
  w(SSI.SER, 1);
  w(SSI.SSIENR, 0);
  w(SSI.BAUDR, 2);
  w(SSI.RX_SAMPLE_DLY, 1);
  w(SSI.CTRLR0, CTRLR0_SPI_TXRX);
  w(SSI.SSIENR, 1);
  const sr2 = readSreg(C.READ_STATUS2);
  if (sr2 !== 0x02) {
    w(SSI.DR0, C.WRITE_ENABLE);
    waitReady();
    r(SSI.DR0);
    w(SSI.DR0, C.WRITE_STATUS);
    w(SSI.DR0, 0);
    w(SSI.DR0, 0x02);
    waitReady();
    r(SSI.DR0);
    r(SSI.DR0);
    r(SSI.DR0);
    while ((readSreg(C.READ_STATUS) & 1) !== 0);
  }
  w(SSI.SSIENR, 0);
  w(SSI.CTRLR0, CTRLR0_ENTER_XIP);
  w(SSI.CTRLR1, 0);
  w(SSI.SPI_CTRLR0, SPI_CTRLR0_ENTER_XIP);
  w(SSI.SSIENR, 1);
  w(SSI.DR0, C.FAST_READ_QUAD_IO);
  w(SSI.DR0, 0xa0);
  waitReady();
  w(SSI.SSIENR, 0);
  w(SSI.SPI_CTRLR0, SPI_CTRLR0_XIP);
  w(SSI.SSIENR, 1);
  return { sr2 };
}

describe('Ssi registers', () => {
  it('reads its reset values', () => {
    const { r } = rig();
    const resets: [number, number][] = [
      [SSI.CTRLR0, 0],
      [SSI.CTRLR1, 0],
      [SSI.SSIENR, 0],
      [SSI.SER, 0],
      [SSI.BAUDR, 0],
      [SSI.TXFTLR, 0],
      [SSI.RXFTLR, 0],
      [SSI.TXFLR, 0],
      [SSI.RXFLR, 0],
      [SSI.SR, SR.TFE | SR.TFNF],
      [SSI.IMR, 0],
      [SSI.ISR, 0],
      [SSI.RISR, 0],
      [SSI.IDR, 0x51535049],
      [SSI.SSI_VERSION_ID, 0x3430312a],
      [SSI.RX_SAMPLE_DLY, 0],
      [SSI.SPI_CTRLR0, 0x03000000],
      [SSI.TXD_DRIVE_EDGE, 0],
    ];
    expect(resets.map(([o]) => r(o))).toEqual(resets.map(([, v]) => v));
  });

  it('refuses CTRLR0/BAUDR/SPI_CTRLR0 writes while enabled; SSIENR=0 flushes both FIFOs', () => {
    const { r, w, ssi } = rig();
    w(SSI.BAUDR, 7); // SCKDV's LSB reads 0
    expect(r(SSI.BAUDR)).toBe(6);
    w(SSI.SSIENR, 1);
    w(SSI.CTRLR0, 0x1f0000);
    w(SSI.SPI_CTRLR0, 0);
    expect([r(SSI.CTRLR0), r(SSI.SPI_CTRLR0), ssi.counts.refusedWrites]).toEqual([
      0, 0x03000000, 2,
    ]);
    // SER=0: nothing starts, the frames wait in the TX FIFO.
    for (let i = 0; i < 17; i++) w(SSI.DR0, i);
    expect([r(SSI.TXFLR), r(SSI.SR), r(SSI.RISR)]).toEqual([16, 0, 0x02]);
    w(SSI.SSIENR, 0);
    expect([r(SSI.TXFLR), r(SSI.SR)]).toEqual([0, SR.TFE | SR.TFNF]);
  });

  it('an 8-bit frame at BAUDR=6 takes 48 clk_sys cycles: BUSY and RXFLR follow simulated time', () => {
    const { r, w, clock, enable, ssi } = rig();
    enable(CTRLR0_SPI_TXRX, 6);
    w(SSI.DR0, C.JEDEC_ID);
    const start = clock.t;
    expect(r(SSI.TXFLR)).toBe(0); // taken into the shift register at once
    const at = (ns: number): number[] => {
      clock.t = ns;
      return [ssi.read(SSI.SR, 4, 0), ssi.read(SSI.RXFLR, 4, 0)];
    };
    expect(at(start + 48 * 8 - 1)).toEqual([SR.BUSY | SR.TFE | SR.TFNF, 0]);
    expect(at(start + 48 * 8)).toEqual([SR.TFE | SR.TFNF | SR.RFNE, 1]);
  });

  it('reads the JEDEC ID in TX_AND_RX with CSn held by the SSI while the TX FIFO has data', () => {
    const { r, w, enable, waitReady } = rig();
    enable(CTRLR0_SPI_TXRX, 2);
    for (const b of [C.JEDEC_ID, 0, 0, 0]) w(SSI.DR0, b);
    waitReady();
    expect(r(SSI.RXFLR)).toBe(4);
    expect([r(SSI.DR0), r(SSI.DR0), r(SSI.DR0), r(SSI.DR0)]).toEqual([0, 0xef, 0x40, 0x15]);
    r(SSI.DR0); // underflow
    expect(r(SSI.RISR)).toBe(0x04 | 0x01);
    expect(r(SSI.RXUICR)).toBe(1);
    expect(r(SSI.RISR)).toBe(0x01);
  });
});

describe('Ssi driven as the boot ROM reads boot2 (BOOT-NEEDS.md §0 step 6)', () => {
  it('a 256-byte 03h read at BAUDR=6 with CSn forced low returns the flash bytes', () => {
    const s = rig();
    const { r, w, cs, flash, enable } = s;
    enable(CTRLR0_SPI_TXRX, 6);
    // flash_read_data: CSn forced low (IO_QSPI OUTOVER), 03h and a 24-bit address, then
    // flash_put_get(NULL, rx, 256, 4): keep TX+RX levels under 14, drain RX, skip 4 bytes.
    cs.force = true;
    s.ssi.chipSelectChanged();
    for (const b of [C.READ, 0, 0, 0]) w(SSI.DR0, b);
    const rx: number[] = [];
    let txCount = 256;
    let skip = 4;
    let iterations = 0;
    while (txCount > 0 || skip > 0 || rx.length < 256) {
      if (++iterations > 100_000) throw new Error('flash_put_get did not finish');
      const txLevel = r(SSI.TXFLR);
      const rxLevel = r(SSI.RXFLR);
      if (txCount > 0 && txLevel + rxLevel < 14) {
        w(SSI.DR0, 0);
        txCount--;
      }
      if (rxLevel > 0) {
        const byte = r(SSI.DR0);
        if (skip > 0) skip--;
        else rx.push(byte);
      }
    }
    cs.force = false;
    s.ssi.chipSelectChanged();
    expect(rx).toEqual([...flash.bytes.slice(0, 256)]);
    expect(s.ssi.counts).toEqual({
      refusedWrites: 0,
      txOverflows: 0,
      rxOverflows: 0,
      rxUnderflows: 0,
    });
  });
});

describe('Ssi driven as boot2_w25q080 (BOOT-NEEDS.md §1)', () => {
  it('finds QE set, enters continuous read mode, and serves XIP fills at 82 cycles a line (two one-frame transfers)', () => {
    const s = rig();
    const { r, flash, ssi } = s;
    expect(boot2(s).sr2).toBe(0x02);
    expect(flash.inContinuousRead).toBe(true);
    expect([r(SSI.CTRLR0), r(SSI.CTRLR1), r(SSI.SPI_CTRLR0), r(SSI.BAUDR)]).toEqual([
      0x005f0300, 0, 0xa0002022, 2,
    ]);
    expect([r(SSI.RX_SAMPLE_DLY), r(SSI.SSIENR), r(SSI.SR)]).toEqual([1, 1, SR.TFE | SR.TFNF]);
    const fill = ssi.xipFill(0x100, 8)!;
    expect([...fill.data]).toEqual([...flash.bytes.slice(0x100, 0x108)]);
    // 32 address+mode bits / 4 lanes = 8, WAIT_CYCLES 4, 64 data bits / 4 lanes = 16 SCLK;
    // CTRLR1.NDF = 0: one 32-bit frame per transfer, so two transfers of 8 address+mode, 4 wait
    // and 8 data SCLK: 40 SCLK x SCKDV 2 + 2 x RX_SAMPLE_DLY 1 = 82 clk_sys cycles.
    expect(fill.sclk).toEqual({ instruction: 0, address: 16, wait: 8, data: 16 });
    expect(fill.transfers).toBe(2);
    expect(fill.cycles).toBe(82);
    expect(s.ssi.xipFillCycles(8)).toBe(82);
    const again = ssi.xipFill(0x1f_fff8, 8)!;
    expect([...again.data]).toEqual([...flash.bytes.slice(0x1f_fff8, 0x20_0000)]);
    expect(flash.inContinuousRead).toBe(true);
  });

  it('conventionBoot (images booted without the ROM) leaves every register as boot2 does', () => {
    const offsets = [
      SSI.CTRLR0,
      SSI.CTRLR1,
      SSI.SSIENR,
      SSI.SER,
      SSI.BAUDR,
      SSI.RX_SAMPLE_DLY,
      SSI.SPI_CTRLR0,
      SSI.SR,
      SSI.IMR,
      SSI.TXFTLR,
      SSI.RXFTLR,
    ];
    const booted = rig();
    boot2(booted);
    const convention = rig();
    const before = convention.ssi.generation;
    convention.ssi.conventionBoot();
    expect(offsets.map((o) => convention.r(o))).toEqual(offsets.map((o) => booted.r(o)));
    expect(convention.ssi.generation).toBeGreaterThan(before);
    expect(convention.ssi.xipFillCycles(8)).toBe(82);
  });

  it('the dummy EBh read takes 28 SCLK and leaves one 32-bit word, big-endian, in RX', () => {
    const s = rig();
    const { r, w, clock, flash } = s;
    s.enable(CTRLR0_ENTER_XIP, 2);
    w(SSI.SPI_CTRLR0, SPI_CTRLR0_ENTER_XIP); // refused: enabled
    w(SSI.SSIENR, 0);
    w(SSI.SPI_CTRLR0, SPI_CTRLR0_ENTER_XIP);
    w(SSI.SSIENR, 1);
    w(SSI.DR0, C.FAST_READ_QUAD_IO);
    expect(r(SSI.SR)).toBe(SR.TFNF); // waits for the address word
    w(SSI.DR0, 0x0000_10a0); // address 0x000010, mode 0xa0
    const start = clock.t;
    // 8 (instruction, one lane) + 8 (address+mode) + 4 (wait) + 8 (data) = 28 SCLK = 56 cycles.
    clock.t = start + 56 * 8 - 1 - ACCESS_NS;
    expect(r(SSI.SR) & SR.BUSY).toBe(SR.BUSY);
    clock.t = start + 56 * 8 - ACCESS_NS;
    expect([r(SSI.SR), r(SSI.RXFLR)]).toEqual([SR.TFE | SR.TFNF | SR.RFNE, 1]);
    const b = flash.bytes;
    expect(r(SSI.DR0)).toBe(
      ((b[0x10]! << 24) | (b[0x11]! << 16) | (b[0x12]! << 8) | b[0x13]!) >>> 0,
    );
    expect(flash.inContinuousRead).toBe(true);
  });

  it('programs SR2 when QE is clear: WREN, 01h 00 02, then polls 05h through tW', () => {
    const s = rig({ statusRegister2: 0 });
    const t0 = s.clock.t;
    expect(boot2(s).sr2).toBe(0x00);
    expect(s.flash.status2()).toBe(0x02);
    expect(s.clock.t - t0).toBeGreaterThan(W25Q16JV_TIMING_NS.writeStatus);
    expect(s.clock.t - t0).toBeLessThan(W25Q16JV_TIMING_NS.writeStatus + 10_000);
    expect(s.ssi.xipFill(0x40, 8)!.data).toEqual(s.flash.bytes.slice(0x40, 0x48));
  });

  it('without the dummy EBh read the flash is not in continuous mode and XIP reads garbage', () => {
    const s = rig();
    s.enable(CTRLR0_ENTER_XIP, 2);
    s.w(SSI.SSIENR, 0);
    s.w(SSI.SPI_CTRLR0, SPI_CTRLR0_XIP);
    s.w(SSI.SSIENR, 1);
    const fill = s.ssi.xipFill(0x100, 8)!;
    expect([...fill.data]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    // One ignored command per transfer (the flash waits for an instruction it never gets).
    expect(s.flash.counts.ignored).toBe(2);
  });

  it('the ROM ENTER_XIP style 03h read (1C1A, INST_L=8, ADDR_L=6, NDF=1) costs 8+24+64 SCLK', () => {
    const s = rig();
    s.enable((31 << 16) | (3 << 8), 6);
    s.w(SSI.SSIENR, 0);
    s.w(SSI.CTRLR1, 1); // two frames per transfer: the whole line in one
    s.w(SSI.SPI_CTRLR0, (0x03 << 24) | (2 << 8) | (6 << 2));
    s.w(SSI.SSIENR, 1);
    const fill = s.ssi.xipFill(0x2345, 8)!;
    expect([...fill.data]).toEqual([...s.flash.bytes.slice(0x2345, 0x234d)]);
    expect(fill.sclk).toEqual({ instruction: 8, address: 24, wait: 0, data: 64 });
    expect(fill.transfers).toBe(1);
    expect(fill.cycles).toBe(96 * 6);
  });
});

describe('Ssi program and erase', () => {
  it('erases and programs through DR0 with WEL and BUSY polled over 05h', () => {
    const s = rig();
    const { w, r, enable, waitReady, readSreg, flash, clock } = s;
    enable(CTRLR0_SPI_TXRX, 2);
    const cmd = (bytes: number[]): void => {
      for (const b of bytes) w(SSI.DR0, b);
      waitReady();
      for (let i = 0; i < bytes.length; i++) r(SSI.DR0);
    };
    cmd([C.PAGE_PROGRAM, 0, 0x20, 0x00, 0x00]); // no WEL: ignored
    expect(flash.bytes[0x2000]).toBe(pattern(0x2001)[0x2000]);
    cmd([C.WRITE_ENABLE]);
    expect(readSreg(C.READ_STATUS)).toBe(0x02);
    cmd([C.SECTOR_ERASE, 0, 0x20, 0x00]);
    const erased = clock.t;
    expect(readSreg(C.READ_STATUS)).toBe(0x03);
    while ((readSreg(C.READ_STATUS) & 1) !== 0);
    expect(clock.t - erased).toBeGreaterThanOrEqual(W25Q16JV_TIMING_NS.sectorErase);
    expect(clock.t - erased).toBeLessThan(W25Q16JV_TIMING_NS.sectorErase + 2000);
    expect(readSreg(C.READ_STATUS)).toBe(0x00);
    expect(flash.bytes.slice(0x2000, 0x3000).every((b) => b === 0xff)).toBe(true);
    cmd([C.WRITE_ENABLE]);
    cmd([C.PAGE_PROGRAM, 0, 0x20, 0x00, 0x12, 0x34, 0x56, 0x78]);
    while ((readSreg(C.READ_STATUS) & 1) !== 0);
    expect([...flash.bytes.slice(0x2000, 0x2005)]).toEqual([0x12, 0x34, 0x56, 0x78, 0xff]);
  });
});

describe('rp2040-ssi device kind', () => {
  const device = {
    kind: 'rp2040-ssi',
    name: 'XIP_SSI',
    base: 0x1800_0000,
    size: 0x100,
    source: 'RP2040 datasheet §4.10',
    flash: { memory: 'XIP', jedecId: [0xef, 0x40, 0x15] },
  };
  const rp2040 = builtinBoard('rp2040');
  // The board without its own SSI, so that the test's is the only one at 0x1800_0000.
  const others = rp2040.devices.filter((d) => d.kind !== 'rp2040-ssi');

  it('is built by the machine from board data, over the board memory it names', () => {
    const board = parseBoard({ ...rp2040, devices: [...others, device] }, 'ssi.json');
    const m = new Machine(board);
    const ssi = m.map.windows.find((w) => w.base === 0x1800_0000)?.device;
    expect(ssi).toBeInstanceOf(Ssi);
    expect(ssi!.read(SSI.IDR, 4, 0)).toBe(0x51535049);
  });

  it('names a memory of the board, and the schema rejects a bad flash config', () => {
    const bad = { ...device, flash: { memory: 'QSPI' } };
    expect(() => parseBoard({ ...rp2040, devices: [...others, bad] }, 'ssi.json')).toThrow(
      /devices\.\d+\.flash\.memory: no memory "QSPI" holds the flash array/,
    );
    expect(
      BoardDevice.safeParse({ ...device, flash: { memory: 'XIP', statusRegister2: 256 } }).success,
    ).toBe(false);
  });
});
