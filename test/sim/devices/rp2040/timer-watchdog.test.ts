import { describe, expect, it } from 'vitest';
import { RESET_BIT } from '../../../../sim/devices/rp2040/resets.js';
import { makeTimer } from '../../../../sim/devices/rp2040/timer.js';
import { chip, clocksInit } from './chip.js';
import { BASE, rw } from './helpers.js';

const T = {
  TIMEHW: 0x00,
  TIMELW: 0x04,
  TIMEHR: 0x08,
  TIMELR: 0x0c,
  ALARM0: 0x10,
  ALARM2: 0x18,
  ARMED: 0x20,
  TIMERAWH: 0x24,
  TIMERAWL: 0x28,
  DBGPAUSE: 0x2c,
  INTR: 0x34,
  INTE: 0x38,
  INTS: 0x40,
} as const;

/** A chip after clocks_init with TIMER out of reset at t0 (ns). */
function running() {
  const c = chip();
  clocksInit(c);
  const timer = makeTimer({ base: BASE.TIMER }, c.env);
  rw(c.resets).clr(0x0, 1 << RESET_BIT.TIMER);
  return { c, t: rw(timer), t0: c.env.clock.nowNs() };
}

describe('WATCHDOG (RP2040 datasheet §4.7)', () => {
  it('has the regs/watchdog.h reset values; SCRATCH0-7 read back', () => {
    const w = rw(chip().watchdog);
    expect([w.read(0x00), w.read(0x04), w.read(0x08), w.read(0x2c)]).toEqual([
      0x0700_0000, 0, 0, 0x200,
    ]);
    for (let n = 0; n < 8; n++) w.write(0x0c + 4 * n, 0xb007_c0d0 + n);
    for (let n = 0; n < 8; n++) expect(w.read(0x0c + 4 * n)).toBe(0xb007_c0d0 + n);
  });

  it('TICK: with CYCLES 12 of a 12 MHz clk_ref it is RUNNING and counts down each clk_ref cycle', () => {
    const c = chip();
    clocksInit(c);
    const w = rw(c.watchdog);
    const tick = w.read(0x2c);
    expect(tick & 0x7ff).toBe(0x60c); // RUNNING | ENABLE | CYCLES 12
    c.env.clock.advanceBy(250); // 3 clk_ref cycles
    expect((w.read(0x2c) >>> 11) & 0x1ff).toBe((tick >>> 11) - 3);
  });

  it('TICK without ENABLE does not run', () => {
    const c = chip();
    clocksInit(c);
    rw(c.watchdog).write(0x2c, 12);
    expect(rw(c.watchdog).read(0x2c)).toBe(12);
  });
});

describe('TIMER (RP2040 datasheet §4.6)', () => {
  it('does not count while in reset, then counts 1 per us of the watchdog tick', () => {
    const c = chip();
    clocksInit(c);
    const t = rw(makeTimer({ base: BASE.TIMER }, c.env));
    c.env.clock.advanceBy(5_000);
    expect(t.read(T.TIMERAWL)).toBe(0);
    rw(c.resets).clr(0x0, 1 << RESET_BIT.TIMER);
    c.env.clock.advanceBy(999);
    expect(t.read(T.TIMERAWL)).toBe(0);
    c.env.clock.advanceBy(1);
    expect(t.read(T.TIMERAWL)).toBe(1);
    c.env.clock.advanceBy(1_234_000);
    expect(t.read(T.TIMERAWL)).toBe(1235);
    expect(t.read(T.DBGPAUSE)).toBe(7);
  });

  it('TIMELR latches the high word for TIMEHR; TIMELW then TIMEHW sets the time', () => {
    const { c, t } = running();
    t.write(T.TIMELW, 0xffff_fffe);
    expect(t.read(T.TIMERAWH)).toBe(0); // not applied until TIMEHW
    t.write(T.TIMEHW, 0x0000_0005);
    expect([t.read(T.TIMERAWH), t.read(T.TIMERAWL)]).toEqual([5, 0xffff_fffe]);
    expect(t.read(T.TIMELR)).toBe(0xffff_fffe);
    c.env.clock.advanceBy(3_000); // carry into the high word
    expect(t.read(T.TIMEHR)).toBe(5); // latched at the TIMELR read
    expect([t.read(T.TIMELR), t.read(T.TIMEHR)]).toEqual([1, 6]);
  });

  it('ALARM0 arms on write and fires TIMER_IRQ_0 on both cores at the alarm time', () => {
    const { c, t, t0 } = running();
    t.write(T.INTE, 0x1);
    t.write(T.ALARM0, t.read(T.TIMERAWL) + 250);
    expect(t.read(T.ARMED)).toBe(0x1);
    c.env.clock.advanceTo(t0 + 249_999);
    expect(c.env.irq.get('0:0')).toBeUndefined();
    c.env.clock.advanceTo(t0 + 250_000);
    expect([c.env.irq.get('0:0'), c.env.irq.get('1:0')]).toEqual([true, true]);
    expect([t.read(T.ARMED), t.read(T.INTR), t.read(T.INTS)]).toEqual([0, 1, 1]);
    t.write(T.INTR, 0x1); // write 1 to clear
    expect([c.env.irq.get('0:0'), c.env.irq.get('1:0'), t.read(T.INTS)]).toEqual([false, false, 0]);
  });

  it('ALARM2 raises IRQ 2; clearing ARMED disarms an alarm', () => {
    const { c, t, t0 } = running();
    t.write(T.INTE, 0xf);
    t.write(T.ALARM2, 10);
    t.write(T.ALARM0, 20);
    t.write(T.ARMED, 0x1);
    expect(t.read(T.ARMED)).toBe(0x4);
    c.env.clock.advanceTo(t0 + 30_000);
    expect([c.env.irq.get('0:2'), c.env.irq.get('0:0')]).toEqual([true, undefined]);
    expect(t.read(T.INTR)).toBe(0x4);
  });
});
