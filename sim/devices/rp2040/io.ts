/**
 * IO_BANK0 (GPIO0-29) and IO_QSPI (the six QSPI pins), the GPIO function select and interrupt
 * registers (RP2040 datasheet §2.19.6.1 and §2.19.6.2; offsets, writable bits and reset values
 * from pico-sdk regs/io_bank0.h and regs/io_qspi.h), as a register file:
 * - GPIOn_STATUS (8n) reads 0: no pad is driven or sampled here;
 * - GPIOn_CTRL (8n + 4), reset 0x1f (FUNCSEL 31 = NULL), writable 0x3003331f: stored;
 * - INTRx (raw, the edge bits write-1-to-clear), PROCn_INTEx/INTFx, and PROCn_INTSx computed as
 *   (INTRx | PROCn_INTFx) & PROCn_INTEx, likewise DORMANT_WAKE_*. No GPIO raises an interrupt yet,
 *   so INTR changes only through writes, and the banks drive no IRQ line (IO_IRQ_BANK0 = 13).
 * Each GPIO has 4 INTR bits (LEVEL_LOW, LEVEL_HIGH, EDGE_LOW, EDGE_HIGH), 8 GPIOs per register.
 */
import type { MachineDevice } from '../device.js';
import { sharedOf, type Rp2040DeviceEnv } from './env.js';
import { RegisterFile, type RegisterSpec } from './registers.js';
import { attachReset, RESET_BIT } from './resets.js';

/** GPIOn_CTRL reset value and writable bits (regs/io_bank0.h, GPIO0_CTRL). */
const CTRL_RESET = 0x1f;
const CTRL_BITS = 0x3003_331f;
/** The EDGE_LOW and EDGE_HIGH bits of every GPIO in an INTR word (the WC bits). */
const EDGE_BITS = 0xcccc_cccc;

/** The two banks: GPIO names and the offset of INTR (regs/io_bank0.h, regs/io_qspi.h). */
const BANKS = {
  IO_BANK0: {
    pins: Array.from({ length: 30 }, (_, n) => `GPIO${n}`),
    intr: 0xf0,
  },
  IO_QSPI: {
    pins: [
      'GPIO_QSPI_SCLK',
      'GPIO_QSPI_SS',
      'GPIO_QSPI_SD0',
      'GPIO_QSPI_SD1',
      'GPIO_QSPI_SD2',
      'GPIO_QSPI_SD3',
    ],
    intr: 0x30,
  },
} as const;

export interface IoBankConfig {
  base: number;
  bank: keyof typeof BANKS;
}

/** GPIOn_STATUS and GPIOn_CTRL for each pin. */
function pinRegisters(pins: readonly string[]): RegisterSpec[] {
  return pins.flatMap((pin, n) => [
    { name: `${pin}_STATUS`, offset: 8 * n, writable: 0 },
    { name: `${pin}_CTRL`, offset: 8 * n + 4, reset: CTRL_RESET, writable: CTRL_BITS },
  ]);
}

/** The interrupt registers from `first`: INTR, then INTE/INTF/INTS for PROC0, PROC1, DORMANT_WAKE. */
function interruptRegisters(
  first: number,
  words: number,
  pinCount: number,
  value: (name: string) => number,
): RegisterSpec[] {
  const bitsOf = (w: number) =>
    pinCount * 4 >= 32 * (w + 1) ? 0xffff_ffff : 2 ** ((pinCount * 4) % 32) - 1;
  const suffix = (w: number) => (words === 1 ? '' : `${w}`);
  const specs: RegisterSpec[] = [];
  for (let w = 0; w < words; w++)
    specs.push({
      name: `INTR${suffix(w)}`,
      offset: first + 4 * w,
      writable: 0,
      clearOnWrite: EDGE_BITS & bitsOf(w),
    });
  ['PROC0', 'PROC1', 'DORMANT_WAKE'].forEach((target, t) => {
    const block = first + 4 * words * (1 + 3 * t);
    for (let w = 0; w < words; w++) {
      const s = suffix(w);
      specs.push(
        { name: `${target}_INTE${s}`, offset: block + 4 * w, writable: bitsOf(w) },
        { name: `${target}_INTF${s}`, offset: block + 4 * (words + w), writable: bitsOf(w) },
        {
          name: `${target}_INTS${s}`,
          offset: block + 4 * (2 * words + w),
          writable: 0,
          get: () =>
            (value(`INTR${s}`) | value(`${target}_INTF${s}`)) & value(`${target}_INTE${s}`),
        },
      );
    }
  });
  return specs;
}

/**
 * The QSPI chip select as IO_QSPI drives it (§2.19.6.2, GPIO_QSPI_SS_CTRL.OUTOVER, bits 9:8:
 * 0 the SSI's ss_n, 1 inverted, 2 driven low, 3 driven high). The boot ROM holds CSn low over a
 * whole command this way (pico-bootrom `program_flash_generic.c` `flash_cs_force`). The SSI
 * device subscribes to changes (registry.ts).
 */
export class QspiChipSelect {
  outover = 0;
  readonly listeners: (() => void)[] = [];

  /** Whether the flash is selected (CSn low), given whether the SSI's ss_n selects it. */
  selected(ssiSelects: boolean): boolean {
    if (this.outover === 2) return true;
    if (this.outover === 3) return false;
    return this.outover === 1 ? !ssiSelects : ssiSelects;
  }

  set(outover: number): void {
    if (outover === this.outover) return;
    this.outover = outover;
    for (const l of this.listeners) l();
  }
}

export function qspiChipSelect(env: Rp2040DeviceEnv): QspiChipSelect {
  return sharedOf(env, 'rp2040-qspi-chip-select', () => new QspiChipSelect());
}

export function makeIoBank(config: IoBankConfig, env: Rp2040DeviceEnv): MachineDevice {
  const bank = BANKS[config.bank];
  const words = Math.ceil((bank.pins.length * 4) / 32);
  const value = (name: string) => regs.value(name);
  const specs = pinRegisters(bank.pins);
  if (config.bank === 'IO_QSPI') {
    const cs = qspiChipSelect(env);
    const ssCtrl = specs.find((r) => r.name === 'GPIO_QSPI_SS_CTRL')!;
    ssCtrl.written = (v) => cs.set((v >>> 8) & 3);
  }
  const regs: RegisterFile = new RegisterFile(
    config.bank,
    [...specs, ...interruptRegisters(bank.intr, words, bank.pins.length, value)],
    env,
  );
  attachReset(env, RESET_BIT[config.bank], () => {
    regs.resetValues();
    if (config.bank === 'IO_QSPI') qspiChipSelect(env).set(0);
  });
  return regs;
}
