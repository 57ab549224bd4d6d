/**
 * Decoded instructions cached by pc: direct-mapped, one slot per halfword address modulo the cache
 * size, tagged with the full pc. Stores by this hart evict the slots they overlap; fence.i clears all.
 * Stores by other bus masters are not seen (software must run fence.i after changing code).
 */
import type { Decoded } from '../../isa/rv32/types.js';

export const DECODE_CACHE_SLOTS = 1 << 16; // 128 KiB of code without conflicts

export class DecodeCache {
  readonly tags = new Int32Array(DECODE_CACHE_SLOTS).fill(-1);
  readonly slots: (Decoded | undefined)[] = new Array<Decoded | undefined>(DECODE_CACHE_SLOTS);
  /** The inline id (fast-ops.ts) of each slot's instruction; 0 runs the table's exec. */
  readonly ops = new Uint8Array(DECODE_CACHE_SLOTS);

  static index(pc: number): number {
    return (pc >>> 1) & (DECODE_CACHE_SLOTS - 1);
  }

  put(pc: number, d: Decoded, op: number): void {
    const i = DecodeCache.index(pc);
    this.tags[i] = pc | 0;
    this.slots[i] = d;
    this.ops[i] = op;
  }

  /** Evicts every instruction that overlaps a store of up to 4 bytes at addr. */
  invalidate(addr: number): void {
    const a = addr & ~1;
    const tags = this.tags;
    tags[DecodeCache.index(a - 2)] = -1;
    tags[DecodeCache.index(a)] = -1;
    tags[DecodeCache.index(a + 2)] = -1;
  }

  clear(): void {
    this.tags.fill(-1);
  }
}
