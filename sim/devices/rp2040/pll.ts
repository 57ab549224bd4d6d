/**
 * PLL_SYS / PLL_USB (RP2040 datasheet §2.18, List of Registers). The reference is the crystal
 * oscillator; the output is
 *   FOUTPOSTDIV = (FREF / CS.REFDIV) x FBDIV_INT / (PRIM.POSTDIV1 x PRIM.POSTDIV2)   (§2.18.2)
 * once the PLL is powered (PWR.PD = PWR.VCOPD = 0) and locked, with PWR.POSTDIVPD = 0; CS.BYPASS
 * passes the reference through. CS.LOCK rises `lockNs` after the last change of REFDIV, FBDIV or
 * the power bits (the datasheet gives no lock time; default 0, *unverified*). pico-sdk's defaults
 * (hardware_clocks clocks_init): PLL_SYS 12 MHz / 1 x 125 = 1500 MHz VCO / (6 x 2) = 125 MHz,
 * PLL_USB 12 MHz / 1 x 100 = 1200 MHz / (5 x 5) = 48 MHz. The block is reset through RESETS.
 */
import type { MachineDevice } from '../device.js';
import { clockTreeOf } from './clock-tree.js';
import type { Rp2040DeviceEnv } from './env.js';
import { RegisterFile } from './registers.js';
import { attachReset, RESET_BIT } from './resets.js';

const CS_LOCK = 1 << 31;
const CS_BYPASS = 1 << 8;
const PWR_PD = 1 << 0;
const PWR_POSTDIVPD = 1 << 3;
const PWR_VCOPD = 1 << 5;

export interface PllConfig {
  base: number;
  /** Which PLL: its name in reports and its bit in RESETS. */
  pll: 'PLL_SYS' | 'PLL_USB';
  /** Time from power-up (or a divider change) to CS.LOCK (default 0). */
  lockNs?: number;
}

export interface PllFrequencies {
  vcoHz: number;
  outputHz: number;
}

/** The PLL's VCO and output frequency for a given register state (0 Hz when not running). */
export function pllFrequencies(
  refHz: number,
  cs: number,
  pwr: number,
  fbdiv: number,
  prim: number,
  locked: boolean,
): PllFrequencies {
  const refdiv = cs & 0x3f;
  if ((cs & CS_BYPASS) !== 0) return { vcoHz: 0, outputHz: refHz };
  if (refdiv === 0 || (pwr & (PWR_PD | PWR_VCOPD)) !== 0 || !locked)
    return { vcoHz: 0, outputHz: 0 };
  const vcoHz = (refHz / refdiv) * (fbdiv & 0xfff);
  const post1 = (prim >>> 16) & 7;
  const post2 = (prim >>> 12) & 7;
  const running = (pwr & PWR_POSTDIVPD) === 0 && post1 !== 0 && post2 !== 0;
  return { vcoHz, outputHz: running ? vcoHz / (post1 * post2) : 0 };
}

export interface PllDevice extends MachineDevice {
  frequencies(): PllFrequencies;
}

export function makePll(config: PllConfig, env: Rp2040DeviceEnv): PllDevice {
  const tree = clockTreeOf(env);
  const time = env.time;
  const lockNs = config.lockNs ?? 0;
  let lockAtNs = Infinity;
  const locked = () => time.nowNs() >= lockAtNs;

  const relock = () => {
    const pwr = regs.value('PWR');
    const powered = (pwr & (PWR_PD | PWR_VCOPD)) === 0;
    lockAtNs = powered ? time.nowNs() + lockNs : Infinity;
    if (powered && lockNs > 0) time.schedule(lockAtNs, () => tree.changed());
    tree.changed();
  };
  const regs: RegisterFile = new RegisterFile(
    config.pll,
    [
      {
        name: 'CS',
        offset: 0x0,
        reset: 0x1,
        writable: 0x13f,
        get: () => regs.value('CS') | (locked() ? CS_LOCK : 0),
        written: (value, previous) => {
          if (((value ^ previous) & 0x3f) !== 0) relock();
          else tree.changed();
        },
      },
      { name: 'PWR', offset: 0x4, reset: 0x2d, writable: 0x2d, written: () => relock() },
      { name: 'FBDIV_INT', offset: 0x8, writable: 0xfff, written: () => relock() },
      {
        name: 'PRIM',
        offset: 0xc,
        reset: 0x77000,
        writable: 0x77000,
        written: () => tree.changed(),
      },
    ],
    env,
  );
  const frequencies = () =>
    pllFrequencies(
      tree.xoscHz(),
      regs.value('CS'),
      regs.value('PWR'),
      regs.value('FBDIV_INT'),
      regs.value('PRIM'),
      locked(),
    );
  attachReset(env, RESET_BIT[config.pll], () => {
    regs.resetValues();
    lockAtNs = Infinity;
    tree.changed();
  });
  if (config.pll === 'PLL_SYS') tree.pllSysHz = () => frequencies().outputHz;
  else tree.pllUsbHz = () => frequencies().outputHz;
  return Object.assign(regs, { frequencies });
}
