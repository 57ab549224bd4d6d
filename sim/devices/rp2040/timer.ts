/**
 * TIMER, the system timer (RP2040 datasheet §4.6, List of Registers): a 64-bit microsecond counter
 * incremented by the watchdog tick (§4.6.1), with four alarms on its low 32 bits (§4.6.3).
 *
 * - The count is computed from simulated time: `base` at `anchorNs`, plus the watchdog ticks since
 *   (ticks fall on the tick generator's grid, ClockTree.tickOriginNs + k x period). It re-anchors
 *   whenever the tick may have changed (TICK, clk_ref), on PAUSE, on a TIMEHW write and on the
 *   block's reset (RESETS bit 21), so each stretch counts at its own rate and on its own grid.
 * - TIMELR latches the high word for the next TIMEHR read; TIMELW holds the low word until the
 *   next TIMEHW write, which sets the whole time (§4.6.2; pico-sdk regs/timer.h: "always write
 *   timelw before timehw"). TIMERAWH/L read without latching.
 * - Writing ALARMn arms it; it fires when the low 32 bits equal ALARMn (at once when they already
 *   do): ARMED bit n clears, INTR bit n sets. The firing is scheduled at the exact tick time. ARMED
 *   and INTR are write-1-to-clear; INTS = (INTR | INTF) & INTE drives IRQ lines TIMER_IRQ_0..3
 *   (interrupt numbers 0..3, §2.3.2) on every core.
 * - The counter stops while the block is held in reset (its state after power-on) and counts from
 *   0 once released.
 */
import type { MachineDevice } from '../device.js';
import type { TimerHandle } from '../time.js';
import { clockTreeOf } from './clock-tree.js';
import { IrqLine, type Rp2040DeviceEnv } from './env.js';
import { registerArray, RegisterFile } from './registers.js';
import { attachReset, RESET_BIT } from './resets.js';

const TWO_32 = 0x1_0000_0000;

export interface TimerConfig {
  base: number;
  /** Interrupt numbers of TIMER_IRQ_0..3 (default 0..3). */
  irqs?: [number, number, number, number];
  /** Bit in RESETS (default 21). */
  resetBit?: number;
}

export interface TimerDevice extends MachineDevice {
  /** The 64-bit count now, in ticks (µs with a 1 µs tick). */
  count(): number;
}

export function makeTimer(config: TimerConfig, env: Rp2040DeviceEnv): TimerDevice {
  const tree = clockTreeOf(env);
  const time = env.time;
  const irqs = (config.irqs ?? [0, 1, 2, 3]).map((line) => new IrqLine(env, line));
  const resetBit = config.resetBit ?? RESET_BIT.TIMER;
  let base = 0;
  let anchorNs = time.nowNs();
  let periodNs: number | undefined = undefined;
  /** A tick time of the current stretch: its ticks fall on originNs + k x periodNs. */
  let originNs = 0;
  let inReset = true;
  let writeLow = 0;
  let readHigh = 0;
  const targets = [0, 0, 0, 0];
  const handles: (TimerHandle | undefined)[] = [undefined, undefined, undefined, undefined];

  /** The index of the last tick at or before `atNs` on the tick grid. */
  const tickIndex = (atNs: number) => Math.floor((atNs - originNs) / periodNs! + 1e-9);
  const ticksElapsed = () =>
    periodNs === undefined ? 0 : tickIndex(time.nowNs()) - tickIndex(anchorNs);
  const count = () => base + ticksElapsed();
  const low = (value: number) => value % TWO_32;

  const updateIrqs = () => {
    const ints = (regs.value('INTR') | regs.value('INTF')) & regs.value('INTE');
    irqs.forEach((line, n) => line.set(((ints >>> n) & 1) !== 0));
  };
  const fire = (n: number) => {
    handles[n] = undefined;
    regs.setValue('ARMED', regs.value('ARMED') & ~(1 << n));
    regs.setValue('INTR', regs.value('INTR') | (1 << n));
    env.host.note(0, 'timer-alarm', `ALARM${n}`);
    updateIrqs();
  };
  const scheduleAlarm = (n: number) => {
    if (handles[n] !== undefined) time.cancel(handles[n]);
    handles[n] = undefined;
    if ((regs.value('ARMED') & (1 << n)) === 0 || periodNs === undefined) return;
    const delta = (targets[n]! - low(count()) + TWO_32) % TWO_32;
    if (delta === 0) {
      fire(n);
      return;
    }
    const atNs = originNs + (tickIndex(time.nowNs()) + delta) * periodNs;
    handles[n] = time.schedule(atNs, () => fire(n));
  };
  /** Starts a new stretch at the current count (or `value`), at the current tick rate. */
  const rebase = (value = count()) => {
    base = value;
    anchorNs = time.nowNs();
    const paused = (regs.value('PAUSE') & 1) !== 0;
    periodNs = inReset || paused ? undefined : tree.tickPeriodNs();
    originNs = tree.tickOriginNs();
    for (let n = 0; n < 4; n++) scheduleAlarm(n);
  };

  const regs: RegisterFile = new RegisterFile(
    'TIMER',
    [
      {
        name: 'TIMEHW',
        offset: 0x00,
        get: () => 0,
        set: (value) => rebase(value * TWO_32 + writeLow),
      },
      { name: 'TIMELW', offset: 0x04, get: () => 0, set: (value) => (writeLow = value) },
      { name: 'TIMEHR', offset: 0x08, writable: 0, get: () => readHigh },
      {
        name: 'TIMELR',
        offset: 0x0c,
        writable: 0,
        peek: () => low(count()),
        get: () => {
          const now = count();
          readHigh = Math.floor(now / TWO_32) >>> 0;
          return low(now);
        },
      },
      ...registerArray('ALARM', 4, 0x10, 4, (n) => ({
        get: () => targets[n]!,
        set: (value: number) => {
          targets[n] = value;
          regs.setValue('ARMED', regs.value('ARMED') | (1 << n));
          scheduleAlarm(n);
        },
      })),
      {
        name: 'ARMED',
        offset: 0x20,
        writable: 0,
        clearOnWrite: 0xf,
        written: () => {
          for (let n = 0; n < 4; n++) scheduleAlarm(n);
        },
      },
      {
        name: 'TIMERAWH',
        offset: 0x24,
        writable: 0,
        get: () => Math.floor(count() / TWO_32) >>> 0,
      },
      { name: 'TIMERAWL', offset: 0x28, writable: 0, get: () => low(count()) },
      { name: 'DBGPAUSE', offset: 0x2c, reset: 0x7, writable: 0x6 },
      { name: 'PAUSE', offset: 0x30, writable: 1, written: () => rebase() },
      { name: 'INTR', offset: 0x34, writable: 0, clearOnWrite: 0xf, written: updateIrqs },
      { name: 'INTE', offset: 0x38, writable: 0xf, written: updateIrqs },
      { name: 'INTF', offset: 0x3c, writable: 0xf, written: updateIrqs },
      {
        name: 'INTS',
        offset: 0x40,
        writable: 0,
        get: () => (regs.value('INTR') | regs.value('INTF')) & regs.value('INTE'),
      },
    ],
    env,
  );

  const lines = attachReset(
    env,
    resetBit,
    () => {
      inReset = true;
      regs.resetValues();
      targets.fill(0);
      rebase(0);
      updateIrqs();
    },
    () => {
      inReset = false;
      rebase(0);
    },
  );
  inReset = lines.inReset(resetBit);
  rebase(0);
  tree.onChange(() => rebase());
  return Object.assign(regs, { count });
}
