/**
 * Bank placement for memories whose banks are contiguous slices (not word-striped): buffers that
 * may be live together are spread over different banks, so two cores working on them at the same
 * time do not queue for one bank. Word-striped memories spread every buffer over all banks already.
 */
import { alignUp } from './arena.js';

/** Pairs of buffers that may be live together and share at least one bank. */
export function sharedBankPairs(
  offsets: readonly number[],
  sizes: readonly number[],
  conflicts: readonly boolean[][],
  bankBytes: number,
): number {
  const banksOf = (i: number) => {
    const first = Math.floor(offsets[i]! / bankBytes);
    const last = Math.floor((offsets[i]! + Math.max(1, sizes[i]!) - 1) / bankBytes);
    return [first, last];
  };
  let pairs = 0;
  for (let a = 0; a < sizes.length; a++)
    for (let b = a + 1; b < sizes.length; b++) {
      if (!conflicts[a]![b]) continue;
      const [a0, a1] = banksOf(a);
      const [b0, b1] = banksOf(b);
      if (a0! <= b1! && b0! <= a1!) pairs++;
    }
  return pairs;
}

/**
 * Places each buffer (largest first) inside one bank: the bank holding the fewest buffers it may be
 * live with, at the lowest offset there that overlaps none of them. Returns undefined when a
 * buffer is larger than a bank or a bank runs out of room (the packed plan is used instead).
 */
export function placeAcrossBanks(
  sizes: readonly number[],
  conflicts: readonly boolean[][],
  bankBytes: number,
  banks: number,
): { offsets: number[]; arenaBytes: number } | undefined {
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const offsets: number[] = new Array<number>(sizes.length).fill(-1);
  const bankOf: number[] = [];
  for (const i of order) {
    if (sizes[i]! > bankBytes) return undefined;
    const candidates = Array.from({ length: banks }, (_, bank) => {
      const live = order.filter((j) => offsets[j]! >= 0 && bankOf[j] === bank && conflicts[i]![j]);
      return {
        bank,
        live,
        at: firstFit(
          live.map((j) => [offsets[j]!, offsets[j]! + sizes[j]!]),
          bank * bankBytes,
          sizes[i]!,
        ),
      };
    }).filter((c) => c.at + sizes[i]! <= (c.bank + 1) * bankBytes);
    if (candidates.length === 0) return undefined;
    const best = candidates.reduce((a, b) => (b.live.length < a.live.length ? b : a));
    offsets[i] = best.at;
    bankOf[i] = best.bank;
  }
  const end = Math.max(0, ...offsets.map((o, i) => o + sizes[i]!));
  return { offsets, arenaBytes: alignUp(end) };
}

function firstFit(taken: [number, number][], from: number, size: number): number {
  let at = from;
  for (const [s, e] of taken.sort((x, y) => x[0] - y[0])) {
    if (at + size <= s) break;
    at = Math.max(at, alignUp(e));
  }
  return at;
}
