/**
 * A manual clock (the test implementation of DeviceTime) and a recording environment for the
 * RP2040 peripheral models: tests advance simulated time by hand and look at the IRQ levels,
 * notes, serial bytes and core holds the devices produced.
 */
import type { DeviceHost, MachineDevice } from '../../../../sim/devices/device.js';
import type { Rp2040DeviceEnv } from '../../../../sim/devices/rp2040/env.js';
import type { DeviceTime, TimerHandle } from '../../../../sim/devices/time.js';

interface Pending {
  handle: TimerHandle;
  atNs: number;
  callback: () => void;
}

export class ManualClock implements DeviceTime {
  private now = 0;
  private nextId = 1;
  private pending: Pending[] = [];

  nowNs(): number {
    return this.now;
  }

  schedule(atNs: number, callback: () => void): TimerHandle {
    const handle = { id: this.nextId++ };
    this.pending.push({ handle, atNs, callback });
    return handle;
  }

  cancel(handle: TimerHandle): void {
    this.pending = this.pending.filter((p) => p.handle !== handle);
  }

  /** Times of the callbacks still scheduled, in order. */
  get scheduled(): number[] {
    return this.pending.map((p) => p.atNs).sort((a, b) => a - b);
  }

  /** Advances to `atNs`, running every callback due on the way at its own time. */
  advanceTo(atNs: number): void {
    for (;;) {
      const due = this.pending
        .filter((p) => p.atNs <= atNs)
        .sort((a, b) => a.atNs - b.atNs || a.handle.id - b.handle.id)[0];
      if (due === undefined) break;
      this.pending = this.pending.filter((p) => p !== due);
      this.now = Math.max(this.now, due.atNs);
      due.callback();
    }
    this.now = Math.max(this.now, atNs);
  }

  advanceBy(deltaNs: number): void {
    this.advanceTo(this.now + deltaNs);
  }
}

export interface TestEnv extends Rp2040DeviceEnv {
  clock: ManualClock;
  irq: Map<string, boolean>;
  notes: string[];
  serial: { port: string; byte: number; atNs: number }[];
  held: [number, boolean][];
  unimplemented: string[];
}

export function testEnv(
  options: { strict?: boolean; memories?: Record<string, Uint8Array> } = {},
): TestEnv {
  const clock = new ManualClock();
  const irq = new Map<string, boolean>();
  const notes: string[] = [];
  const host: DeviceHost = {
    signalEvent: () => {},
    setIrq: (core, line, level) => irq.set(`${core}:${line}`, level),
    note: (core, kind, detail) => notes.push(`${core} ${kind} ${detail ?? ''}`),
  };
  const env: TestEnv = {
    host,
    time: clock,
    irqCores: [0, 1],
    shared: new Map(),
    clock,
    irq,
    notes,
    serial: [],
    held: [],
    unimplemented: [],
    strictMmio: options.strict,
    memory: (name) => options.memories?.[name],
    serialOut: (port, byte, atNs) => env.serial.push({ port, byte, atNs }),
    setCoreHeld: (core, held) => env.held.push([core, held]),
    onUnimplemented: (device, offset, nearest) =>
      env.unimplemented.push(`${device}+0x${offset.toString(16)} ${nearest}`),
  };
  return env;
}

/** 32-bit accessors through the normal, XOR, SET and CLR views (RP2040 §2.1.2). */
export function rw(device: MachineDevice, core = 0) {
  return {
    read: (offset: number) => device.read(offset, 4, core),
    write: (offset: number, value: number) => device.write(offset, 4, value >>> 0, core),
    xor: (offset: number, value: number) => device.write(offset + 0x1000, 4, value >>> 0, core),
    set: (offset: number, value: number) => device.write(offset + 0x2000, 4, value >>> 0, core),
    clr: (offset: number, value: number) => device.write(offset + 0x3000, 4, value >>> 0, core),
  };
}

/** Block base addresses (pico-sdk regs/addressmap.h), for board data in the tests. */
export const BASE = {
  SYSCFG: 0x4000_4000,
  CLOCKS: 0x4000_8000,
  RESETS: 0x4000_c000,
  PSM: 0x4001_0000,
  IO_BANK0: 0x4001_4000,
  IO_QSPI: 0x4001_8000,
  PADS_BANK0: 0x4001_c000,
  PADS_QSPI: 0x4002_0000,
  XOSC: 0x4002_4000,
  PLL_SYS: 0x4002_8000,
  PLL_USB: 0x4002_c000,
  UART0: 0x4003_4000,
  UART1: 0x4003_8000,
  TIMER: 0x4005_4000,
  WATCHDOG: 0x4005_8000,
  ROSC: 0x4006_0000,
  VREG_AND_CHIP_RESET: 0x4006_4000,
  TBMAN: 0x4006_c000,
} as const;
