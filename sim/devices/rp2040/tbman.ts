/**
 * TBMAN, the testbench manager (RP2040 datasheet §2.22, List of Registers; pico-sdk regs/tbman.h):
 * PLATFORM tells software what it runs on: ASIC (bit 0) reads 1 and FPGA (bit 1) reads 0, as on
 * silicon (the header's register reset 0x5 has bit 2 outside the defined bits 1:0, so it reads 1).
 */
import type { MachineDevice } from '../device.js';
import type { Rp2040DeviceEnv } from './env.js';
import { RegisterFile } from './registers.js';

export const TBMAN_PLATFORM_ASIC = 1 << 0;

export interface TbmanConfig {
  base: number;
}

export function makeTbman(_config: TbmanConfig, env: Rp2040DeviceEnv): MachineDevice {
  return new RegisterFile(
    'TBMAN',
    [{ name: 'PLATFORM', offset: 0x0, reset: TBMAN_PLATFORM_ASIC, writable: 0 }],
    env,
  );
}
