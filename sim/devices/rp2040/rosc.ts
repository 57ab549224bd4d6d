/**
 * ROSC, the ring oscillator (RP2040 datasheet §2.17, List of Registers): the clock the chip boots
 * from. Its frequency varies from chip to chip; the boot ROM assumes 1.8 to 12 MHz, typically 6.5
 * MHz (§2.17.2), reached with the default divisor of 16 (§2.17.4). Here the oscillator runs at
 * `bootHz` x 16 and the output is that divided by DIV (written as 0xaa0 + divisor, divisor 0 = 32).
 * Drive strengths (FREQA/FREQB) and FREQ_RANGE are stored but do not change the frequency.
 * STATUS (bits from pico-sdk regs/rosc.h): STABLE (31), DIV_RUNNING (16) and ENABLED (12) while
 * enabled (stable at once: no startup time is modelled), BADWRITE (24, write 1 to clear).
 * RANDOMBIT is a deterministic pseudo-random sequence (a 16-bit LFSR), so runs repeat exactly.
 */
import type { MachineDevice } from '../device.js';
import { clockTreeOf } from './clock-tree.js';
import type { Rp2040DeviceEnv } from './env.js';
import { RegisterFile } from './registers.js';

const ENABLE_MAGIC = 0xfab;
const DISABLE_MAGIC = 0xd1e;
const DIV_PASS = 0xaa0;
const DEFAULT_DIVISOR = 16;

export interface RoscConfig {
  base: number;
  /** Output frequency after reset, with the default divisor (typical 6.5 MHz, §2.17.2). */
  bootHz?: number;
}

export function makeRosc(config: RoscConfig, env: Rp2040DeviceEnv): MachineDevice {
  const oscillatorHz = (config.bootHz ?? 6_500_000) * DEFAULT_DIVISOR;
  const tree = clockTreeOf(env);
  const time = env.time;
  let enabled = true;
  let divisor = DEFAULT_DIVISOR;
  let badWrite = false;
  let lfsr = 0xace1;
  let countAtNs = 0;
  let countValue = 0;
  const outputHz = () => (enabled ? oscillatorHz / divisor : 0);

  const regs: RegisterFile = new RegisterFile(
    'ROSC',
    [
      {
        name: 'CTRL',
        offset: 0x00,
        reset: 0xaa0,
        writable: 0x00ff_ffff,
        written: (value) => {
          const enable = (value >>> 12) & 0xfff;
          // CTRL.ENABLE (pico-sdk regs/rosc.h): 0xd1e disables; "An invalid setting will enable
          // the oscillator" (and sets STATUS.BADWRITE). 0, the value after reset, changes nothing.
          if (enable === DISABLE_MAGIC) enabled = false;
          else if (enable !== 0) {
            if (enable !== ENABLE_MAGIC) badWrite = true;
            enabled = true;
          }
          tree.changed();
        },
      },
      { name: 'FREQA', offset: 0x04, writable: 0xffff_7777 },
      { name: 'FREQB', offset: 0x08, writable: 0xffff_7777 },
      { name: 'DORMANT', offset: 0x0c },
      {
        name: 'DIV',
        offset: 0x10,
        reset: DIV_PASS + DEFAULT_DIVISOR,
        writable: 0xfff,
        written: (value) => {
          // DIV (regs/rosc.h): 0xaa0 + div, div 0 divides by 32, 1-31 by div, "any other value
          // sets div=31" (and STATUS.BADWRITE).
          const div = value - DIV_PASS;
          const valid = div >= 0 && div <= 31;
          if (!valid) badWrite = true;
          divisor = !valid ? 31 : div === 0 ? 32 : div;
          tree.changed();
        },
      },
      { name: 'PHASE', offset: 0x14, reset: 0x8, writable: 0xfff },
      {
        name: 'STATUS',
        offset: 0x18,
        writable: 0,
        get: () => (enabled ? (1 << 31) | (1 << 16) | (1 << 12) : 0) | (badWrite ? 1 << 24 : 0),
        set: (value, bits) => {
          if ((value & bits & (1 << 24)) !== 0) badWrite = false;
        },
      },
      {
        name: 'RANDOMBIT',
        offset: 0x1c,
        reset: 1,
        writable: 0,
        peek: () => lfsr & 1,
        get: () => {
          const bit = (lfsr ^ (lfsr >>> 2) ^ (lfsr >>> 3) ^ (lfsr >>> 5)) & 1;
          lfsr = (lfsr >>> 1) | (bit << 15);
          return bit;
        },
      },
      {
        name: 'COUNT',
        offset: 0x20,
        get: () => {
          const elapsed = Math.floor(((time.nowNs() - countAtNs) * outputHz()) / 1e9);
          return Math.max(0, countValue - elapsed);
        },
        set: (value) => {
          countValue = value & 0xff;
          countAtNs = time.nowNs();
        },
      },
    ],
    env,
  );
  tree.roscHz = outputHz;
  return regs;
}
