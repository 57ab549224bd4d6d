/**
 * Thumb decode tables and the decoder derived from them (STYLE.md point 1). Each ISA extension
 * (`sim/isa/armv6m`, later `sim/isa/armv7m`, ...) exports a list of entries; a core model enables a
 * set of extensions and the decoder is built from the matching entries only.
 */
import type { CortexM } from './core.js';

/** Executes one decoded instruction; returns its timing code (see timing.ts). */
export type ThumbExec = (cpu: CortexM, op: number) => number;

export interface ThumbEntry {
  /** ARM ARM name of the encoding, e.g. 'ADDS (immediate) T1'. */
  mnemonic: string;
  /** 2 for a 16-bit encoding (match/mask on the halfword); 4 for 32-bit (hw1 << 16 | hw2). */
  size: 2 | 4;
  match: number;
  mask: number;
  /** Extension that provides the encoding, e.g. 'armv6m'. */
  ext: string;
  exec: ThumbExec;
  /**
   * Reads what other cores change without a bus access (the event register, sleep: WFE, WFI) or
   * ends everyone's run (BKPT: semihosting exit): a machine that runs cores ahead brings the
   * others up to this core's time first (CoreOrdering).
   */
  observesOthers?: boolean;
}

/** True when the first halfword starts a 32-bit Thumb instruction (ARM ARM A5.1: 0b11101/0b11110/0b11111). */
export function isThumb32Prefix(hw1: number): boolean {
  return (hw1 & 0xf800) >= 0xe800;
}

/** Two entries collide when some instruction word matches both. */
export function entriesOverlap(a: ThumbEntry, b: ThumbEntry): boolean {
  return a.size === b.size && ((a.match ^ b.match) & a.mask & b.mask) === 0;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}

/**
 * Decoder over the enabled entries. Where the tables declare an allowed overlap, the entry with the
 * more specific mask (more fixed bits) wins.
 */
export class ThumbDecoder {
  private readonly narrow: ThumbEntry[];
  private readonly wide: ThumbEntry[];

  constructor(tables: readonly (readonly ThumbEntry[])[], extensions: readonly string[]) {
    const enabled = tables.flat().filter((e) => extensions.includes(e.ext));
    const bySpecificity = (a: ThumbEntry, b: ThumbEntry) => popcount(b.mask) - popcount(a.mask);
    this.narrow = enabled.filter((e) => e.size === 2).sort(bySpecificity);
    this.wide = enabled.filter((e) => e.size === 4).sort(bySpecificity);
  }

  decode16(hw: number): ThumbEntry | undefined {
    for (const e of this.narrow) if ((hw & e.mask) === e.match) return e;
    return undefined;
  }

  decode32(word: number): ThumbEntry | undefined {
    for (const e of this.wide) if ((word & e.mask) >>> 0 === e.match >>> 0) return e;
    return undefined;
  }
}
