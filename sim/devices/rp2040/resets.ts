/**
 * RESETS, the subsystem reset controller (RP2040 datasheet §2.14, List of Registers): one bit per
 * peripheral in RESET (1 = held in reset; all 25 are after power-on, reset value 0x01ffffff), WDSEL
 * (which ones the watchdog resets) and RESET_DONE, which reads 1 for each block out of reset. The
 * reset is modelled as instantaneous, so RESET_DONE is the complement of RESET at every read.
 *
 * The reset lines themselves are chip-wide state (`ResetLines`): a peripheral model attaches to its
 * bit, returns to its reset values when the bit is asserted and may start (TIMER counting) when it
 * is released.
 */
import type { MachineDevice } from '../device.js';
import { sharedOf, type Rp2040DeviceEnv } from './env.js';
import { RegisterFile } from './registers.js';

/** Bit numbers in RESET / WDSEL / RESET_DONE (§2.14, RESETS: RESET). */
export const RESET_BIT = {
  ADC: 0,
  BUSCTRL: 1,
  DMA: 2,
  I2C0: 3,
  I2C1: 4,
  IO_BANK0: 5,
  IO_QSPI: 6,
  JTAG: 7,
  PADS_BANK0: 8,
  PADS_QSPI: 9,
  PIO0: 10,
  PIO1: 11,
  PLL_SYS: 12,
  PLL_USB: 13,
  PWM: 14,
  RTC: 15,
  SPI0: 16,
  SPI1: 17,
  SYSCFG: 18,
  SYSINFO: 19,
  TBMAN: 20,
  TIMER: 21,
  UART0: 22,
  UART1: 23,
  USBCTRL: 24,
} as const;

/** All 25 reset bits. */
export const RESETS_ALL = 0x01ff_ffff;

type ResetListener = (inReset: boolean) => void;

/** The chip's peripheral reset lines, shared by RESETS and the peripherals it resets. */
export class ResetLines {
  private state = RESETS_ALL;
  private readonly listeners = new Map<number, ResetListener[]>();

  get value(): number {
    return this.state;
  }

  inReset(bit: number): boolean {
    return ((this.state >>> bit) & 1) !== 0;
  }

  /** `listener(true)` when the block's reset is asserted, `(false)` when it is released. */
  attach(bit: number, listener: ResetListener): void {
    const list = this.listeners.get(bit) ?? [];
    list.push(listener);
    this.listeners.set(bit, list);
  }

  set(value: number): void {
    const next = (value & RESETS_ALL) >>> 0;
    const changed = this.state ^ next;
    this.state = next;
    for (let bit = 0; changed >>> bit !== 0; bit++) {
      if (((changed >>> bit) & 1) === 0) continue;
      for (const listener of this.listeners.get(bit) ?? []) listener(((next >>> bit) & 1) !== 0);
    }
  }
}

export function resetLinesOf(env: Rp2040DeviceEnv): ResetLines {
  return sharedOf(env, 'rp2040.reset-lines', () => new ResetLines());
}

/**
 * Attaches a peripheral to its reset bit: `onReset` runs when the bit is asserted (the block
 * returns to its reset values), `onRelease` when it is released.
 */
export function attachReset(
  env: Rp2040DeviceEnv,
  bit: number | undefined,
  onReset: () => void,
  onRelease: () => void = () => {},
): ResetLines {
  const lines = resetLinesOf(env);
  if (bit !== undefined) lines.attach(bit, (inReset) => (inReset ? onReset() : onRelease()));
  return lines;
}

export interface ResetsConfig {
  base: number;
  /** RESET after power-on (default 0x01ffffff: every block in reset, §2.14). */
  resetAtPowerOn?: number;
}

export function makeResets(config: ResetsConfig, env: Rp2040DeviceEnv): MachineDevice {
  const lines = resetLinesOf(env);
  if (config.resetAtPowerOn !== undefined) lines.set(config.resetAtPowerOn);
  return new RegisterFile(
    'RESETS',
    [
      {
        name: 'RESET',
        offset: 0x0,
        reset: RESETS_ALL,
        get: () => lines.value,
        set: (value) => lines.set(value),
      },
      { name: 'WDSEL', offset: 0x4, writable: RESETS_ALL },
      { name: 'RESET_DONE', offset: 0x8, writable: 0, get: () => ~lines.value & RESETS_ALL },
    ],
    env,
  );
}
