/**
 * The global exclusive monitor of a memory shared by several masters (ARM DDI0403E A3.4.2; on RISC-V
 * the harts' LR/SC reservations, Unprivileged spec §8.2). A load-exclusive tags the granule it read
 * for its master; a store by any master clears the other masters' tags on the granules it writes;
 * a store-exclusive may write only while its master's tag still covers its address, and leaves that
 * master untagged either way. Without it, two cores running LDREX/STREX (or LR/SC) on one word both
 * succeed and one update is lost.
 *
 * The granule here is one aligned word. A real monitor may tag a larger block (the exclusives
 * reservation granule), which only makes store-exclusives fail more often.
 */
export class ExclusiveMonitor {
  /** Per master, the tagged word (address >>> 2), or -1. */
  private readonly tags: Int32Array;
  /** Masters holding a tag: stores skip the monitor while this is 0. */
  tagged = 0;

  constructor(masters: number) {
    this.tags = new Int32Array(masters).fill(-1);
  }

  /** A load-exclusive by `master` at `addr`. */
  mark(master: number, addr: number): void {
    if (this.tags[master] === -1) this.tagged++;
    this.tags[master] = addr >>> 2;
  }

  /** A store-exclusive by `master` at `addr`: true when its tag still covers `addr`. Untags it. */
  claim(master: number, addr: number): boolean {
    const tag = this.tags[master]!;
    if (tag === -1) return false;
    this.tags[master] = -1;
    this.tagged--;
    return tag === addr >>> 2;
  }

  /** A store by `master` of `size` bytes at `addr`: the other masters lose their tags there. */
  stored(master: number, addr: number, size: number): void {
    const first = addr >>> 2;
    const last = (addr + size - 1) >>> 2;
    const tags = this.tags;
    for (let m = 0; m < tags.length; m++) {
      const tag = tags[m]!;
      if (m === master || tag === -1 || tag < first || tag > last) continue;
      tags[m] = -1;
      this.tagged--;
    }
  }
}
