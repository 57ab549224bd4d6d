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
import { Hsem } from './hsem.js';
import { Ipc, IpcChannels } from './ipc.js';
import { Mailbox } from './mailbox.js';
import { QspiFlash } from './rp2040/qspi-flash.js';
import { Ssi, SSI_ENVIRONMENT, type SsiEnvironment } from './rp2040/ssi.js';
import { Sio } from './sio.js';

/** What a device may need from the machine it is built into. */
export interface DeviceContext {
  host: DeviceHost;
  /** Simulated time, and callbacks at a time (an alarm, a UART's transmit drain). */
  time: DeviceTime;
  coreCount: number;
  /** Hart `id`'s own CLINT; undefined for a core that is not a RISC-V hart. */
  clintOf(id: number): Clint | undefined;
  /** State the devices of one machine share by kind (the IPC instances' channels). */
  shared: Map<string, unknown>;
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

registerDevice('sio', (d, c) => new Sio(c.host, d.divider, c.coreCount));
registerDevice('hsem', (d) => new Hsem(d.coreIds));
registerDevice('mailbox', (_d, c) => new Mailbox(c.host, c.coreCount));
registerDevice('ipc', (d, c) => {
  let channels = c.shared.get('ipc') as IpcChannels | undefined;
  if (channels === undefined) c.shared.set('ipc', (channels = new IpcChannels()));
  return new Ipc(d.name, c.host, channels, d.owner);
});
registerDevice('clint', (_d, c) => new ClintWindow(c.host, c.coreCount, c.clintOf));
registerDevice('rp2040-ssi', (d, c) => {
  const env = c.shared.get(SSI_ENVIRONMENT) as SsiEnvironment | undefined;
  if (env === undefined) throw new Error(`device ${d.name} (rp2040-ssi) needs ${SSI_ENVIRONMENT}`);
  const flash = new QspiFlash(env.memory(d.flash.memory), {
    nowNs: () => env.nowNs(),
    ...(d.flash.statusRegister2 !== undefined && { statusRegister2: d.flash.statusRegister2 }),
    ...(d.flash.jedecId !== undefined && { jedecId: d.flash.jedecId }),
  });
  return new Ssi({
    clkSysHz: () => env.clkSysHz(),
    nowNs: () => env.nowNs(),
    flash,
    ...(env.chipSelect !== undefined && { chipSelect: env.chipSelect }),
    report: (message) => c.host.note(0, 'device', message),
  });
});
