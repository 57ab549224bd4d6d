/**
 * The decoded-instruction cache of a Cortex-M core: per 4 KiB page and halfword slot, the decoded
 * entry, its opcode and how the run loop dispatches it (`dispatch`: NOT_DECODED, GENERIC, or a fast
 * id from fast-thumb.ts). Decoding reads the instruction through the core's bus; instruction fetches
 * are not charged here (fetch timing belongs to the memory model).
 *
 * With a machine's CoreOrdering, an instruction is decoded when it first runs, after the other
 * cores caught up, so its fetch (an XIP cache lookup, code another core wrote) happens in time
 * order; an entry that `observesOthers` (WFE, WFI, BKPT) catches the others up each time it runs.
 */
import type { Bus } from '../../memory/bus.js';
import type { CoreOrdering } from '../core.js';
import { isThumb32Prefix, type ThumbDecoder, type ThumbEntry } from './decode.js';
import { GuestFault } from './fault.js';
import { fastIdOf } from './fast-thumb.js';

export const PAGE_SHIFT = 12;
export const PAGE_BYTES = 1 << PAGE_SHIFT;

export interface CodePage {
  base: number;
  /** log2 of the fetch line when fetches from this page are timed (Bus.fetchLineShift), else 0. */
  fetchShift: number;
  entries: (ThumbEntry | undefined)[];
  ops: Uint32Array;
  dispatch: Uint8Array;
}

export const NOT_DECODED = 0;
/** Call `entry.exec` (exec functions without a fast case, and wrapped ones). */
export const GENERIC = 1;

const undefined16: ThumbEntry = {
  mnemonic: 'UNDEFINED (16-bit)',
  size: 2,
  match: 0,
  mask: 0,
  ext: 'none',
  exec: () => {
    throw new GuestFault('undefined instruction');
  },
};
const undefined32: ThumbEntry = { ...undefined16, mnemonic: 'UNDEFINED (32-bit)', size: 4 };

function emptyPage(base: number, slots: number): CodePage {
  return {
    base,
    fetchShift: 0,
    entries: new Array<ThumbEntry | undefined>(slots).fill(undefined),
    ops: new Uint32Array(slots),
    dispatch: new Uint8Array(slots),
  };
}

export class CodeCache {
  /** The page of the last lookup; the run loop checks it before calling `pageFor`. */
  page: CodePage = emptyPage(0xfffff000, 0);
  /** Address range covered by decoded pages: stores outside it cannot hit code. */
  codeLow = 0xffffffff;
  codeHigh = 0;
  private readonly pages = new Map<number, CodePage>();

  /** The entry a slot holds until it first runs, with an ordering (see the header). */
  private readonly pending: ThumbEntry | undefined;

  constructor(
    private readonly bus: Bus,
    private readonly decoder: ThumbDecoder,
    private readonly ordering?: CoreOrdering,
  ) {
    this.pending = ordering === undefined ? undefined : this.decodeWhenRun(ordering);
  }

  pageFor(pc: number): CodePage {
    const key = pc >>> PAGE_SHIFT;
    let page = this.pages.get(key);
    if (page === undefined) {
      page = emptyPage((key << PAGE_SHIFT) >>> 0, PAGE_BYTES / 2);
      page.fetchShift = this.bus.fetchLineShift?.(page.base) ?? 0;
      this.pages.set(key, page);
      this.codeLow = Math.min(this.codeLow, page.base);
      this.codeHigh = Math.max(this.codeHigh, page.base + PAGE_BYTES);
    }
    this.page = page;
    return page;
  }

  /** Decodes the instruction at `pc` into its slot (or defers it); returns how to dispatch it. */
  decodeInto(page: CodePage, slot: number, pc: number): number {
    if (this.pending === undefined) return this.decodeNow(page, slot, pc);
    page.entries[slot] = this.pending;
    page.ops[slot] = 0;
    page.dispatch[slot] = GENERIC;
    return GENERIC;
  }

  /**
   * A placeholder that, when run, catches the other cores up, decodes the instruction at pc and
   * runs it; an entry that observes other cores is left wrapped in a catch-up.
   */
  private decodeWhenRun(ordering: CoreOrdering): ThumbEntry {
    return {
      mnemonic: '(decoded when it first runs)',
      size: 2,
      match: 0,
      mask: 0,
      ext: 'none',
      exec: (cpu) => {
        const pc = cpu.pc;
        const page = this.pageFor(pc);
        const slot = (pc - page.base) >>> 1;
        ordering.catchUp();
        this.decodeNow(page, slot, pc);
        const op = page.ops[slot]!;
        let entry = page.entries[slot]!;
        if (entry.observesOthers === true) {
          const inner = entry;
          entry = {
            ...inner,
            exec: (c, o) => {
              ordering.catchUp();
              return inner.exec(c, o);
            },
          };
          page.entries[slot] = entry;
          page.dispatch[slot] = GENERIC;
        }
        // The run loop set nextPc from a 16-bit placeholder.
        cpu.nextPc = (pc + (op > 0xffff ? 4 : 2)) >>> 0;
        return entry.exec(cpu, op);
      },
    };
  }

  private decodeNow(page: CodePage, slot: number, pc: number): number {
    if (pc >= 0xe0000000)
      throw new GuestFault(`instruction fetch from execute-never address 0x${hex(pc)}`);
    const hw1 = this.bus.fetch16(pc);
    let entry: ThumbEntry;
    let op: number;
    if (isThumb32Prefix(hw1)) {
      op = ((hw1 << 16) | this.bus.fetch16(pc + 2)) >>> 0;
      entry = this.decoder.decode32(op) ?? undefined32;
    } else {
      op = hw1;
      entry = this.decoder.decode16(hw1) ?? undefined16;
    }
    this.bus.waitCycles = 0;
    page.entries[slot] = entry;
    page.ops[slot] = op;
    const dispatch = fastIdOf(entry.exec) ?? GENERIC;
    page.dispatch[slot] = dispatch;
    return dispatch;
  }

  /** Forgets decoded instructions overlapping [addr - 2, addr + size): the guest wrote code. */
  invalidate(addr: number, size: number): void {
    for (let a = (addr & ~1) - 2; a < addr + size; a += 2) {
      const page = this.pages.get(a >>> PAGE_SHIFT);
      if (page === undefined) continue;
      page.entries[(a - page.base) >>> 1] = undefined;
      page.dispatch[(a - page.base) >>> 1] = NOT_DECODED;
    }
  }

  /** Asks the bus again which pages' fetches are timed (a flash interface was (re)programmed). */
  refreshFetchTiming(): void {
    for (const page of this.pages.values())
      page.fetchShift = this.bus.fetchLineShift?.(page.base) ?? 0;
  }

  /**
   * Forgets every decoded instruction. The pages stay (emptied), so a run loop holding one in a
   * local re-decodes instead of running stale code.
   */
  invalidateAll(): void {
    for (const page of this.pages.values()) {
      page.entries.fill(undefined);
      page.dispatch.fill(NOT_DECODED);
    }
  }
}

function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
