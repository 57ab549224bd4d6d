/**
 * A set-associative read cache in front of execute-in-place flash (RP2040 datasheet §2.6.3.1: 16 KB,
 * 2-way set-associative, 8-byte lines; a hit costs one cycle, a miss fills the line from the QSPI
 * flash). Replacement is least recently used within a set. Writes through the cached window are not
 * modelled (flash is read-only here); `invalidate` empties the cache (the FLUSH register). With
 * `enabled` false (XIP_CTRL.EN clear) every lookup misses and allocates nothing.
 * The aliases (§2.6.3.1) choose per access whether to look for a hit (`check`) and whether a miss
 * fills a line (`allocate`); only accesses that look count in `stats` (XIP_CTRL's CTR_ACC counts
 * the cacheable accesses).
 */
export interface CacheStats {
  hits: number;
  misses: number;
}

export interface CacheGeometry {
  sizeBytes: number;
  ways: number;
  lineBytes: number;
}

export class XipCache {
  readonly stats: CacheStats = { hits: 0, misses: 0 };
  enabled = true;
  private readonly sets: number;
  private readonly ways: number;
  private readonly lineShift: number;
  /** sets - 1 when the set count is a power of two (then `line & setMask` picks the set), else -1. */
  private readonly setMask: number;
  /** tags[set * ways + way]: line number held, or -1. */
  private readonly tags: Int32Array;
  /** Per set, a use counter per way: the smallest is the least recently used. */
  private readonly lastUse: Float64Array;
  private useClock = 0;

  constructor(readonly geometry: CacheGeometry) {
    const { sizeBytes, ways, lineBytes } = geometry;
    this.lineShift = Math.log2(lineBytes);
    this.sets = sizeBytes / (ways * lineBytes);
    this.ways = ways;
    if (!Number.isInteger(this.lineShift) || !Number.isInteger(this.sets) || this.sets < 1)
      throw new Error(`bad cache geometry ${JSON.stringify(geometry)}`);
    this.setMask = (this.sets & (this.sets - 1)) === 0 ? this.sets - 1 : -1;
    this.tags = new Int32Array(this.sets * ways).fill(-1);
    this.lastUse = new Float64Array(this.sets * ways);
  }

  /**
   * Looks up the line holding byte `offset` of the flash (below 2^31: flash windows are far
   * smaller); true on a hit. Misses fill the line. `check` false: the access never hits (and is
   * not counted); `allocate` false: a miss leaves the cache as it was.
   */
  lookup(offset: number, check = true, allocate = true): boolean {
    if (!check) {
      if (allocate && this.enabled) this.allocate(offset >>> this.lineShift);
      return false;
    }
    if (!this.enabled) {
      this.stats.misses++;
      return false;
    }
    const line = offset >>> this.lineShift;
    const first = this.firstWay(line);
    const tags = this.tags;
    const lastUse = this.lastUse;
    let victim = first;
    for (let i = first; i < first + this.ways; i++) {
      if (tags[i] === line) {
        lastUse[i] = ++this.useClock;
        this.stats.hits++;
        return true;
      }
      if (lastUse[i]! < lastUse[victim]!) victim = i;
    }
    this.stats.misses++;
    if (allocate) {
      tags[victim] = line;
      lastUse[victim] = ++this.useClock;
    }
    return false;
  }

  /** Puts `line` in its set (a way already holding it, else the least recently used). */
  private allocate(line: number): void {
    const first = this.firstWay(line);
    let victim = first;
    for (let i = first; i < first + this.ways; i++) {
      if (this.tags[i] === line) {
        victim = i;
        break;
      }
      if (this.lastUse[i]! < this.lastUse[victim]!) victim = i;
    }
    this.tags[victim] = line;
    this.lastUse[victim] = ++this.useClock;
  }

  /** Index in `tags` of the first way of `line`'s set. */
  private firstWay(line: number): number {
    return (this.setMask >= 0 ? line & this.setMask : line % this.sets) * this.ways;
  }

  /** Whether an access of `size` bytes at `offset` spans two lines. */
  spansLines(offset: number, size: number): boolean {
    return offset >>> this.lineShift !== (offset + size - 1) >>> this.lineShift;
  }

  invalidate(): void {
    this.tags.fill(-1);
    this.lastUse.fill(0);
  }
}
