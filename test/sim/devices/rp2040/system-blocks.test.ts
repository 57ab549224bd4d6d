import { describe, expect, it } from 'vitest';
import { BoardDevice } from '../../../../platforms/boards/devices.js';
import { buildDevice, type DeviceContext } from '../../../../sim/devices/registry.js';
import { makeIoBank } from '../../../../sim/devices/rp2040/io.js';
import { makePads } from '../../../../sim/devices/rp2040/pads.js';
import { makeSyscfg } from '../../../../sim/devices/rp2040/syscfg.js';
import { makeTbman } from '../../../../sim/devices/rp2040/tbman.js';
import { makeVregChipReset } from '../../../../sim/devices/rp2040/vreg-chip-reset.js';
import { BASE, rw, testEnv } from './helpers.js';

describe('VREG_AND_CHIP_RESET, SYSCFG, TBMAN (pico-sdk regs/*.h reset values)', () => {
  it('VREG in regulation at 1.10 V, BOD 0x91, CHIP_RESET: a power-on reset, no PSM restart', () => {
    const v = rw(makeVregChipReset({ base: BASE.VREG_AND_CHIP_RESET }, testEnv()));
    expect([v.read(0x0), v.read(0x4), v.read(0x8)]).toEqual([0x10b1, 0x91, 0x100]);
    v.write(0x0, 0xd1); // VSEL 1.20 V, EN
    expect(v.read(0x0)).toBe(0x10d1);
    expect((v.read(0x8) >>> 24) & 1).toBe(0); // PSM_RESTART_FLAG
  });

  it('SYSCFG stores the NMI masks; PROC_CONFIG and DBGFORCE keep their read-only bits', () => {
    const s = rw(makeSyscfg({ base: BASE.SYSCFG }, testEnv()));
    expect([s.read(0x08), s.read(0x14)]).toEqual([0x1000_0000, 0x66]);
    s.write(0x04, 0x8000_0001);
    s.write(0x08, 0xffff_ffff);
    s.write(0x14, 0xff);
    expect([s.read(0x04), s.read(0x08), s.read(0x14)]).toEqual([0x8000_0001, 0xff00_0000, 0xee]);
  });

  it('TBMAN.PLATFORM reads ASIC', () => {
    const t = rw(makeTbman({ base: BASE.TBMAN }, testEnv()));
    t.write(0x0, 0x2);
    expect(t.read(0x0)).toBe(0x1);
  });
});

describe('IO_BANK0, IO_QSPI, PADS_BANK0, PADS_QSPI', () => {
  it('GPIOn_CTRL resets to 0x1f (FUNCSEL NULL); INTS = (INTR | INTF) & INTE', () => {
    const io = rw(makeIoBank({ base: BASE.IO_BANK0, bank: 'IO_BANK0' }, testEnv()));
    expect([io.read(0x04), io.read(0xec), io.read(0x00)]).toEqual([0x1f, 0x1f, 0]);
    io.write(0x04, 2); // GPIO0 FUNCSEL UART
    expect(io.read(0x04)).toBe(2);
    io.write(0x110, 0x0000_00f0); // PROC0_INTF0: GPIO1's four bits
    io.write(0x100, 0x0000_0030); // PROC0_INTE0
    expect(io.read(0x120)).toBe(0x30); // PROC0_INTS0
    expect(io.read(0x150)).toBe(0); // PROC1_INTS0
    io.write(0x11c, 0xffff_ffff); // PROC0_INTF3: 24 bits (GPIO24-29)
    expect(io.read(0x11c)).toBe(0x00ff_ffff);
  });

  it('IO_QSPI: six pins, interrupt registers from 0x30', () => {
    const env = testEnv();
    const q = rw(makeIoBank({ base: BASE.IO_QSPI, bank: 'IO_QSPI' }, env));
    expect([q.read(0x0c), q.read(0x2c)]).toEqual([0x1f, 0x1f]); // SS_CTRL, SD3_CTRL
    q.write(0x38, 0xf); // PROC0_INTF
    q.write(0x34, 0x5); // PROC0_INTE
    expect(q.read(0x3c)).toBe(0x5); // PROC0_INTS
    expect(q.read(0x54)).toBe(0); // DORMANT_WAKE_INTS
    expect(env.unimplemented).toEqual([]);
  });

  it('pads reset values: GPIO 0x56, SWCLK 0xda, SWD 0x5a; QSPI SCLK 0x56, SD 0x52, SS 0x5a', () => {
    const p = rw(makePads({ base: BASE.PADS_BANK0, bank: 'PADS_BANK0' }, testEnv()));
    expect([p.read(0x00), p.read(0x04), p.read(0x78), p.read(0x7c), p.read(0x80)]).toEqual([
      0, 0x56, 0x56, 0xda, 0x5a,
    ]);
    const q = rw(makePads({ base: BASE.PADS_QSPI, bank: 'PADS_QSPI' }, testEnv()));
    expect([0x4, 0x8, 0x14, 0x18].map((o) => q.read(o))).toEqual([0x56, 0x52, 0x52, 0x5a]);
  });
});

describe('rp2040-* board device kinds', () => {
  function context(env = testEnv()): DeviceContext {
    return {
      host: env.host,
      time: env.clock,
      coreCount: 2,
      clockHz: () => 125e6,
      memory: () => undefined,
      clintOf: () => undefined,
      cacheOf: () => undefined,
      attachFlashInterface: () => () => undefined,
      strictMmio: false,
      shared: new Map(),
    };
  }
  const at = (kind: string, base: number, extra: object = {}) =>
    BoardDevice.parse({ kind, name: kind, base, size: 0x4000, ...extra });

  it('builds the blocks from board data; they share the reset lines of one machine', () => {
    const c = context();
    const resets = buildDevice(at('rp2040-resets', BASE.RESETS), c);
    const uart = buildDevice(at('rp2040-uart', BASE.UART0, { uart: 0 }), c);
    const tbman = buildDevice(at('rp2040-tbman', BASE.TBMAN), c);
    expect(tbman.read(0, 4, 0)).toBe(1);
    uart.write(0x30, 4, 0x301, 0); // CR, while UART0 is in reset
    resets.write(0x3000, 4, 1 << 22, 0); // CLR alias: release UART0
    resets.write(0x2000, 4, 1 << 22, 0); // SET alias: reset it again
    expect(uart.read(0x30, 4, 0)).toBe(0x300);
  });

  it('rejects a config field of another block', () => {
    expect(() => at('rp2040-pll', BASE.PLL_SYS, { pll: 'PLL_X' })).toThrow();
    expect(() => at('rp2040-timer', BASE.TIMER, { crystalHz: 12e6 })).toThrow();
    expect(at('rp2040-xosc', BASE.XOSC, { crystalHz: 12e6 }).kind).toBe('rp2040-xosc');
  });
});
