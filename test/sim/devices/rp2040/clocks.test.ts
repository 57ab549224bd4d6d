import { describe, expect, it } from 'vitest';
import { pllFrequencies } from '../../../../sim/devices/rp2040/pll.js';
import { chip, clocksInit, pllInit } from './chip.js';
import { rw } from './helpers.js';

const CLK_REF_CTRL = 0x30;
const CLK_REF_SELECTED = 0x38;
const CLK_SYS_CTRL = 0x3c;
const CLK_SYS_SELECTED = 0x44;
const CLK_PERI_SELECTED = 0x50;
const FC0_REF_KHZ = 0x80;
const FC0_SRC = 0x94;
const FC0_STATUS = 0x98;
const FC0_RESULT = 0x9c;

describe('CLOCKS (RP2040 datasheet §2.15)', () => {
  it('has the pico-sdk regs/clocks.h reset values', () => {
    const k = rw(chip().clocks);
    expect(k.read(0x04)).toBe(0x100); // CLK_GPOUT0_DIV
    expect(k.read(CLK_REF_CTRL)).toBe(0);
    expect(k.read(CLK_REF_SELECTED)).toBe(1);
    expect(k.read(CLK_SYS_SELECTED)).toBe(1);
    expect(k.read(CLK_PERI_SELECTED)).toBe(1);
    expect(k.read(0x78)).toBe(0xff); // CLK_SYS_RESUS_CTRL
    expect(k.read(0x88)).toBe(0x01ff_ffff); // FC0_MAX_KHZ
    expect(k.read(0x90)).toBe(8); // FC0_INTERVAL
    expect(k.read(0xa0)).toBe(0xffff_ffff); // WAKE_EN0
    expect(k.read(0xa4)).toBe(0x7fff); // WAKE_EN1
  });

  it('SELECTED is the one-hot of CTRL.SRC for clk_ref and clk_sys', () => {
    const k = rw(chip().clocks);
    for (const [src, selected] of [
      [2, 0b100],
      [1, 0b010],
      [0, 0b001],
    ] as const) {
      k.write(CLK_REF_CTRL, src);
      expect(k.read(CLK_REF_SELECTED)).toBe(selected);
    }
    k.set(CLK_SYS_CTRL, 1);
    expect(k.read(CLK_SYS_SELECTED)).toBe(0b10);
    k.clr(CLK_SYS_CTRL, 1);
    expect(k.read(CLK_SYS_SELECTED)).toBe(0b01);
  });

  it('runs from the ROSC after reset: clk_ref = clk_sys = 6.5 MHz, clk_peri stopped', () => {
    expect(chip().clocks.frequencies()).toEqual({
      clkRefHz: 6_500_000,
      clkSysHz: 6_500_000,
      clkPeriHz: 0,
      clkUsbHz: 0,
      clkAdcHz: 0,
      clkRtcHz: 0,
    });
  });

  it('pico-sdk clocks_init: 12 MHz XOSC -> clk_ref 12 MHz, PLL_SYS -> clk_sys = clk_peri = 125 MHz', () => {
    const c = chip();
    clocksInit(c);
    expect(c.pllSys.frequencies()).toEqual({ vcoHz: 1_500_000_000, outputHz: 125_000_000 });
    expect(c.pllUsb.frequencies()).toEqual({ vcoHz: 1_200_000_000, outputHz: 48_000_000 });
    const f = c.clocks.frequencies();
    expect([f.clkRefHz, f.clkSysHz, f.clkPeriHz]).toEqual([12_000_000, 125_000_000, 125_000_000]);
    expect(rw(c.clocks).read(CLK_SYS_SELECTED)).toBe(0b10);
    expect(rw(c.clocks).read(CLK_REF_SELECTED)).toBe(0b100);
  });

  it('FC0 measures clk_sys in kHz (RESULT.KHZ at bits 29:5)', () => {
    const c = chip();
    clocksInit(c);
    const k = rw(c.clocks);
    k.write(FC0_REF_KHZ, 12_000);
    k.write(FC0_SRC, 0x09); // clk_sys
    expect(k.read(FC0_STATUS)).toBe(0x11); // DONE | PASS
    expect(k.read(FC0_RESULT)).toBe(125_000 << 5);
  });

  it('a clk_sys divisor of 2.5 (DIV 0x280) gives 50 MHz', () => {
    const c = chip();
    clocksInit(c);
    rw(c.clocks).write(0x40, 0x280);
    expect(c.clocks.frequencies().clkSysHz).toBe(50_000_000);
  });

  it('WAKE_EN and SLEEP_EN store their values', () => {
    const k = rw(chip().clocks);
    k.write(0xa8, 0x1234_5678);
    k.write(0xac, 0xffff_ffff);
    expect([k.read(0xa8), k.read(0xac)]).toEqual([0x1234_5678, 0x7fff]);
  });
});

describe('PLL (RP2040 datasheet §2.18)', () => {
  it('has the regs/pll.h reset values and no lock while powered down', () => {
    const p = rw(chip().pllSys);
    expect([p.read(0x0), p.read(0x4), p.read(0x8), p.read(0xc)]).toEqual([1, 0x2d, 0, 0x77000]);
  });

  it('locks once powered up (CS.LOCK, bit 31) and outputs ref / REFDIV x FBDIV / (POSTDIV1 x POSTDIV2)', () => {
    const c = chip();
    const p = rw(c.pllSys);
    const x = rw(c.xosc);
    x.write(0x00, 0xaa0 | (0xfab << 12)); // STARTUP 0: stable at once
    pllInit(c.pllSys, 1, 125, 6, 2);
    expect(p.read(0x0)).toBe(0x8000_0001);
    expect(c.pllSys.frequencies().outputHz).toBe(125_000_000);
    p.set(0x4, 0x1); // PWR.PD
    expect(p.read(0x0)).toBe(0x0000_0001);
    expect(c.pllSys.frequencies().outputHz).toBe(0);
  });

  it('pllFrequencies: REFDIV 2, FBDIV 100, 4 x 3', () => {
    expect(pllFrequencies(12e6, 2, 0, 100, (4 << 16) | (3 << 12), true)).toEqual({
      vcoHz: 600e6,
      outputHz: 50e6,
    });
  });
});

describe('XOSC (RP2040 datasheet §2.16) and ROSC (§2.17)', () => {
  it('XOSC: STATUS.STABLE rises STARTUP.DELAY x 256 crystal cycles after ENABLE', () => {
    const c = chip();
    const x = rw(c.xosc);
    x.write(0x0c, 47);
    x.write(0x00, 0xaa0 | (0xfab << 12));
    expect(x.read(0x04)).toBe(0x0000_1000); // ENABLED, not yet STABLE
    const stableNs = (47 * 256 * 1e9) / 12e6; // 1002.67 us
    c.env.clock.advanceTo(stableNs - 1);
    expect(x.read(0x04) >>> 31).toBe(0);
    c.env.clock.advanceTo(stableNs);
    expect(x.read(0x04)).toBe(0x8000_1000);
  });

  it('XOSC: an invalid ENABLE code enables it and sets the sticky BADWRITE (write 1 to clear)', () => {
    const c = chip();
    const x = rw(c.xosc);
    x.write(0x00, 0xaa0 | (0x123 << 12));
    expect(x.read(0x04)).toBe(0x8100_1000);
    x.write(0x04, 1 << 24);
    expect(x.read(0x04)).toBe(0x8000_1000);
  });

  it('ROSC: reset values, DIV sets the output divisor, RANDOMBIT is a bit', () => {
    const c = chip();
    const r = rw(c.rosc);
    expect([r.read(0x00), r.read(0x10), r.read(0x14)]).toEqual([0xaa0, 0xab0, 0x8]);
    expect(r.read(0x18)).toBe(0x8001_1000); // STABLE | DIV_RUNNING | ENABLED
    r.write(0x10, 0xaa0 + 8);
    expect(c.clocks.frequencies().clkRefHz).toBe(13_000_000);
    const bits = Array.from({ length: 16 }, () => r.read(0x1c));
    expect(bits.every((b) => b === 0 || b === 1)).toBe(true);
    expect(bits).toContain(0);
    expect(bits).toContain(1);
  });
});
