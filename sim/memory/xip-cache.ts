/**
 * A set-associative read cache in front of execute-in-place flash (RP2040 datasheet §2.6.3.1: 16 KB,
 * 2-way set-associative, 8-byte lines; a hit costs one cycle, a miss fills the line from the QSPI
 * flash). Replacement is least recently used within a set. Writes through the cached window are not
 * modelled (flash is read-only here); `invalidate` empties the cache (the FLUSH register).
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
  private readonly sets: number;
  private readonly lineShift: number;
  /** tags[set * ways + way]: line number held, or -1. */
  private readonly tags: Float64Array;
  /** Per set, a use counter per way: the smallest is the least recently used. */
  private readonly lastUse: Float64Array;
  private useClock = 0;

  constructor(readonly geometry: CacheGeometry) {
    const { sizeBytes, ways, lineBytes } = geometry;
    this.lineShift = Math.log2(lineBytes);
    this.sets = sizeBytes / (ways * lineBytes);
    if (!Number.isInteger(this.lineShift) || !Number.isInteger(this.sets) || this.sets < 1)
      throw new Error(`bad cache geometry ${JSON.stringify(geometry)}`);
    this.tags = new Float64Array(this.sets * ways).fill(-1);
    this.lastUse = new Float64Array(this.sets * ways);
  }

  /** Looks up the line holding byte `offset` of the flash; true on a hit. Misses fill the line. */
  lookup(offset: number): boolean {
    const line = Math.floor(offset / 2 ** this.lineShift);
    const ways = this.geometry.ways;
    const first = (line % this.sets) * ways;
    let victim = first;
    for (let i = first; i < first + ways; i++) {
      if (this.tags[i] === line) {
        this.lastUse[i] = ++this.useClock;
        this.stats.hits++;
        return true;
      }
      if (this.lastUse[i]! < this.lastUse[victim]!) victim = i;
    }
    this.tags[victim] = line;
    this.lastUse[victim] = ++this.useClock;
    this.stats.misses++;
    return false;
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
