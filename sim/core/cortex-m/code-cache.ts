/**
 * The decoded-instruction cache of a Cortex-M core: per 4 KiB page and halfword slot, the decoded
 * entry, its opcode and how the run loop dispatches it (`dispatch`: NOT_DECODED, GENERIC, or a fast
 * id from fast-thumb.ts). Decoding reads the instruction through the core's bus; instruction fetches
 * are not charged here (fetch timing belongs to the memory model).
 */
import type { Bus } from '../../memory/bus.js';
import { isThumb32Prefix, type ThumbDecoder, type ThumbEntry } from './decode.js';
import { GuestFault } from './fault.js';
import { fastIdOf } from './fast-thumb.js';

export const PAGE_SHIFT = 12;
export const PAGE_BYTES = 1 << PAGE_SHIFT;

export interface CodePage {
  base: number;
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

  constructor(
    private readonly bus: Bus,
    private readonly decoder: ThumbDecoder,
  ) {}

  pageFor(pc: number): CodePage {
    const key = pc >>> PAGE_SHIFT;
    let page = this.pages.get(key);
    if (page === undefined) {
      page = emptyPage((key << PAGE_SHIFT) >>> 0, PAGE_BYTES / 2);
      this.pages.set(key, page);
      this.codeLow = Math.min(this.codeLow, page.base);
      this.codeHigh = Math.max(this.codeHigh, page.base + PAGE_BYTES);
    }
    this.page = page;
    return page;
  }

  /** Decodes the instruction at `pc` into its slot; returns how to dispatch it. */
  decodeInto(page: CodePage, slot: number, pc: number): number {
    if (pc >= 0xe0000000)
      throw new GuestFault(`instruction fetch from execute-never address 0x${hex(pc)}`);
    const hw1 = this.bus.read16(pc);
    let entry: ThumbEntry;
    let op: number;
    if (isThumb32Prefix(hw1)) {
      op = ((hw1 << 16) | this.bus.read16(pc + 2)) >>> 0;
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
