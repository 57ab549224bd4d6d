/**
 * PSM, the power-on state machine (RP2040 datasheet §2.13, List of Registers): FRCE_ON, FRCE_OFF,
 * WDSEL and DONE, one bit per power domain / block in sequence order (bit 15 = proc0, bit 16 =
 * proc1). FRCE_OFF holds a block in reset; a processor forced off is held by the machine
 * (`setCoreHeld(core, true)`) and, when released, reruns the boot ROM from its reset vector
 * (pico-sdk `multicore_reset_core1` sets and clears bit 16 and polls the readback). DONE reads 1
 * for every block that has finished its power-up sequence (all of them, minus those forced off);
 * the sequencing itself takes no time here.
 */
import type { MachineDevice } from '../device.js';
import type { Rp2040DeviceEnv } from './env.js';
import { RegisterFile } from './registers.js';

/** The 17 PSM bits (§2.13: rosc ... proc1). */
export const PSM_ALL = 0x0001_ffff;
export const PSM_PROC0 = 1 << 15;
export const PSM_PROC1 = 1 << 16;

export interface PsmConfig {
  base: number;
}

export function makePsm(_config: PsmConfig, env: Rp2040DeviceEnv): MachineDevice {
  let regs: RegisterFile | undefined = undefined;
  const frceOffWritten = (value: number, previous: number) => {
    const changed = value ^ previous;
    if (changed & PSM_PROC0) env.setCoreHeld?.(0, (value & PSM_PROC0) !== 0);
    if (changed & PSM_PROC1) env.setCoreHeld?.(1, (value & PSM_PROC1) !== 0);
    if (changed & (PSM_PROC0 | PSM_PROC1))
      env.host.note(0, 'psm-frce-off', `0x${value.toString(16)}`);
  };
  regs = new RegisterFile(
    'PSM',
    [
      { name: 'FRCE_ON', offset: 0x0, writable: PSM_ALL },
      { name: 'FRCE_OFF', offset: 0x4, writable: PSM_ALL, written: frceOffWritten },
      { name: 'WDSEL', offset: 0x8, writable: PSM_ALL },
      {
        name: 'DONE',
        offset: 0xc,
        writable: 0,
        get: () => PSM_ALL & ~regs!.value('FRCE_OFF'),
      },
    ],
    env,
  );
  return regs;
}
