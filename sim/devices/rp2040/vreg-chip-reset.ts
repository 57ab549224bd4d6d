/**
 * VREG_AND_CHIP_RESET (RP2040 datasheet §2.10, List of Registers; fields and reset values from
 * pico-sdk regs/vreg_and_chip_reset.h):
 * - VREG: EN (bit 0, reset 1), HIZ (bit 1), VSEL (7:4, reset 0xb = 1.10 V) and ROK (bit 12, RO).
 *   The regulator is modelled as in regulation whenever it is enabled, so ROK reads EN (the
 *   register reads 0x10b1 after reset, not the header's 0xb1 of the instant before regulation;
 *   *unverified*). VSEL changes no timing here.
 * - BOD: EN (bit 0, reset 1), VSEL (7:4, reset 0x9 = 0.860 V): stored.
 * - CHIP_RESET: the machine always starts from a power-on reset, so HAD_POR (bit 8) reads 1 and
 *   HAD_RUN (16), HAD_PSM_RESTART (20) and PSM_RESTART_FLAG (24, write 1 to clear) read 0.
 */
import type { MachineDevice } from '../device.js';
import type { Rp2040DeviceEnv } from './env.js';
import { RegisterFile } from './registers.js';

const VREG_EN = 1 << 0;
const VREG_ROK = 1 << 12;
/** CHIP_RESET.HAD_POR: "Last reset was from the power-on reset or brown-out detection block". */
export const CHIP_RESET_HAD_POR = 1 << 8;
export const CHIP_RESET_PSM_RESTART_FLAG = 1 << 24;

export interface VregChipResetConfig {
  base: number;
}

export function makeVregChipReset(
  _config: VregChipResetConfig,
  env: Rp2040DeviceEnv,
): MachineDevice {
  const regs: RegisterFile = new RegisterFile(
    'VREG_AND_CHIP_RESET',
    [
      {
        name: 'VREG',
        offset: 0x0,
        reset: 0xb1,
        writable: 0xf3,
        get: () => regs.value('VREG') | ((regs.value('VREG') & VREG_EN) !== 0 ? VREG_ROK : 0),
      },
      { name: 'BOD', offset: 0x4, reset: 0x91, writable: 0xf1 },
      {
        name: 'CHIP_RESET',
        offset: 0x8,
        reset: CHIP_RESET_HAD_POR,
        writable: 0,
        clearOnWrite: CHIP_RESET_PSM_RESTART_FLAG,
      },
    ],
    env,
  );
  return regs;
}
