/**
 * The clock and reset blocks of one RP2040 on one test environment, and pico-sdk's clock set-up
 * done through their registers as the SDK does it (hardware_clocks clocks_init, hardware_xosc
 * xosc_init, hardware_pll pll_init, watchdog tick start), so tests see the frequencies firmware
 * would get: 12 MHz XOSC -> clk_ref 12 MHz, PLL_SYS 1500 MHz / 6 / 2 = 125 MHz -> clk_sys and
 * clk_peri, PLL_USB 1200 MHz / 5 / 5 = 48 MHz, watchdog tick 12 clk_ref cycles = 1 us.
 */
import { makeClocks } from '../../../../sim/devices/rp2040/clocks.js';
import { makePll } from '../../../../sim/devices/rp2040/pll.js';
import { makeResets } from '../../../../sim/devices/rp2040/resets.js';
import { makeRosc } from '../../../../sim/devices/rp2040/rosc.js';
import { makeWatchdog } from '../../../../sim/devices/rp2040/watchdog.js';
import { makeXosc } from '../../../../sim/devices/rp2040/xosc.js';
import { BASE, rw, testEnv, type TestEnv } from './helpers.js';

export function chip(env: TestEnv = testEnv()) {
  return {
    env,
    resets: makeResets({ base: BASE.RESETS }, env),
    clocks: makeClocks({ base: BASE.CLOCKS }, env),
    xosc: makeXosc({ base: BASE.XOSC }, env),
    rosc: makeRosc({ base: BASE.ROSC }, env),
    pllSys: makePll({ base: BASE.PLL_SYS, pll: 'PLL_SYS' }, env),
    pllUsb: makePll({ base: BASE.PLL_USB, pll: 'PLL_USB' }, env),
    watchdog: makeWatchdog({ base: BASE.WATCHDOG }, env),
  };
}
export type Chip = ReturnType<typeof chip>;

/** Register offsets used below (pico-sdk regs/*.h). */
const CLK = { REF_CTRL: 0x30, REF_DIV: 0x34, REF_SELECTED: 0x38 } as const;
const SYS = { CTRL: 0x3c, DIV: 0x40, SELECTED: 0x44 } as const;
const PERI_CTRL = 0x48;
const RESUS_CTRL = 0x78;

/** Polls `read` until `done`, advancing 100 ns a poll; throws instead of hanging. */
export function waitFor(env: TestEnv, read: () => number, done: (v: number) => boolean): number {
  for (let polls = 1; polls <= 100_000; polls++) {
    if (done(read())) return polls;
    env.clock.advanceBy(100);
  }
  throw new Error('register never reached the awaited value');
}

/** xosc_init: FREQ_RANGE 1_15MHZ, STARTUP delay 47 (~1 ms at 12 MHz), ENABLE via SET, wait. */
export function xoscInit(c: Chip): void {
  const x = rw(c.xosc);
  x.write(0x00, 0xaa0);
  x.write(0x0c, 47);
  x.set(0x00, 0xfab << 12);
  waitFor(
    c.env,
    () => x.read(0x04),
    (s) => (s & (1 << 31)) !== 0,
  );
}

/** pll_init(pll, refdiv, vco, post1, post2) for a 12 MHz reference. */
export function pllInit(
  pll: Chip['pllSys'],
  refdiv: number,
  fbdiv: number,
  post1: number,
  post2: number,
): void {
  const p = rw(pll);
  p.write(0x04, 0x2d); // PWR: everything powered down
  p.write(0x08, 0);
  p.write(0x00, refdiv); // CS.REFDIV
  p.write(0x08, fbdiv); // FBDIV_INT
  p.clr(0x04, 0x21); // PWR: PD and VCOPD off
  for (let polls = 0; (p.read(0x00) & (1 << 31)) === 0; polls++)
    if (polls > 1000) throw new Error('PLL never locked');
  p.write(0x0c, (post1 << 16) | (post2 << 12)); // PRIM
  p.clr(0x04, 0x08); // PWR.POSTDIVPD off
}

/** clocks_init of pico-sdk for the RP2040 with the 12 MHz crystal. */
export function clocksInit(c: Chip): void {
  const k = rw(c.clocks);
  k.write(RESUS_CTRL, 0);
  xoscInit(c);
  k.clr(SYS.CTRL, 1);
  waitFor(
    c.env,
    () => k.read(SYS.SELECTED),
    (v) => v === 1,
  );
  k.clr(CLK.REF_CTRL, 3);
  waitFor(
    c.env,
    () => k.read(CLK.REF_SELECTED),
    (v) => v === 1,
  );
  pllInit(c.pllSys, 1, 125, 6, 2);
  pllInit(c.pllUsb, 1, 100, 5, 5);
  // clock_configure(clk_ref, XOSC_CLKSRC, 0, 12 MHz, 12 MHz): src 2
  k.write(CLK.REF_CTRL, (k.read(CLK.REF_CTRL) & ~0x60) | 0);
  k.write(CLK.REF_CTRL, (k.read(CLK.REF_CTRL) & ~0x3) | 2);
  waitFor(
    c.env,
    () => k.read(CLK.REF_SELECTED),
    (v) => (v & (1 << 2)) !== 0,
  );
  k.write(CLK.REF_DIV, 0x100);
  // clock_configure(clk_sys, CLKSRC_CLK_SYS_AUX, CLKSRC_PLL_SYS, 125 MHz, 125 MHz)
  k.clr(SYS.CTRL, 1);
  waitFor(
    c.env,
    () => k.read(SYS.SELECTED),
    (v) => (v & 1) !== 0,
  );
  k.write(SYS.CTRL, k.read(SYS.CTRL) & ~0xe0); // AUXSRC 0 = pll_sys
  k.write(SYS.CTRL, k.read(SYS.CTRL) | 1);
  waitFor(
    c.env,
    () => k.read(SYS.SELECTED),
    (v) => (v & 2) !== 0,
  );
  k.write(SYS.DIV, 0x100);
  // clock_configure(clk_peri, 0, CLK_SYS, 125 MHz, 125 MHz)
  k.clr(PERI_CTRL, 1 << 11);
  k.write(PERI_CTRL, k.read(PERI_CTRL) & ~0xe0);
  k.set(PERI_CTRL, 1 << 11);
  // watchdog_start_tick(12): TICK = CYCLES 12 | ENABLE
  rw(c.watchdog).write(0x2c, 12 | (1 << 9));
}
