/**
 * XOSC, the crystal oscillator (RP2040 datasheet §2.16, List of Registers). Enabled by writing
 * CTRL.ENABLE = 0xfab (0xd1e disables; any other value of ENABLE or FREQ_RANGE sets the sticky
 * STATUS.BADWRITE and changes nothing). STATUS.STABLE rises once the startup delay has passed:
 * STARTUP.DELAY x 256 crystal cycles (x 4 with STARTUP.X4) after the enable (§2.16.3). Until then
 * the oscillator's output counts as 0 Hz. COUNT counts down to 0 at the crystal frequency.
 */
import type { MachineDevice } from '../device.js';
import { clockTreeOf } from './clock-tree.js';
import type { Rp2040DeviceEnv } from './env.js';
import { RegisterFile } from './registers.js';

const ENABLE_MAGIC = 0xfab;
const DISABLE_MAGIC = 0xd1e;
const FREQ_RANGE_1_15MHZ = 0xaa0;
const STATUS_ENABLED = 1 << 12;
const STATUS_BADWRITE = 1 << 24;
const STATUS_STABLE = 1 << 31;

export interface XoscConfig {
  base: number;
  /** The crystal on the board (Raspberry Pi Pico: 12 MHz). */
  crystalHz?: number;
}

export function makeXosc(config: XoscConfig, env: Rp2040DeviceEnv): MachineDevice {
  const crystalHz = config.crystalHz ?? 12_000_000;
  const tree = clockTreeOf(env);
  const time = env.time;
  let enabled = false;
  let stableAtNs = 0;
  let badWrite = false;
  let countAtNs = 0;
  let countValue = 0;
  const stable = () => enabled && time.nowNs() >= stableAtNs;

  const regs: RegisterFile = new RegisterFile(
    'XOSC',
    [
      {
        name: 'CTRL',
        offset: 0x00,
        writable: 0x00ff_ffff,
        written: (value, previous) => {
          const range = value & 0xfff;
          const enable = (value >>> 12) & 0xfff;
          const validRange = range === FREQ_RANGE_1_15MHZ || (range >= 0xaa1 && range <= 0xaa3);
          if (!validRange || (enable !== ENABLE_MAGIC && enable !== DISABLE_MAGIC && enable !== 0)) {
            badWrite = true;
            regs.setValue('CTRL', previous);
            return;
          }
          if (enable === ENABLE_MAGIC && !enabled) {
            enabled = true;
            const startup = regs.value('STARTUP');
            const cycles = (startup & 0x3fff) * 256 * ((startup & (1 << 20)) !== 0 ? 4 : 1);
            stableAtNs = time.nowNs() + (cycles * 1e9) / crystalHz;
            time.schedule(stableAtNs, () => tree.changed());
          } else if (enable === DISABLE_MAGIC && enabled) {
            enabled = false;
            tree.changed();
          }
        },
      },
      {
        name: 'STATUS',
        offset: 0x04,
        writable: 0,
        get: () =>
          (enabled ? STATUS_ENABLED : 0) |
          (badWrite ? STATUS_BADWRITE : 0) |
          (stable() ? STATUS_STABLE : 0),
        set: (value, bits) => {
          if ((value & bits & STATUS_BADWRITE) !== 0) badWrite = false;
        },
      },
      { name: 'DORMANT', offset: 0x08 },
      { name: 'STARTUP', offset: 0x0c, writable: 0x0010_3fff },
      {
        name: 'COUNT',
        offset: 0x1c,
        get: () => {
          const elapsed = Math.floor(((time.nowNs() - countAtNs) * crystalHz) / 1e9);
          return enabled ? Math.max(0, countValue - elapsed) : countValue;
        },
        set: (value) => {
          countValue = value & 0xff;
          countAtNs = time.nowNs();
        },
      },
    ],
    env,
  );
  tree.xoscHz = () => (stable() ? crystalHz : 0);
  return regs;
}
