/** Arena placement: greedy by size (largest first), each buffer at the lowest offset that fits. */

export const ARENA_ALIGN = 16;

export function alignUp(n: number, align = ARENA_ALIGN): number {
  return Math.ceil(n / align) * align;
}

/**
 * Offsets for buffers of `sizes` such that buffers that conflict never overlap. Returns the offsets
 * (indexed like `sizes`) and the arena size.
 */
export function placeBuffers(sizes: readonly number[], conflicts: readonly boolean[][]) {
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const offsets: number[] = new Array<number>(sizes.length).fill(-1);
  let arenaBytes = 0;
  for (const i of order) {
    const taken = order
      .filter((j) => offsets[j]! >= 0 && conflicts[i]![j])
      .map((j): [number, number] => [offsets[j]!, offsets[j]! + sizes[j]!])
      .sort((a, b) => a[0] - b[0]);
    let at = 0;
    for (const [s, e] of taken) {
      if (at + sizes[i]! <= s) break;
      at = Math.max(at, alignUp(e));
    }
    offsets[i] = at;
    arenaBytes = Math.max(arenaBytes, at + sizes[i]!);
  }
  return { offsets, arenaBytes: alignUp(arenaBytes) };
}
