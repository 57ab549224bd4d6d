/**
 * XOSC, the crystal oscillator (RP2040 datasheet §2.16, List of Registers; fields from pico-sdk
 * regs/xosc.h). Enabled by writing CTRL.ENABLE = 0xfab, disabled by 0xd1e; any other nonzero code
 * "will enable the oscillator" and sets the sticky STATUS.BADWRITE, as does an invalid FREQ_RANGE
 * code, which keeps the previous range. An ENABLE field of 0 (what CTRL reads after reset, and
 * what pico-sdk's `xosc_init` writes before setting ENABLE through the SET alias) leaves the
 * oscillator as it is (*unverified*: the datasheet does not say what 0 does).
 *
 * STATUS.STABLE rises in simulated time, not at once: STARTUP.DELAY x 256 crystal cycles (x 4
 * with STARTUP.X4) after the enable (§2.16.3; pico-sdk's delay of 47 for 12 MHz is 1.003 ms).
 * Until then the oscillator's output counts as 0 Hz. COUNT counts down to 0 at the crystal
 * frequency. DORMANT is stored; the chip does not go dormant.
 */
import type { MachineDevice } from '../device.js';
import { clockTreeOf } from './clock-tree.js';
import type { Rp2040DeviceEnv } from './env.js';
import { RegisterFile } from './registers.js';

const ENABLE_MAGIC = 0xfab;
const DISABLE_MAGIC = 0xd1e;
/** CTRL.FREQ_RANGE codes 0xaa0 (1_15MHZ) and 0xaa1-0xaa3 (RESERVED_1-3), pico-sdk regs/xosc.h. */
const FREQ_RANGE_1_15MHZ = 0xaa0;
const validRange = (range: number) => range >= FREQ_RANGE_1_15MHZ && range <= 0xaa3;
const STARTUP_X4 = 1 << 20;
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
  /** Starts the oscillator: STATUS.STABLE after STARTUP.DELAY x 256 (x 4 with X4) cycles. */
  const start = () => {
    if (enabled) return;
    enabled = true;
    const startup = regs.value('STARTUP');
    const cycles = (startup & 0x3fff) * 256 * ((startup & STARTUP_X4) !== 0 ? 4 : 1);
    stableAtNs = time.nowNs() + (cycles * 1e9) / crystalHz;
    time.schedule(stableAtNs, () => tree.changed());
  };
  const stop = () => {
    if (!enabled) return;
    enabled = false;
    tree.changed();
  };

  const regs: RegisterFile = new RegisterFile(
    'XOSC',
    [
      {
        name: 'CTRL',
        offset: 0x00,
        writable: 0x00ff_ffff,
        written: (value, previous) => {
          // §2.16.7 CTRL.FREQ_RANGE: an invalid code keeps the previous one (and sets BADWRITE).
          if (!validRange(value & 0xfff)) {
            badWrite = true;
            regs.setValue('CTRL', (value & ~0xfff) | (previous & 0xfff));
          }
          const enable = (value >>> 12) & 0xfff;
          if (enable === DISABLE_MAGIC) stop();
          else if (enable !== 0) {
            // CTRL.ENABLE: "An invalid setting will enable the oscillator" (and sets BADWRITE).
            if (enable !== ENABLE_MAGIC) badWrite = true;
            start();
          }
        },
      },
      {
        name: 'STATUS',
        offset: 0x04,
        writable: 0,
        get: () =>
          (enabled ? STATUS_ENABLED : 0) |
          ((regs.value('CTRL') & 0xfff) >= FREQ_RANGE_1_15MHZ ? regs.value('CTRL') & 3 : 0) |
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
