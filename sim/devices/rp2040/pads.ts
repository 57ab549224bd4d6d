/**
 * PADS_BANK0 and PADS_QSPI, the pad controls (RP2040 datasheet §2.19.6.3 and §2.19.6.4; offsets
 * and reset values from pico-sdk regs/pads_bank0.h and regs/pads_qspi.h), as storage:
 * VOLTAGE_SELECT (bit 0, reset 0 = 3.3 V) and one 8-bit register per pad (OD 7, IE 6, DRIVE 5:4,
 * PUE 3, PDE 2, SCHMITT 1, SLEWFAST 0). Reset values: GPIO0-29 0x56 (IE, 4 mA, pull-down,
 * Schmitt), SWCLK 0xda, SWD 0x5a; QSPI SCLK 0x56, SD0-3 0x52, SS 0x5a. Pad settings change
 * nothing else here.
 */
import type { MachineDevice } from '../device.js';
import type { Rp2040DeviceEnv } from './env.js';
import { RegisterFile, type RegisterSpec } from './registers.js';
import { attachReset, RESET_BIT } from './resets.js';

/** Pad registers from offset 4, in address order, with their reset values. */
const BANKS: Record<'PADS_BANK0' | 'PADS_QSPI', readonly [string, number][]> = {
  PADS_BANK0: [
    ...Array.from({ length: 30 }, (_, n): [string, number] => [`GPIO${n}`, 0x56]),
    ['SWCLK', 0xda],
    ['SWD', 0x5a],
  ],
  PADS_QSPI: [
    ['GPIO_QSPI_SCLK', 0x56],
    ['GPIO_QSPI_SD0', 0x52],
    ['GPIO_QSPI_SD1', 0x52],
    ['GPIO_QSPI_SD2', 0x52],
    ['GPIO_QSPI_SD3', 0x52],
    ['GPIO_QSPI_SS', 0x5a],
  ],
};

export interface PadsConfig {
  base: number;
  bank: keyof typeof BANKS;
}

export function makePads(config: PadsConfig, env: Rp2040DeviceEnv): MachineDevice {
  const specs: RegisterSpec[] = [
    { name: 'VOLTAGE_SELECT', offset: 0x0, writable: 0x1 },
    ...BANKS[config.bank].map(([name, reset], n) => ({
      name,
      offset: 4 + 4 * n,
      reset,
      writable: 0xff,
    })),
  ];
  const regs = new RegisterFile(config.bank, specs, env);
  attachReset(env, RESET_BIT[config.bank], () => regs.resetValues());
  return regs;
}
