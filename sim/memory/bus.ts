/**
 * What a core sees of the chip: loads and stores on a bus. A core never sees the machine itself
 * (STYLE.md point 4). Multicore contention (issue: multicore machine) is added behind this interface:
 * the bus reports the extra cycles each access waited in `waitCycles`.
 */
export interface Bus {
  /**
   * An instruction fetch of one halfword (a core decodes each instruction once): counted and, behind
   * an XIP cache, looked up, but not timed as a data access. Between `deferFetches()` and
   * `takeDeferredFetches()` the cache lookups are kept instead, for the core to make with
   * `replayFetches` when the instruction first runs (a core that decodes ahead of its time).
   */
  fetch16(addr: number): number;
  /** See fetch16. A bus without caches defers nothing. */
  deferFetches?(): void;
  /**
   * Timed instruction fetch (a cached flash behind a timed XIP port, flash-interface.ts): log2 of
   * the fetch width for the code page at `pageBase`, or 0 when fetches there are not timed. The
   * core then calls `fetchLine` with its cycles up to date whenever it runs into another fetch.
   */
  fetchLineShift?(pageBase: number): number;
  /** Wait cycles of the fetch holding `addr` now (the port's and a miss's; 0 when untimed). */
  fetchLine?(addr: number): number;
  takeDeferredFetches?(): DeferredFetches | undefined;
  replayFetches?(fetches: DeferredFetches): void;
  read8(addr: number): number;
  read16(addr: number): number;
  read32(addr: number): number;
  write8(addr: number, value: number): void;
  write16(addr: number, value: number): void;
  write32(addr: number, value: number): void;
  /**
   * Extra cycles (wait states, contention) charged by the accesses since the core last cleared it.
   * The core adds it to its cycle count and sets it back to 0.
   */
  waitCycles: number;
  /**
   * Exclusive accesses on a bus shared with other masters (the global monitor, exclusive-monitor.ts):
   * a load-exclusive tags its address after reading it. A bus with one master lacks both methods
   * and leaves exclusives to the core's local monitor.
   */
  markExclusive?(addr: number): void;
  /**
   * A store-exclusive asks whether it may write: false when another master stored to the tagged
   * address since it was tagged (ARM: the bus answers OKAY instead of EXOKAY). Clears the tag.
   */
  claimExclusive?(addr: number): boolean;
}

/** Cache lookups of fetches made ahead of their time (Bus.deferFetches); opaque to the core. */
export interface DeferredFetches {
  readonly count: number;
}

/** Raised by a bus for an access to an address no region backs. Cores turn it into a guest fault. */
export class BusFault extends Error {
  constructor(
    readonly addr: number,
    readonly write: boolean,
    readonly size: 1 | 2 | 4,
    /** Why, when a device refused the access (an unimplemented register with --strict-mmio). */
    readonly reason?: string,
  ) {
    super(
      `bus fault: ${write ? 'write' : 'read'} of ${size} byte(s) at 0x${(addr >>> 0).toString(16).padStart(8, '0')}${reason === undefined ? '' : `: ${reason}`}`,
    );
    this.name = 'BusFault';
  }
}

/** A device mapped into the address space (System Control Space, timers, SIO...). */
export interface Device {
  read(offset: number, size: 1 | 2 | 4): number;
  write(offset: number, size: 1 | 2 | 4, value: number): void;
}

export interface RamRegion {
  name: string;
  base: number;
  bytes: Uint8Array;
  /** Wait states per access (0 for zero-wait SRAM). */
  waitStates: number;
}

interface DeviceRegion {
  name: string;
  base: number;
  size: number;
  device: Device;
}

/**
 * A flat memory map: RAM regions backed by byte arrays plus devices. Zero wait unless a region says
 * otherwise. Little-endian, as every core arielsim models.
 */
export class FlatBus implements Bus {
  waitCycles = 0;
  private readonly rams: RamRegion[] = [];
  private readonly devices: DeviceRegion[] = [];
  // One-entry lookup cache: most consecutive accesses hit the same region.
  private last: RamRegion | undefined;

  addRam(name: string, base: number, size: number, waitStates = 0): RamRegion {
    const region: RamRegion = { name, base: base >>> 0, bytes: new Uint8Array(size), waitStates };
    for (const r of this.rams) {
      if (region.base < r.base + r.bytes.length && r.base < region.base + size) {
        throw new Error(`RAM region ${name} overlaps ${r.name}`);
      }
    }
    this.rams.push(region);
    return region;
  }

  addDevice(name: string, base: number, size: number, device: Device): void {
    this.devices.push({ name, base: base >>> 0, size, device });
  }

  /** The RAM region containing [addr, addr+size), if any. */
  ramAt(addr: number, size = 1): RamRegion | undefined {
    addr >>>= 0;
    const last = this.last;
    if (last !== undefined && addr >= last.base && addr + size <= last.base + last.bytes.length) {
      return last;
    }
    for (const r of this.rams) {
      if (addr >= r.base && addr + size <= r.base + r.bytes.length) {
        this.last = r;
        return r;
      }
    }
    return undefined;
  }

  private deviceAt(addr: number): DeviceRegion | undefined {
    for (const d of this.devices) if (addr >= d.base && addr < d.base + d.size) return d;
    return undefined;
  }

  /** Copies bytes into RAM (loader use: no wait states charged). */
  load(addr: number, data: Uint8Array): void {
    const r = this.ramAt(addr, data.length);
    if (r === undefined) throw new BusFault(addr, true, 1);
    r.bytes.set(data, (addr >>> 0) - r.base);
  }

  read8(addr: number): number {
    const r = this.ramAt(addr, 1);
    if (r !== undefined) {
      this.waitCycles += r.waitStates;
      return r.bytes[(addr >>> 0) - r.base]!;
    }
    return this.deviceRead(addr, 1);
  }

  fetch16(addr: number): number {
    return this.read16(addr);
  }

  read16(addr: number): number {
    const r = this.ramAt(addr, 2);
    if (r !== undefined) {
      this.waitCycles += r.waitStates;
      const o = (addr >>> 0) - r.base;
      const b = r.bytes;
      return b[o]! | (b[o + 1]! << 8);
    }
    return this.deviceRead(addr, 2);
  }

  read32(addr: number): number {
    const r = this.ramAt(addr, 4);
    if (r !== undefined) {
      this.waitCycles += r.waitStates;
      const o = (addr >>> 0) - r.base;
      const b = r.bytes;
      return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
    }
    return this.deviceRead(addr, 4);
  }

  write8(addr: number, value: number): void {
    const r = this.ramAt(addr, 1);
    if (r !== undefined) {
      this.waitCycles += r.waitStates;
      r.bytes[(addr >>> 0) - r.base] = value;
      return;
    }
    this.deviceWrite(addr, 1, value & 0xff);
  }

  write16(addr: number, value: number): void {
    const r = this.ramAt(addr, 2);
    if (r !== undefined) {
      this.waitCycles += r.waitStates;
      const o = (addr >>> 0) - r.base;
      r.bytes[o] = value;
      r.bytes[o + 1] = value >>> 8;
      return;
    }
    this.deviceWrite(addr, 2, value & 0xffff);
  }

  write32(addr: number, value: number): void {
    const r = this.ramAt(addr, 4);
    if (r !== undefined) {
      this.waitCycles += r.waitStates;
      const o = (addr >>> 0) - r.base;
      const b = r.bytes;
      b[o] = value;
      b[o + 1] = value >>> 8;
      b[o + 2] = value >>> 16;
      b[o + 3] = value >>> 24;
      return;
    }
    this.deviceWrite(addr, 4, value >>> 0);
  }

  private deviceRead(addr: number, size: 1 | 2 | 4): number {
    addr >>>= 0;
    const d = this.deviceAt(addr);
    if (d === undefined) throw new BusFault(addr, false, size);
    return d.device.read(addr - d.base, size) >>> 0;
  }

  private deviceWrite(addr: number, size: 1 | 2 | 4, value: number): void {
    addr >>>= 0;
    const d = this.deviceAt(addr);
    if (d === undefined) throw new BusFault(addr, true, size);
    d.device.write(addr - d.base, size, value);
  }
}
