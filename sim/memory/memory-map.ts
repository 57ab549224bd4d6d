/**
 * The machine's address map, built from a board's memories: storage shared by alias views, per-bank
 * arbitration for banked SRAM, an XIP cache in front of cached flash, memories private to some cores,
 * and devices. Cores reach it through their own `CoreBus` (core-bus.ts), which charges the time.
 */
import type { BoardMemory } from '../../platforms/boards/schema.js';
import type { MachineDevice } from '../devices/device.js';
import { BankArbiter } from './bank-arbiter.js';
import type { FlashInterface } from './flash-interface.js';
import { XipCache } from './xip-cache.js';
import { Owed } from './round-robin.js';

/** One address range as the cores see it. */
export interface MemoryWindow {
  name: string;
  base: number;
  /** First address past the window. */
  end: number;
  /** Core ids that reach it; undefined when every core does. */
  privateTo: readonly number[] | undefined;
  /** RAM-like storage (shared with the aliased memory for an alias), or undefined for a device. */
  storage: Uint8Array | undefined;
  /** Maps an offset in this window to an offset in `storage` (aliases with other striping). */
  toStorage: ((offset: number) => number) | undefined;
  /** Bank of a storage offset, with the arbiter of the storage's banks. */
  banking: { arbiter: BankArbiter; bankOf: (storageOffset: number) => number } | undefined;
  /** Extra cycles per access (uncached flash), charged in the accessing core's cycles. */
  waitStates: number;
  /** The cache of a cached flash; an alias shares its target's (the same object). */
  cache: WindowCache | undefined;
  /** Whether accesses look for a hit in `cache`, and whether their misses fill a line. */
  cacheLookup: boolean;
  cacheAllocate: boolean;
  device: MachineDevice | undefined;
  writable: boolean;
}

export interface WindowCache {
  model: XipCache;
  hitCycles: number;
  /** log2 of the line size. */
  lineShift: number;
  /** The shared serial interface that times the misses, once attached (flash-interface.ts). */
  iface: FlashInterface | undefined;
}

export interface MemoryMapOptions {
  /** Length of one bank cycle in global ticks. */
  slotTicks: number;
  /** Bank cycles lost per lost arbitration (the board's interconnect `bankConflictCycles`). */
  conflictCycles: number;
  /** Masters that take turns in contested XIP port cycles (board boot.busPriority `round-robin`). */
  roundRobinMasters?: number;
}

export class MemoryMap {
  readonly windows: MemoryWindow[] = [];
  readonly arbiters: BankArbiter[] = [];
  readonly caches: { name: string; model: XipCache }[] = [];
  /** The round-robin tie-break's owed cycles per master (undefined: the scheduling order decides). */
  readonly owed: Owed | undefined;

  constructor(memories: readonly BoardMemory[], options: MemoryMapOptions) {
    const masters = options.roundRobinMasters;
    this.owed = masters === undefined ? undefined : new Owed(masters);
    const primaries = new Map<string, MemoryWindow>();
    for (const m of memories.filter((x) => x.aliasOf === undefined)) {
      const w = this.primaryWindow(m, options);
      primaries.set(m.name, w);
      this.add(w);
    }
    for (const m of memories.filter((x) => x.aliasOf !== undefined)) {
      const target = memories.find((x) => x.name === m.aliasOf)!;
      this.add(aliasWindow(m, target, primaries.get(target.name)!));
    }
  }

  addDevice(device: MachineDevice, base: number, size: number, privateTo?: number[]): void {
    this.add({
      name: device.name,
      base,
      end: base + size,
      privateTo,
      storage: undefined,
      toStorage: undefined,
      banking: undefined,
      waitStates: 0,
      cache: undefined,
      cacheLookup: false,
      cacheAllocate: false,
      device,
      writable: true,
    });
  }

  /** The cache of memory `name` (undefined when it has none). */
  cacheOf(name: string): WindowCache | undefined {
    return this.windows.find((w) => w.name === name)?.cache;
  }

  /** The window holding `addr` that core `coreId` can reach. */
  find(addr: number, coreId: number): MemoryWindow | undefined {
    for (const w of this.windows) {
      if (addr >= w.base && addr < w.end && (w.privateTo?.includes(coreId) ?? true)) return w;
    }
    return undefined;
  }

  /** Copies bytes into storage without timing (the loader). False when no window takes them all. */
  load(addr: number, data: Uint8Array): boolean {
    const w = this.windows.find((x) => addr >= x.base && addr + data.length <= x.end);
    if (w?.storage === undefined) return false;
    for (let i = 0; i < data.length; i++) {
      const off = addr + i - w.base;
      w.storage[w.toStorage ? w.toStorage(off) : off] = data[i]!;
    }
    return true;
  }

  private add(w: MemoryWindow): void {
    for (const o of this.windows) {
      const shared = w.privateTo === undefined || o.privateTo === undefined;
      const together = shared || w.privateTo!.some((id) => o.privateTo!.includes(id));
      if (together && w.base < o.end && o.base < w.end)
        throw new Error(`memory ${w.name} overlaps ${o.name}`);
    }
    this.windows.push(w);
  }

  private primaryWindow(m: BoardMemory, options: MemoryMapOptions): MemoryWindow {
    let banking: MemoryWindow['banking'];
    if (m.kind === 'sram' || m.kind === 'tcm') {
      const names =
        m.banks === 1 ? [m.name] : Array.from({ length: m.banks }, (_, i) => `${m.name}${i}`);
      const arbiter = new BankArbiter(names, options.slotTicks, options.conflictCycles);
      this.arbiters.push(arbiter);
      banking = { arbiter, bankOf: bankFunction(m) };
    }
    let cache: MemoryWindow['cache'];
    if (m.cache !== undefined) {
      const model = new XipCache(m.cache);
      this.caches.push({ name: m.name, model });
      cache = {
        model,
        hitCycles: m.cache.hitCycles,
        lineShift: Math.log2(m.cache.lineBytes),
        iface: undefined,
      };
    }
    return {
      name: m.name,
      base: m.base,
      end: m.base + m.size,
      privateTo: m.privateTo,
      storage: new Uint8Array(m.size),
      toStorage: undefined,
      banking,
      waitStates: m.waitStates ?? 0,
      cache,
      cacheLookup: true,
      cacheAllocate: true,
      device: undefined,
      writable: m.kind !== 'rom' && m.kind !== 'flash',
    };
  }
}

/** Bank of a storage offset: word striping uses address bits [3:2] (for 4 banks), else slices. */
function bankFunction(m: BoardMemory): (offset: number) => number {
  const banks = m.banks;
  if (banks === 1) return () => 0;
  if (m.striping === 'word') return (offset) => (offset >>> 2) % banks;
  const bankBytes = m.size / banks;
  return (offset) => Math.floor(offset / bankBytes);
}

/**
 * An alias view of `target`. A non-striped view of word-striped storage (RP2040 §2.6.2, SRAM at
 * 0x2100_0000) lays each bank out contiguously: offset o is word (o mod bankBytes) / 4 of bank
 * o / bankBytes, which sits at storage word (word * banks + bank).
 */
function aliasWindow(m: BoardMemory, target: BoardMemory, primary: MemoryWindow): MemoryWindow {
  let toStorage: MemoryWindow['toStorage'];
  if (m.striping === 'none' && target.striping === 'word' && target.banks > 1) {
    const banks = target.banks;
    const bankBytes = target.size / banks;
    toStorage = (o) => {
      const bank = Math.floor(o / bankBytes);
      const word = (o % bankBytes) >>> 2;
      return (word * banks + bank) * 4 + (o & 3);
    };
  }
  const policy = m.cachePolicy ?? 'cached';
  return {
    ...primary,
    name: m.name,
    base: m.base,
    end: m.base + Math.min(m.size, target.size),
    privateTo: m.privateTo ?? target.privateTo,
    toStorage,
    cacheLookup: policy === 'cached' || policy === 'no-allocate',
    cacheAllocate: policy === 'cached' || policy === 'no-lookup',
  };
}
