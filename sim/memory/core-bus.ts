/**
 * One core's port onto the machine's memory map: loads and stores with their time. Each access is
 * placed in global time at the core's current cycle (the start of the instruction) plus the cycles
 * it already waited plus one cycle per earlier access of the same instruction (LDM/PUSH beats);
 * banked SRAM arbitrates it, cached flash looks it up, and the cycles lost land in `waitCycles`.
 *
 * Instruction fetches (`fetch16`) are not timed: the cores decode each instruction once and
 * re-execute the decoded form, so a fetch is only counted (and, behind an XIP cache, looked up).
 *
 * Before anything other cores could observe (a data or device access, a cache lookup, an exclusive),
 * the bus calls `ordering.catchUp`: the machine's lookahead scheduler then runs the cores that are
 * behind this one in global time up to it, so accesses reach memory, devices and the bank arbiters
 * in time order however far ahead the cores ran between them (sim/machine/lookahead.ts).
 */
import { DeviceAccessError } from '../devices/device.js';
import { BusFault, type Bus, type DeferredFetches } from './bus.js';
import type { ExclusiveMonitor } from './exclusive-monitor.js';
import type { MemoryMap, MemoryWindow } from './memory-map.js';
import type { Owed } from './round-robin.js';

/** log2 of an instruction fetch's width in bytes (timed fetches, `fetchLineShift`). */
const FETCH_SHIFT = 2;

interface Deferred extends DeferredFetches {
  lookups: { w: MemoryWindow; offset: number }[];
}

/** What the bus needs to know about the core that owns it. */
export interface BusOwner {
  cycles: number;
  pc: number;
}

/** Puts a core's observable actions in global time order (the machine's lookahead scheduler). */
export interface AccessOrdering {
  /** Runs every core that is behind core `coreId` in global time up to its current time. */
  catchUp(coreId: number): void;
}

export interface CoreBusStats {
  /** Data accesses (loads and stores). */
  accesses: number;
  fetches: number;
  /** Cycles lost to bank conflicts and wait states. */
  stalledCycles: number;
}

export class CoreBus implements Bus {
  waitCycles = 0;
  readonly stats: CoreBusStats = { accesses: 0, fetches: 0, stalledCycles: 0 };
  /** FNV-1a style running hash of every data access (address, direction, time). */
  traceHash = 0x811c9dc5;
  owner: BusOwner = { cycles: 0, pc: -1 };
  /** False while the machine resets the core: its vector-table reads take no bus time. */
  timed = true;
  /** Set by a machine that runs cores ahead of each other (lookahead); undefined: call order. */
  ordering: AccessOrdering | undefined = undefined;
  /** While true (Bus.deferFetches), fetch lookups in an XIP cache are kept in `deferred`. */
  private deferLookups = false;
  private deferred: { w: MemoryWindow; offset: number }[] = [];
  /** The windows of the latest two accesses that changed window. */
  private last: MemoryWindow | undefined;
  private previous: MemoryWindow | undefined;
  /** Cycles owed to the round-robin tie-break (the map's; undefined when the board has none). */
  private readonly owed: Owed | undefined;
  /** The window of the latest timed fetch (fetchLine). */
  private fetchWindow: MemoryWindow | undefined;
  private beatCycle = -1;
  private beats = 0;

  constructor(
    readonly coreId: number,
    private readonly map: MemoryMap,
    /** Global ticks per cycle of this core. */
    private readonly ticksPerCycle: number,
    /** The shared memory's exclusive monitor (undefined: exclusives stay core-local). */
    private readonly monitor?: ExclusiveMonitor,
  ) {
    this.owed = map.owed;
  }

  read8(addr: number): number {
    const w = this.window(addr, 1, false);
    if (w.device !== undefined) return this.deviceRead(w, addr, 1) & 0xff;
    return w.storage![this.access(w, addr, 1, false)]!;
  }

  fetch16(addr: number): number {
    const w = this.window(addr, 2, false);
    if (w.device !== undefined) return this.deviceRead(w, addr, 2) & 0xffff;
    const o = this.fetched(w, addr);
    const s = w.storage!;
    return s[o]! | (s[o + 1]! << 8);
  }

  deferFetches(): void {
    this.deferLookups = true;
  }

  takeDeferredFetches(): DeferredFetches | undefined {
    this.deferLookups = false;
    if (this.deferred.length === 0) return undefined;
    const lookups = this.deferred;
    this.deferred = [];
    return { count: lookups.length, lookups } as DeferredFetches;
  }

  /** Makes the XIP lookups of a deferred decode (see `deferFetches`), in fetch order. */
  replayFetches(fetches: DeferredFetches): void {
    for (const { w, offset } of (fetches as Deferred).lookups)
      w.cache!.model.lookup(offset, w.cacheLookup, w.cacheAllocate);
  }

  read16(addr: number): number {
    const w = this.window(addr, 2, false);
    if (w.device !== undefined) return this.deviceRead(w, addr, 2) & 0xffff;
    const o = this.timed ? this.access(w, addr, 2, false) : this.fetched(w, addr);
    const s = w.storage!;
    return s[o]! | (s[o + 1]! << 8);
  }

  read32(addr: number): number {
    const w = this.window(addr, 4, false);
    if (w.device !== undefined) return this.deviceRead(w, addr, 4) >>> 0;
    const o = this.timed ? this.access(w, addr, 4, false) : this.fetched(w, addr);
    const s = w.storage!;
    return (s[o]! | (s[o + 1]! << 8) | (s[o + 2]! << 16) | (s[o + 3]! << 24)) >>> 0;
  }

  write8(addr: number, value: number): void {
    const w = this.window(addr, 1, true);
    if (w.device !== undefined) return this.deviceWrite(w, addr, 1, value & 0xff);
    w.storage![this.access(w, addr, 1, true)] = value;
    if (this.monitor !== undefined && this.monitor.tagged !== 0)
      this.monitor.stored(this.coreId, addr, 1);
  }

  write16(addr: number, value: number): void {
    const w = this.window(addr, 2, true);
    if (w.device !== undefined) return this.deviceWrite(w, addr, 2, value & 0xffff);
    const o = this.access(w, addr, 2, true);
    const s = w.storage!;
    s[o] = value;
    s[o + 1] = value >>> 8;
    if (this.monitor !== undefined && this.monitor.tagged !== 0)
      this.monitor.stored(this.coreId, addr, 2);
  }

  write32(addr: number, value: number): void {
    const w = this.window(addr, 4, true);
    if (w.device !== undefined) return this.deviceWrite(w, addr, 4, value >>> 0);
    const o = this.access(w, addr, 4, true);
    const s = w.storage!;
    s[o] = value;
    s[o + 1] = value >>> 8;
    s[o + 2] = value >>> 16;
    s[o + 3] = value >>> 24;
    if (this.monitor !== undefined && this.monitor.tagged !== 0)
      this.monitor.stored(this.coreId, addr, 4);
  }

  markExclusive(addr: number): void {
    this.monitor?.mark(this.coreId, addr);
  }

  claimExclusive(addr: number): boolean {
    if (this.monitor === undefined) return true;
    this.ordering?.catchUp(this.coreId);
    return this.monitor.claim(this.coreId, addr);
  }

  private window(addr: number, size: 1 | 2 | 4, write: boolean): MemoryWindow {
    addr >>>= 0;
    let w = this.last;
    if (w === undefined || addr < w.base || addr + size > w.end) {
      // Kernels alternate between two memories (weights in flash, activations in SRAM).
      const other = this.previous;
      if (other !== undefined && addr >= other.base && addr + size <= other.end) w = other;
      else {
        w = this.map.find(addr, this.coreId);
        if (w === undefined || addr + size > w.end) this.fault(addr, write, size);
      }
      this.previous = this.last;
      this.last = w;
    }
    if (write && !w.writable) this.fault(addr, write, size);
    return w;
  }

  /** A bus fault is an event of the core's time like any access: the others catch up first. */
  private fault(addr: number, write: boolean, size: 1 | 2 | 4): never {
    if (this.timed) this.ordering?.catchUp(this.coreId);
    throw new BusFault(addr, write, size);
  }

  private deviceRead(w: MemoryWindow, addr: number, size: 1 | 2 | 4): number {
    if (this.timed) this.ordering?.catchUp(this.coreId);
    try {
      return w.device!.read(addr - w.base, size, this.coreId);
    } catch (e) {
      if (e instanceof DeviceAccessError) throw new BusFault(addr, false, size, e.message);
      throw e;
    }
  }

  private deviceWrite(w: MemoryWindow, addr: number, size: 1 | 2 | 4, value: number): void {
    if (this.timed) this.ordering?.catchUp(this.coreId);
    try {
      w.device!.write(addr - w.base, size, value, this.coreId);
    } catch (e) {
      if (e instanceof DeviceAccessError) throw new BusFault(addr, true, size, e.message);
      throw e;
    }
  }

  /** A data access: arbitration, cache and wait states; returns the storage offset. */
  private access(w: MemoryWindow, addr: number, size: number, write: boolean): number {
    const ordering = this.ordering;
    if (ordering !== undefined) ordering.catchUp(this.coreId);
    if (this.owed !== undefined) this.payOwed();
    const offset = (addr >>> 0) - w.base;
    const o = w.toStorage === undefined ? offset : w.toStorage(offset);
    const owner = this.owner;
    if (owner.cycles !== this.beatCycle) {
      this.beatCycle = owner.cycles;
      this.beats = 0;
    }
    const atCycle = owner.cycles + this.waitCycles + this.beats++;
    let wait = w.waitStates;
    if (w.cache !== undefined) wait = this.cached(w, o, size, atCycle);
    if (w.banking !== undefined) {
      const ticks = w.banking.arbiter.access(w.banking.bankOf(o), atCycle * this.ticksPerCycle);
      if (ticks !== 0) wait += Math.ceil(ticks / this.ticksPerCycle);
    }
    const stats = this.stats;
    stats.accesses++;
    stats.stalledCycles += wait;
    this.waitCycles += wait;
    let h = Math.imul(this.traceHash ^ (addr >>> 0), 0x01000193);
    h = Math.imul(h ^ (atCycle + wait) ^ (write ? 0x80000000 : 0), 0x01000193);
    this.traceHash = h >>> 0;
    return o;
  }

  /** Cycles beyond a plain access at `atCycle`: a miss fills the line(s) from flash. */
  private cached(w: MemoryWindow, o: number, size: number, atCycle: number): number {
    const cache = w.cache!;
    let wait = this.lookup(w, o, atCycle);
    if (cache.model.spansLines(o, size)) wait += this.lookup(w, o + size - 1, atCycle + wait);
    return wait;
  }

  /**
   * One cache lookup at `atCycle` and its cycles beyond a plain access: through the shared XIP
   * port once boot2 set it up (flash-interface.ts), else a hit's extra cycles or the memory's
   * constant waitStates per miss.
   */
  private lookup(w: MemoryWindow, o: number, atCycle: number): number {
    const cache = w.cache!;
    const hit = cache.model.lookup(o, w.cacheLookup, w.cacheAllocate);
    const extra = hit ? Math.max(0, cache.hitCycles - 1) : 0;
    const iface = cache.iface;
    if (iface !== undefined) {
      const ticks = iface.access(atCycle * this.ticksPerCycle, !hit, this.coreId);
      if (ticks >= 0) return extra + Math.ceil(ticks / this.ticksPerCycle);
    }
    return hit ? extra : w.waitStates;
  }

  /** M0+ instruction fetches are 32 bits wide (Cortex-M0+ TRM §2.1: a 32-bit AHB-Lite fetch). */
  fetchLineShift(pageBase: number): number {
    const w = this.map.find(pageBase, this.coreId);
    return w?.cache?.iface?.active === true ? FETCH_SHIFT : 0;
  }

  fetchLine(addr: number): number {
    addr >>>= 0;
    // Its own window memo: fetches would otherwise evict the data accesses' two (`window`).
    let w = this.fetchWindow;
    if (w === undefined || addr < w.base || addr + 2 > w.end) {
      w = this.map.find(addr, this.coreId);
      if (w === undefined || addr + 2 > w.end) this.fault(addr, false, 2);
      this.fetchWindow = w;
    }
    const cache = w.cache;
    if (cache === undefined) return 0;
    const iface = cache.iface;
    if (iface === undefined || !iface.active) return 0;
    const offset = addr - w.base;
    const o = w.toStorage === undefined ? offset : w.toStorage(offset);
    const hit = cache.model.lookup(o, w.cacheLookup, w.cacheAllocate);
    // A miss holds the shared port for its fill: the cores behind this one make theirs first.
    if (!hit) this.ordering?.catchUp(this.coreId);
    const owed = this.owed === undefined ? 0 : this.owedCycles();
    const ticks = iface.access((this.owner.cycles + owed) * this.ticksPerCycle, !hit, this.coreId);
    if (ticks === 0 && owed === 0) return 0;
    const wait = owed + Math.ceil(ticks / this.ticksPerCycle);
    this.stats.stalledCycles += wait;
    return wait;
  }

  /** The whole cycles this core owes for contests it lost after being served (round-robin.ts). */
  private owedCycles(): number {
    const ticks = this.owed!.take(this.coreId);
    return ticks === 0 ? 0 : Math.ceil(ticks / this.ticksPerCycle);
  }

  /** A data access starts by paying what the core owes: it waits as its earlier access would have. */
  private payOwed(): void {
    const cycles = this.owedCycles();
    if (cycles === 0) return;
    this.waitCycles += cycles;
    this.stats.stalledCycles += cycles;
  }

  /** An instruction fetch: counted and looked up in an XIP cache, not timed (see the header). */
  private fetched(w: MemoryWindow, addr: number): number {
    const offset = (addr >>> 0) - w.base;
    const o = w.toStorage === undefined ? offset : w.toStorage(offset);
    this.stats.fetches++;
    if (this.deferLookups) {
      if (w.cache !== undefined && !(w.cache.iface?.active ?? false))
        this.deferred.push({ w, offset: o });
      return o;
    }
    // A decode at the instruction's time, or a fault report reading the faulting instruction.
    if (this.timed) this.ordering?.catchUp(this.coreId);
    // Timed fetches (fetchLine) make their own lookups.
    if (w.cache !== undefined && !(w.cache.iface?.active ?? false))
      w.cache.model.lookup(o, w.cacheLookup, w.cacheAllocate);
    return o;
  }
}
