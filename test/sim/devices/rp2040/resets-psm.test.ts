import { describe, expect, it } from 'vitest';
import { makePsm, PSM_PROC1 } from '../../../../sim/devices/rp2040/psm.js';
import { makeResets, RESET_BIT, resetLinesOf } from '../../../../sim/devices/rp2040/resets.js';
import { BASE, rw, testEnv } from './helpers.js';

const RESET = 0x0;
const WDSEL = 0x4;
const RESET_DONE = 0x8;

describe('RESETS (RP2040 datasheet §2.14)', () => {
  it('holds all 25 blocks in reset after power-on, none done', () => {
    const r = rw(makeResets({ base: BASE.RESETS }, testEnv()));
    expect(r.read(RESET)).toBe(0x01ff_ffff);
    expect(r.read(RESET_DONE)).toBe(0);
    expect(r.read(WDSEL)).toBe(0);
  });

  it('RESET_DONE follows RESET for each block', () => {
    const env = testEnv();
    const r = rw(makeResets({ base: BASE.RESETS }, env));
    r.clr(RESET, (1 << RESET_BIT.PLL_SYS) | (1 << RESET_BIT.IO_BANK0));
    expect(r.read(RESET_DONE)).toBe(0x0000_1020);
    r.set(RESET, 1 << RESET_BIT.PLL_SYS);
    expect(r.read(RESET_DONE)).toBe(0x0000_0020);
    r.write(RESET, 0);
    expect(r.read(RESET_DONE)).toBe(0x01ff_ffff);
    expect(resetLinesOf(env).inReset(RESET_BIT.TIMER)).toBe(false);
  });

  it('WDSEL stores its 25 bits', () => {
    const r = rw(makeResets({ base: BASE.RESETS }, testEnv()));
    r.write(WDSEL, 0xffff_ffff);
    expect(r.read(WDSEL)).toBe(0x01ff_ffff);
  });
});

describe('PSM (RP2040 datasheet §2.13)', () => {
  const FRCE_ON = 0x0;
  const FRCE_OFF = 0x4;
  const DONE = 0xc;

  it('reads 0 in FRCE_ON/FRCE_OFF and all 17 blocks done after reset', () => {
    const p = rw(makePsm({ base: BASE.PSM }, testEnv()));
    expect(p.read(FRCE_ON)).toBe(0);
    expect(p.read(FRCE_OFF)).toBe(0);
    expect(p.read(DONE)).toBe(0x0001_ffff);
  });

  it('multicore_reset_core1: FRCE_OFF.PROC1 holds core 1, clearing it lets it rerun the boot ROM', () => {
    const env = testEnv();
    const p = rw(makePsm({ base: BASE.PSM }, env));
    p.set(FRCE_OFF, PSM_PROC1);
    expect(p.read(FRCE_OFF)).toBe(0x0001_0000);
    expect(p.read(DONE)).toBe(0x0000_ffff);
    p.clr(FRCE_OFF, PSM_PROC1);
    expect(p.read(DONE)).toBe(0x0001_ffff);
    expect(env.held).toEqual([
      [1, true],
      [1, false],
    ]);
  });

  it('a write that leaves PROC1 as it is does not touch the core', () => {
    const env = testEnv();
    const p = rw(makePsm({ base: BASE.PSM }, env));
    p.set(FRCE_OFF, 1 << 3);
    expect(env.held).toEqual([]);
  });
});
