/**
 * SYSCFG, the system configuration block (RP2040 datasheet §2.21, List of Registers; fields and
 * reset values from pico-sdk regs/syscfg.h), as storage: PROC0/1_NMI_MASK (which IRQs drive each
 * core's NMI: stored, not yet routed), PROC_CONFIG (DAP instance ids RW, reset 0x10000000: proc1's
 * INSTID 1; PROC0/1_HALTED read 0, the cores are never halted by a debugger here),
 * PROC_IN_SYNC_BYPASS(_HI), DBGFORCE (reset 0x66; PROC0/1_SWDO, bits 0 and 4, read-only) and
 * MEMPOWERDOWN (stored; the memories stay powered).
 */
import type { MachineDevice } from '../device.js';
import type { Rp2040DeviceEnv } from './env.js';
import { RegisterFile } from './registers.js';

export interface SyscfgConfig {
  base: number;
}

export function makeSyscfg(_config: SyscfgConfig, env: Rp2040DeviceEnv): MachineDevice {
  return new RegisterFile(
    'SYSCFG',
    [
      { name: 'PROC0_NMI_MASK', offset: 0x00 },
      { name: 'PROC1_NMI_MASK', offset: 0x04 },
      { name: 'PROC_CONFIG', offset: 0x08, reset: 0x1000_0000, writable: 0xff00_0000 },
      { name: 'PROC_IN_SYNC_BYPASS', offset: 0x0c, writable: 0x3fff_ffff },
      { name: 'PROC_IN_SYNC_BYPASS_HI', offset: 0x10, writable: 0x3f },
      { name: 'DBGFORCE', offset: 0x14, reset: 0x66, writable: 0xee },
      { name: 'MEMPOWERDOWN', offset: 0x18, writable: 0xff },
    ],
    env,
  );
}
