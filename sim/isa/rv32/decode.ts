/**
 * The decoder, derived from the table: entries are bucketed by major opcode (32-bit) or by
 * quadrant + funct3 (16-bit) and tried most-specific first. Decoding happens once per pc; the core
 * caches the resulting Decoded records.
 */
import type { Rv32Extension, TableEntry } from './types.js';
import { Decoded, USES_RS1, USES_RS2 } from './types.js';
import { entriesFor } from './table.js';

/** Bucket index: 0..127 for 32-bit opcodes (bits 6:0), 128 + quadrant*8 + funct3 for 16-bit. */
function bucketOf(word: number, size: 2 | 4): number {
  return size === 4 ? word & 0x7f : 128 + ((word & 3) << 3) + ((word >>> 13) & 7);
}

const popcount = (v: number): number => {
  let n = 0;
  for (let m = v >>> 0; m !== 0; m >>>= 1) n += m & 1;
  return n;
};

/** Size of the instruction whose low halfword is `low16`: 4 when bits 1:0 are 11. */
export const instructionSize = (low16: number): 2 | 4 => ((low16 & 3) === 3 ? 4 : 2);

export class Rv32Decoder {
  private readonly buckets: TableEntry[][] = [];

  constructor(readonly extensions: readonly Rv32Extension[]) {
    for (let i = 0; i < 128 + 32; i++) this.buckets.push([]);
    for (const e of entriesFor(extensions)) {
      if (e.size === 4) {
        if ((e.mask & 0x7f) !== 0x7f)
          throw new Error(`rv32: ${e.mnemonic} mask leaves the opcode open`);
        this.buckets[bucketOf(e.match, 4)]!.push(e);
      } else {
        if ((e.mask & 0xe003) !== 0xe003)
          throw new Error(`rv32: ${e.mnemonic} mask leaves funct3 open`);
        this.buckets[bucketOf(e.match, 2)]!.push(e);
      }
    }
    for (const b of this.buckets) b.sort((a, c) => popcount(c.mask) - popcount(a.mask));
  }

  /** The table entry for an instruction word (its low 16 bits only, when compressed). */
  lookup(word: number): TableEntry | undefined {
    const size = instructionSize(word);
    if (size === 2) word &= 0xffff;
    for (const e of this.buckets[bucketOf(word, size)]!) {
      if (((word ^ e.match) & e.mask) === 0) return e;
    }
    return undefined;
  }

  /** Decodes one instruction, or undefined when it is illegal for the enabled extensions. */
  decode(word: number): Decoded | undefined {
    const e = this.lookup(word);
    if (e === undefined) return undefined;
    if (e.size === 2) word &= 0xffff;
    const o = e.operands(word);
    if (o === undefined) return undefined;
    let reads = 0;
    if (e.uses & USES_RS1 && o.rs1 !== 0) reads |= 1 << o.rs1;
    if (e.uses & USES_RS2 && o.rs2 !== 0) reads |= 1 << o.rs2;
    return new Decoded(e, e.exec, word >>> 0, e.size, o.rd, o.rs1, o.rs2, o.imm, reads);
  }
}
