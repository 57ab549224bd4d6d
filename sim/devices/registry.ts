/**
 * Builds a board's devices from their data (platforms/boards/devices.ts): one factory per device
 * kind, registered once (a duplicate registration throws). The machine asks the registry for each
 * device a board declares; nothing here or in the machine looks at a board's name.
 */
import type { BoardDevice, DeviceKind } from '../../platforms/boards/devices.js';
import type { Clint } from '../core/riscv/clint.js';
import { ClintWindow } from './clint-window.js';
import type { DeviceHost, MachineDevice } from './device.js';
import type { DeviceTime } from './time.js';
import type { FillSource } from '../memory/flash-interface.js';
import { qspiChipSelect } from './rp2040/io.js';
import { makeXipCtrl, type ControlledCache } from './rp2040/xip-ctrl.js';
import { Hsem } from './hsem.js';
import { Ipc, IpcChannels } from './ipc.js';
import { Mailbox } from './mailbox.js';
import { makeClocks } from './rp2040/clocks.js';
import type { Rp2040DeviceEnv } from './rp2040/env.js';
import { makeIoBank } from './rp2040/io.js';
import { makePads } from './rp2040/pads.js';
import { makePll } from './rp2040/pll.js';
import { makePsm } from './rp2040/psm.js';
import { QspiFlash } from './rp2040/qspi-flash.js';
import { makeResets } from './rp2040/resets.js';
import { makeRosc } from './rp2040/rosc.js';
import { makeSyscfg } from './rp2040/syscfg.js';
import { makeTbman } from './rp2040/tbman.js';
import { makeTimer } from './rp2040/timer.js';
import { makeUart } from './rp2040/uart.js';
import { makeVregChipReset } from './rp2040/vreg-chip-reset.js';
import { makeWatchdog } from './rp2040/watchdog.js';
import { makeXosc } from './rp2040/xosc.js';
import { Ssi } from './rp2040/ssi.js';
import { XipSram } from './rp2040/xip-sram.js';
import { Sio } from './sio.js';

/** What a device may need from the machine it is built into. */
export interface DeviceContext {
  host: DeviceHost;
  /** Simulated time, and callbacks at a time (an alarm, a UART's transmit drain). */
  time: DeviceTime;
  coreCount: number;
  /** The clock of core `id` in Hz. */
  clockHz(id: number): number;
  /** The bytes of board memory `name` (an alias: its target's), undefined when there is none. */
  memory(name: string): Uint8Array | undefined;
  /** Hart `id`'s own CLINT; undefined for a core that is not a RISC-V hart. */
  clintOf(id: number): Clint | undefined;
  /** State the devices of one machine share by kind (the IPC instances' channels). */
  shared: Map<string, unknown>;
  /** The cache of cached memory `name` (XIP_CTRL's), undefined when there is none. */
  cacheOf(name: string): ControlledCache | undefined;
  /**
   * Makes `source` the serial interface that serves the cache misses of memory `name`
   * (sim/memory/flash-interface.ts); returns what the source calls when its programming changed.
   */
  attachFlashInterface(name: string, source: FillSource): () => void;
  /** A byte a UART sent (port: the device's `port` name), at simulated time `atNs`. */
  serialOut?(port: string, byte: number, atNs: number): void;
  /** Holds core `id` in reset (true), or releases it to run from its reset vector (false). */
  setCoreHeld?(id: number, held: boolean): void;
  /** An access to a register a device does not implement (reported once per register). */
  onUnimplemented?(device: string, offset: number, nearestRegister: string): void;
  /** Such an access is a bus fault instead (`--strict-mmio`). */
  strictMmio: boolean;
}

type Factory<K extends DeviceKind> = (
  config: Extract<BoardDevice, { kind: K }>,
  context: DeviceContext,
) => MachineDevice;

const factories = new Map<DeviceKind, Factory<DeviceKind>>();

/** Adds the factory of a device kind; a second factory for the same kind is a bug and throws. */
export function registerDevice<K extends DeviceKind>(kind: K, factory: Factory<K>): void {
  if (factories.has(kind)) throw new Error(`device kind ${kind} registered twice`);
  factories.set(kind, factory as unknown as Factory<DeviceKind>);
}

/** The device a board declares, built by its kind's factory. */
export function buildDevice(config: BoardDevice, context: DeviceContext): MachineDevice {
  const factory = factories.get(config.kind);
  if (factory === undefined) throw new Error(`no factory for device kind ${config.kind}`);
  return factory(config, context);
}

registerDevice('sio', (d, c) => new Sio(c.host, d.divider, c.coreCount, d.fifoIrqs));
registerDevice('hsem', (d) => new Hsem(d.coreIds));
registerDevice('mailbox', (_d, c) => new Mailbox(c.host, c.coreCount));
registerDevice('ipc', (d, c) => {
  let channels = c.shared.get('ipc') as IpcChannels | undefined;
  if (channels === undefined) c.shared.set('ipc', (channels = new IpcChannels()));
  return new Ipc(d.name, c.host, channels, d.owner);
});
registerDevice('clint', (_d, c) => new ClintWindow(c.host, c.coreCount, c.clintOf));
registerDevice('rp2040-ssi', (d, c) => {
  const bytes = c.memory(d.flash.memory);
  // The board checks (platforms/boards/checks.ts) make sure the memory exists.
  if (bytes === undefined) throw new Error(`device ${d.name}: no memory ${d.flash.memory}`);
  const flash = new QspiFlash(bytes, {
    nowNs: () => c.time.nowNs(),
    ...(d.flash.statusRegister2 !== undefined && { statusRegister2: d.flash.statusRegister2 }),
    ...(d.flash.jedecId !== undefined && { jedecId: d.flash.jedecId }),
  });
  const cs = qspiChipSelect(rp2040Env(c));
  // The SSI's clock is clk_sys, the cores' clock (RP2040 datasheet §4.10.4).
  const ssi: Ssi = new Ssi({
    clkSysHz: () => c.clockHz(0),
    nowNs: () => c.time.nowNs(),
    flash,
    chipSelect: (ssiSelects) => cs.selected(ssiSelects),
    report: (message) => c.host.note(0, 'device', message),
    onWrite: () => programmed(),
  });
  cs.listeners.push(() => ssi.chipSelectChanged());
  const programmed = c.attachFlashInterface(d.flash.memory, ssi);
  return ssi;
});
registerDevice('rp2040-xip-sram', (d, c) => new XipSram(d.name, d.size, cacheOfDevice(d, c)));
registerDevice('rp2040-xip-ctrl', (d, c) => makeXipCtrl(d, rp2040Env(c), cacheOfDevice(d, c)));

/** The cache a device names (the board checks make sure the memory exists and has one). */
function cacheOfDevice(d: { name: string; cache: string }, c: DeviceContext): ControlledCache {
  const cache = c.cacheOf(d.cache);
  if (cache === undefined) throw new Error(`device ${d.name}: no cache on memory ${d.cache}`);
  return cache;
}

/**
 * The environment of the RP2040 peripheral models (sim/devices/rp2040/env.ts) from the machine's
 * context: every interrupt line goes to every core (RP2040 datasheet §2.3.2), the blocks share
 * their chip-wide state (reset lines, clock tree, QSPI chip select) through `shared`; UART bytes,
 * core holds and unimplemented registers go to the machine's hooks.
 */
function rp2040Env(c: DeviceContext): Rp2040DeviceEnv {
  return {
    host: c.host,
    time: c.time,
    irqCores: Array.from({ length: c.coreCount }, (_, id) => id),
    shared: c.shared,
    memory: c.memory,
    ...(c.serialOut !== undefined && { serialOut: c.serialOut }),
    ...(c.setCoreHeld !== undefined && { setCoreHeld: c.setCoreHeld }),
    ...(c.onUnimplemented !== undefined && { onUnimplemented: c.onUnimplemented }),
    strictMmio: c.strictMmio,
  };
}

registerDevice('rp2040-resets', (d, c) => makeResets(d, rp2040Env(c)));
registerDevice('rp2040-psm', (d, c) => makePsm(d, rp2040Env(c)));
registerDevice('rp2040-clocks', (d, c) =>
  makeClocks({ base: d.base, ...(d.gpinHz !== undefined && { gpinHz: d.gpinHz }) }, rp2040Env(c)),
);
registerDevice('rp2040-xosc', (d, c) =>
  makeXosc(
    { base: d.base, ...(d.crystalHz !== undefined && { crystalHz: d.crystalHz }) },
    rp2040Env(c),
  ),
);
registerDevice('rp2040-rosc', (d, c) =>
  makeRosc({ base: d.base, ...(d.bootHz !== undefined && { bootHz: d.bootHz }) }, rp2040Env(c)),
);
registerDevice('rp2040-pll', (d, c) =>
  makePll(
    { base: d.base, pll: d.pll, ...(d.lockNs !== undefined && { lockNs: d.lockNs }) },
    rp2040Env(c),
  ),
);
registerDevice('rp2040-watchdog', (d, c) => makeWatchdog(d, rp2040Env(c)));
registerDevice('rp2040-timer', (d, c) => makeTimer(d, rp2040Env(c)));
registerDevice('rp2040-vreg-chip-reset', (d, c) => makeVregChipReset(d, rp2040Env(c)));
registerDevice('rp2040-syscfg', (d, c) => makeSyscfg(d, rp2040Env(c)));
registerDevice('rp2040-tbman', (d, c) => makeTbman(d, rp2040Env(c)));
registerDevice('rp2040-io', (d, c) => makeIoBank(d, rp2040Env(c)));
registerDevice('rp2040-pads', (d, c) => makePads(d, rp2040Env(c)));
registerDevice('rp2040-uart', (d, c) =>
  makeUart(
    { base: d.base, uart: d.uart, ...(d.port !== undefined && { port: d.port }) },
    rp2040Env(c),
  ),
);
