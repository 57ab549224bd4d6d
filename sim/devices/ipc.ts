/**
 * Nordic nRF5340 IPC, the interprocessor communication block (nRF5340 Product Specification v1.3
 * §7.13 IPC): one instance per core (application core 0x4002_A000, network core 0x4101_2000), 16
 * send tasks and 16 receive events joined by 16 channels. TASKS_SEND[n] signals every channel set
 * in SEND_CNF[n]; in every instance, EVENTS_RECEIVE[m] fires when RECEIVE_CNF[m] has one of those
 * channels set. A receive event whose INTEN bit is set pends the core's IPC interrupt, which ends
 * a WFE (SEVONPEND behaviour is not modelled: the core's event register is set). Register offsets
 * from the PS's register table; GPMEM[0..1] are two general-purpose words.
 */
import type { DeviceHost, MachineDevice } from './device.js';

const TASKS_SEND = 0x000;
const EVENTS_RECEIVE = 0x100;
const INTEN = 0x300;
const INTENSET = 0x304;
const INTENCLR = 0x308;
const INTPEND = 0x30c;
const SEND_CNF = 0x510;
const RECEIVE_CNF = 0x590;
const GPMEM = 0x610;
const CHANNELS = 16;

/** Whether `offset` is one of the 16 words of the register array at `base`. */
const inArray = (offset: number, base: number) =>
  offset >= base && offset < base + 4 * CHANNELS && (offset & 3) === 0;

/** The channels that join the instances of one chip. */
export class IpcChannels {
  readonly instances: Ipc[] = [];

  signal(channels: number): void {
    for (const ipc of this.instances) ipc.receive(channels);
  }
}

export class Ipc implements MachineDevice {
  readonly name: string;
  private readonly events = new Uint32Array(CHANNELS);
  private readonly sendCnf = new Uint32Array(CHANNELS);
  private readonly receiveCnf = new Uint32Array(CHANNELS);
  private readonly gpmem = new Uint32Array(2);
  private inten = 0;

  constructor(
    name: string,
    private readonly host: DeviceHost,
    private readonly channels: IpcChannels,
    /** The core this instance interrupts. */
    private readonly owner: number,
  ) {
    this.name = name;
    channels.instances.push(this);
  }

  read(offset: number): number {
    if (inArray(offset, EVENTS_RECEIVE)) return this.events[(offset - EVENTS_RECEIVE) >>> 2]!;
    if (offset === INTEN || offset === INTENSET || offset === INTENCLR) return this.inten >>> 0;
    if (offset === INTPEND) return this.pending() >>> 0;
    if (inArray(offset, SEND_CNF)) return this.sendCnf[(offset - SEND_CNF) >>> 2]!;
    if (inArray(offset, RECEIVE_CNF)) return this.receiveCnf[(offset - RECEIVE_CNF) >>> 2]!;
    if (offset === GPMEM || offset === GPMEM + 4) return this.gpmem[(offset - GPMEM) >>> 2]!;
    return 0;
  }

  write(offset: number, _size: 1 | 2 | 4, value: number): void {
    if (inArray(offset, TASKS_SEND)) {
      if ((value & 1) !== 0) this.channels.signal(this.sendCnf[(offset - TASKS_SEND) >>> 2]!);
    } else if (inArray(offset, EVENTS_RECEIVE))
      this.events[(offset - EVENTS_RECEIVE) >>> 2] = value & 1;
    else if (offset === INTEN) this.inten = value & 0xffff;
    else if (offset === INTENSET) this.inten |= value & 0xffff;
    else if (offset === INTENCLR) this.inten &= ~value;
    else if (inArray(offset, SEND_CNF)) this.sendCnf[(offset - SEND_CNF) >>> 2] = value & 0xffff;
    else if (inArray(offset, RECEIVE_CNF))
      this.receiveCnf[(offset - RECEIVE_CNF) >>> 2] = value & 0xffff;
    else if (offset === GPMEM || offset === GPMEM + 4)
      this.gpmem[(offset - GPMEM) >>> 2] = value >>> 0;
  }

  /** Channels signalled: the receive events configured for any of them fire. */
  receive(channels: number): void {
    let fired = false;
    for (let m = 0; m < CHANNELS; m++) {
      if ((this.receiveCnf[m]! & channels) === 0) continue;
      this.events[m] = 1;
      if ((this.inten & (1 << m)) !== 0) fired = true;
    }
    if (fired) this.host.signalEvent(this.owner);
  }

  private pending(): number {
    let p = 0;
    for (let m = 0; m < CHANNELS; m++) if (this.events[m] !== 0) p |= 1 << m;
    return p & this.inten;
  }
}
