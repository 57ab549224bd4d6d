/**
 * WATCHDOG (RP2040 datasheet §4.7, List of Registers): CTRL, LOAD, REASON, SCRATCH0-7 and TICK,
 * the tick generator that divides clk_ref by TICK.CYCLES into the nominally 1 µs tick that also
 * drives TIMER (§4.7.2; pico-sdk clocks_init writes TICK = 12 | ENABLE for a 12 MHz clk_ref).
 * With CYCLES = 0, ENABLE clear or clk_ref stopped there are no ticks (and TICK.RUNNING reads 0).
 * The watchdog counter (CTRL.TIME) counts down by 2 per tick (erratum RP2040-E1, §4.7.3) while
 * CTRL.ENABLE is set; reaching 0 is reported on the timeline but does not reset the chip (not
 * modelled). REASON reads 0 (the last reset was a power-on reset). The scratch registers start at
 * 0, so the boot ROM's SCRATCH4 magic check sees a cold boot.
 */
import type { MachineDevice } from '../device.js';
import { clockTreeOf } from './clock-tree.js';
import type { Rp2040DeviceEnv } from './env.js';
import { registerArray, RegisterFile } from './registers.js';

const CTRL_ENABLE = 1 << 30;
const CTRL_TRIGGER = 1 << 31;
const TICK_ENABLE = 1 << 9;
const TICK_RUNNING = 1 << 10;

export interface WatchdogConfig {
  base: number;
}

export function makeWatchdog(_config: WatchdogConfig, env: Rp2040DeviceEnv): MachineDevice {
  const tree = clockTreeOf(env);
  const time = env.time;
  let tickStartNs = 0;
  let loaded = 0;
  let loadedAtNs = 0;
  let expiryNoted = false;

  const tickPeriodNs = (): number | undefined => {
    const tick = regs.value('TICK');
    const cycles = tick & 0x1ff;
    const refHz = tree.clkRefHz();
    if ((tick & TICK_ENABLE) === 0 || cycles === 0 || refHz <= 0) return undefined;
    return (cycles * 1e9) / refHz;
  };
  const ticksSince = (startNs: number): number => {
    const period = tickPeriodNs();
    return period === undefined ? 0 : Math.floor((time.nowNs() - startNs) / period + 1e-9);
  };
  const counter = (): number => {
    if ((regs.value('CTRL') & CTRL_ENABLE) === 0) return loaded;
    const left = Math.max(0, loaded - 2 * ticksSince(loadedAtNs));
    if (left === 0 && loaded > 0 && !expiryNoted) {
      expiryNoted = true;
      env.host.note(0, 'watchdog-expired', 'the chip reset it would cause is not modelled');
    }
    return left;
  };

  const regs: RegisterFile = new RegisterFile(
    'WATCHDOG',
    [
      {
        name: 'CTRL',
        offset: 0x00,
        reset: 0x0700_0000,
        writable: 0x4700_0000,
        get: () => regs.value('CTRL') | counter(),
        written: (value, previous) => {
          if ((value & CTRL_TRIGGER) !== 0)
            env.host.note(0, 'watchdog-trigger', 'the chip reset it requests is not modelled');
          if ((value & ~previous & CTRL_ENABLE) !== 0) loadedAtNs = time.nowNs();
        },
      },
      {
        name: 'LOAD',
        offset: 0x04,
        set: (value) => {
          loaded = value & 0xff_ffff;
          loadedAtNs = time.nowNs();
          expiryNoted = false;
        },
        get: () => 0,
      },
      { name: 'REASON', offset: 0x08, writable: 0 },
      ...registerArray('SCRATCH', 8, 0x0c, 4),
      {
        name: 'TICK',
        offset: 0x2c,
        reset: TICK_ENABLE,
        writable: 0x3ff,
        get: () => {
          const tick = regs.value('TICK');
          const cycles = tick & 0x1ff;
          const period = tickPeriodNs();
          if (period === undefined) return tick;
          const refCycles = Math.floor(((time.nowNs() - tickStartNs) * tree.clkRefHz()) / 1e9);
          const count = cycles - 1 - (refCycles % cycles);
          return tick | TICK_RUNNING | (count << 11);
        },
        written: () => {
          tickStartNs = time.nowNs();
          tree.changed();
        },
      },
    ],
    env,
  );
  tree.tickPeriodNs = tickPeriodNs;
  tree.tickOriginNs = () => tickStartNs;
  return regs;
}
