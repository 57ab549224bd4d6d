/**
 * The RP2040 clock tree as the peripheral models share it (one per chip): each oscillator, PLL and
 * clock generator publishes its output frequency here, computed when asked, and consumers (the
 * watchdog tick, TIMER, UART, SSI, the machine running the cores at clk_sys) read it. A device
 * whose output may have changed calls `changed()`; listeners re-time what they had scheduled.
 * A source that is absent from the board reads 0 Hz.
 */
import { sharedOf, type Rp2040DeviceEnv } from './env.js';

type Hz = () => number;

export class ClockTree {
  /** Oscillator and PLL outputs (0 while stopped, unstable or unlocked). */
  xoscHz: Hz = () => 0;
  roscHz: Hz = () => 0;
  pllSysHz: Hz = () => 0;
  pllUsbHz: Hz = () => 0;
  /** The clock generators' outputs (CLOCKS, §2.15). */
  clkRefHz: Hz = () => 0;
  clkSysHz: Hz = () => 0;
  clkPeriHz: Hz = () => 0;
  clkUsbHz: Hz = () => 0;
  clkAdcHz: Hz = () => 0;
  clkRtcHz: Hz = () => 0;
  /** The watchdog's tick period in ns (§4.7.2), or undefined while it generates no ticks. */
  tickPeriodNs: () => number | undefined = () => undefined;
  /** A time at which a tick occurred: ticks fall on tickOriginNs + k x tickPeriodNs. */
  tickOriginNs: () => number = () => 0;

  private readonly listeners: (() => void)[] = [];

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Some frequency may have changed: every listener re-times. */
  changed(): void {
    for (const listener of this.listeners) listener();
  }
}

export function clockTreeOf(env: Rp2040DeviceEnv): ClockTree {
  return sharedOf(env, 'rp2040.clock-tree', () => new ClockTree());
}
