import { describe, expect, it } from 'vitest';
import {
  FLASH_CMD as C,
  QspiFlash,
  W25Q16JV_TIMING_NS,
} from '../../../../sim/devices/rp2040/qspi-flash.js';

/** A flash array with a recognisable pattern: byte i = (i * 7 + (i >> 8)) & 0xff. */
function pattern(size: number): Uint8Array {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 7 + (i >>> 8)) & 0xff;
  return b;
}

function rig(
  size = 2 * 1024 * 1024,
  opts: { statusRegister2?: number; uniqueId?: Uint8Array } = {},
) {
  const clock = { t: 0 };
  const flash = new QspiFlash(pattern(size), { nowNs: () => clock.t, ...opts });
  /** One transaction on one lane: CSn low, the bytes, CSn high; returns the bytes read back. */
  const xfer = (out: number[], extra = 0): number[] => {
    flash.select(true);
    const got = [...out, ...new Array<number>(extra).fill(0)].map((b) => {
      let v = 0;
      for (let i = 7; i >= 0; i--) v = (v << 1) | flash.clock((b >>> i) & 1, 1);
      return v;
    });
    flash.select(false);
    return got;
  };
  return { flash, clock, xfer };
}

/** Clocks `bytes` on four lanes (two clocks a byte) into a selected flash; returns what it drove. */
function quad(flash: QspiFlash, bytes: number[]): number[] {
  return bytes.map((b) => (flash.clock(b >>> 4, 4) << 4) | flash.clock(b & 15, 4));
}

describe('QspiFlash (W25Q16JV command set)', () => {
  it('03h reads from the address and wraps at the end of the array', () => {
    const { flash, xfer } = rig();
    expect(xfer([C.READ, 0x01, 0x23, 0x45], 3).slice(4)).toEqual([
      ...flash.bytes.slice(0x12345, 0x12348),
    ]);
    const end = flash.bytes.length;
    const last = xfer([C.READ, 0x1f, 0xff, 0xfe], 3).slice(4);
    expect(last).toEqual([flash.bytes[end - 2], flash.bytes[end - 1], flash.bytes[0]]);
  });

  it('0Bh fast read skips one dummy byte', () => {
    const { flash, xfer } = rig();
    expect(xfer([C.FAST_READ, 0, 0x10, 0x00, 0xff], 2).slice(5)).toEqual([
      flash.bytes[0x1000],
      flash.bytes[0x1001],
    ]);
  });

  it('9Fh JEDEC ID is EF 40 log2(size); ABh gives the device ID after 3 dummy bytes', () => {
    expect(rig().xfer([C.JEDEC_ID], 3).slice(1)).toEqual([0xef, 0x40, 0x15]);
    expect(
      rig(1024 * 1024)
        .xfer([C.JEDEC_ID], 3)
        .slice(1),
    ).toEqual([0xef, 0x40, 0x14]);
    expect(rig().xfer([C.RELEASE_POWER_DOWN, 0, 0, 0], 2).slice(4)).toEqual([0x14, 0x14]);
  });

  it('B9h power-down ignores everything but ABh', () => {
    const { flash, xfer } = rig();
    xfer([C.POWER_DOWN]);
    expect(xfer([C.JEDEC_ID], 3).slice(1)).toEqual([0, 0, 0]);
    expect(flash.counts.ignored).toBe(1);
    xfer([C.RELEASE_POWER_DOWN]);
    expect(xfer([C.JEDEC_ID], 3).slice(1)).toEqual([0xef, 0x40, 0x15]);
  });

  it('4Bh returns the unique ID after four dummy bytes', () => {
    const id = Uint8Array.of(0xe6, 0x60, 0x58, 0x38, 0x4b, 0x3a, 0x2d, 0x2f);
    expect(rig(undefined, { uniqueId: id }).xfer([C.UNIQUE_ID, 0, 0, 0, 0], 8).slice(5)).toEqual([
      ...id,
    ]);
  });

  it('05h/35h read SR1 and SR2 continuously; 06h/04h set and clear WEL', () => {
    const { xfer } = rig();
    expect(xfer([C.READ_STATUS2], 2).slice(1)).toEqual([0x02, 0x02]);
    expect(xfer([C.READ_STATUS], 1)[1]).toBe(0x00);
    xfer([C.WRITE_ENABLE]);
    expect(xfer([C.READ_STATUS], 1)[1]).toBe(0x02);
    xfer([C.WRITE_DISABLE]);
    expect(xfer([C.READ_STATUS], 1)[1]).toBe(0x00);
  });

  it('02h needs WEL, only clears bits, wraps within the page and is BUSY for tPP', () => {
    const { flash, clock, xfer } = rig();
    const before = flash.bytes.slice(0x10fe, 0x1102);
    xfer([C.PAGE_PROGRAM, 0, 0x10, 0xfe, 0x00, 0x00]);
    expect(flash.bytes.slice(0x10fe, 0x1102)).toEqual(before);
    xfer([C.WRITE_ENABLE]);
    clock.t = 1000;
    xfer([C.PAGE_PROGRAM, 0, 0x10, 0xfe, 0xf0, 0x0f, 0x00, 0xff]);
    expect([...flash.bytes.slice(0x10fe, 0x1100)]).toEqual([before[0]! & 0xf0, before[1]! & 0x0f]);
    expect([flash.bytes[0x1000], flash.bytes[0x1001]]).toEqual([0x00, pattern(0x2000)[0x1001]]);
    clock.t = 1000 + W25Q16JV_TIMING_NS.pageProgram - 1;
    expect(xfer([C.READ_STATUS], 1)[1]).toBe(0x03);
    expect(xfer([C.READ, 0, 0, 0], 1)[4]).toBe(0); // ignored while BUSY
    clock.t = 1000 + W25Q16JV_TIMING_NS.pageProgram;
    expect(xfer([C.READ_STATUS], 1)[1]).toBe(0x00);
    expect(flash.counts).toEqual({ ignored: 1, programs: 1, erases: 0 });
  });

  it('a program whose CSn rises inside a byte is not executed', () => {
    const { flash, xfer } = rig();
    xfer([C.WRITE_ENABLE]);
    flash.select(true);
    for (const b of [C.PAGE_PROGRAM, 0, 0, 0, 0])
      for (let i = 7; i >= 0; i--) flash.clock((b >>> i) & 1, 1);
    for (let i = 0; i < 4; i++) flash.clock(0, 1);
    flash.select(false);
    expect(flash.bytes[0]).toBe(pattern(1)[0]);
    expect(flash.bytes[1]).toBe(7);
    expect(flash.counts.programs).toBe(0);
  });

  it('20h erases the 4 KB sector to 0xff and is BUSY for tSE', () => {
    const { flash, clock, xfer } = rig();
    xfer([C.WRITE_ENABLE]);
    xfer([C.SECTOR_ERASE, 0x00, 0x23, 0x45]);
    expect(flash.bytes.slice(0x2000, 0x3000).every((b) => b === 0xff)).toBe(true);
    expect(flash.bytes[0x1fff]).toBe(pattern(0x2000)[0x1fff]);
    expect(flash.bytes[0x3000]).toBe(pattern(0x3001)[0x3000]);
    clock.t = W25Q16JV_TIMING_NS.sectorErase - 1;
    expect(xfer([C.READ_STATUS], 1)[1]).toBe(0x03);
    clock.t = W25Q16JV_TIMING_NS.sectorErase;
    expect(xfer([C.READ_STATUS], 1)[1]).toBe(0x00);
  });

  it('01h with two bytes writes SR1 and SR2 (boot2 sets QE this way)', () => {
    const { clock, xfer } = rig(undefined, { statusRegister2: 0 });
    expect(xfer([C.READ_STATUS2], 1)[1]).toBe(0x00);
    xfer([C.WRITE_ENABLE]);
    xfer([C.WRITE_STATUS, 0x00, 0x02]);
    expect(xfer([C.READ_STATUS], 1)[1]).toBe(0x03);
    clock.t = W25Q16JV_TIMING_NS.writeStatus;
    expect(xfer([C.READ_STATUS], 1)[1]).toBe(0x00);
    expect(xfer([C.READ_STATUS2], 1)[1]).toBe(0x02);
  });

  it('EBh reads on four lanes; M5-4 = 10 keeps continuous read mode until another mode byte', () => {
    const { flash } = rig();
    const read = (head: number[], withCommand: boolean): number[] => {
      flash.select(true);
      if (withCommand) for (let i = 7; i >= 0; i--) flash.clock((C.FAST_READ_QUAD_IO >>> i) & 1, 1);
      quad(flash, head); // address, mode
      quad(flash, [0, 0]); // 4 dummy clocks
      const got = quad(flash, [0, 0, 0, 0]);
      flash.select(false);
      return got;
    };
    const at = (a: number) => [...flash.bytes.slice(a, a + 4)];
    expect(read([0x00, 0x01, 0x00, 0xa0], true)).toEqual(at(0x100));
    expect(flash.inContinuousRead).toBe(true);
    expect(read([0x00, 0x20, 0x08, 0xa5], false)).toEqual(at(0x2008));
    expect(flash.inContinuousRead).toBe(true);
    expect(read([0x00, 0x30, 0x00, 0xff], false)).toEqual(at(0x3000));
    expect(flash.inContinuousRead).toBe(false);
  });

  it('EBh is ignored while QE is clear', () => {
    const { flash, xfer } = rig(undefined, { statusRegister2: 0 });
    xfer([C.FAST_READ_QUAD_IO, 0, 0, 0]);
    expect(flash.counts.ignored).toBe(1);
  });
});
