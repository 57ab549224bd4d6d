/**
 * What the cost model measures a work item by: the terms of its cycle count. The kernels in
 * runtime-gen/kernels/src spend their time in a few nested loops, and each term counts the
 * iterations of one of them:
 * - work: the inner loop (one MAC of CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED; one element
 *   otherwise, see KERNEL_KINDS),
 * - outputs: requantising and storing one output element (per-channel multiplier and shift),
 * - rows: one dot-product run over a kernel row (CONV_2D runs a row of kw x channels per pass,
 *   DEPTHWISE_CONV_2D a row of taps per channel group); counted as outputs x sqrt(taps), i.e. the
 *   kernel height of a square kernel (the item does not carry the window's shape),
 * - pixels: setting up one output pixel's window (bounds, border check, pointers),
 * - calls: one kernel call (parameter checks, operand pointers, tile loops),
 * - weightBytes: constant bytes fetched through a flash cache: once per item when the op's weights
 *   fit the cache, once per output pixel when they do not (each pixel's pass evicts them);
 *   weightRefetchBytes are those fetched again after the first pass,
 * plus, outside the kernel, the executor's dependency checks (deps).
 */
import type { KernelKind } from './coefficients.js';

/** A half-open range, as in compiler/partition/regions.ts. */
type Range = readonly [number, number];

/** What the cost model needs of a work item (a WorkItem has all of it). */
export interface CostInputs {
  kernel: KernelKind;
  work: number;
  bytesIn: number;
  bytesOut: number;
  macs?: number;
  /** Output tile: one range per output dimension, channels last. */
  tile?: readonly Range[];
  /** Activation regions read; the first is the data input. */
  reads?: readonly { ranges: readonly Range[] }[];
  deps?: readonly number[];
}

/** The sizes of an item the terms derive from (what calibration samples store of an item). */
export interface ItemGeometry {
  /** Output elements of the tile, and its extent along the last (channel) dimension. */
  outputs: number;
  outChannels: number;
  /** Activation elements read, and the channel extent of the data input's region. */
  readElements: number;
  inChannels: number;
  /** Height and width of the tile and of the data input's region read (1 unless NHWC). */
  tileH: number;
  tileW: number;
  readH: number;
  readW: number;
}

export function geometryOf(item: CostInputs): ItemGeometry {
  const extent = (r: Range | undefined) => (r === undefined ? 1 : Math.max(0, r[1] - r[0]));
  const elements = (rs: readonly Range[]) => rs.reduce((n, r) => n * extent(r), 1);
  const flat = { tileH: 1, tileW: 1, readH: 1, readW: 1 };
  if (item.tile === undefined)
    return { outputs: item.bytesOut, outChannels: 1, readElements: 0, inChannels: 1, ...flat };
  const first = item.reads?.[0]?.ranges;
  const nhwc = item.tile.length === 4 && first?.length === 4;
  return {
    outputs: elements(item.tile),
    outChannels: extent(item.tile.at(-1)),
    readElements: (item.reads ?? []).reduce((n, r) => n + elements(r.ranges), 0),
    inChannels: first === undefined ? 1 : extent(first.at(-1)),
    ...(nhwc
      ? {
          tileH: extent(item.tile[1]),
          tileW: extent(item.tile[2]),
          readH: extent(first[1]),
          readW: extent(first[2]),
        }
      : flat),
  };
}

export const TERMS = [
  'work',
  'borderWork',
  'outputs',
  'rows',
  'pixels',
  'calls',
  'weightBytes',
  'weightRefetchBytes',
] as const;
export type Term = (typeof TERMS)[number];
export type KernelTerm = Exclude<Term, 'weightBytes' | 'weightRefetchBytes'>;

/**
 * The terms each kernel kind has its own coefficient for (the others are 0 for it). Small kinds
 * keep few terms so the fit cannot trade one for another on a handful of samples.
 */
export const TERMS_OF: Record<KernelKind, readonly KernelTerm[]> = {
  conv: ['work', 'borderWork', 'outputs', 'rows', 'pixels', 'calls'],
  depthwise: ['work', 'borderWork', 'outputs', 'rows', 'pixels', 'calls'],
  fc: ['work', 'outputs', 'calls'],
  pool: ['work', 'borderWork', 'outputs', 'pixels', 'calls'],
  elementwise: ['work', 'calls'],
  softmax: ['work', 'calls'],
  reduce: ['work', 'calls'],
  copy: ['work', 'calls'],
};

/**
 * The kinds that read weights. Their weight bytes share one coefficient per core and memory system
 * (a cache miss costs the same whichever kernel takes it).
 */
export function readsWeights(k: KernelKind): boolean {
  return k === 'conv' || k === 'depthwise' || k === 'fc';
}

export interface ItemSizes {
  kernel: KernelKind;
  work: number;
  macs?: number;
  bytesIn: number;
  geometry: ItemGeometry;
}

/**
 * The item's terms, given the size of the flash cache in front of the weights (0: none; then the
 * weight bytes count once).
 */
export function itemTerms(item: ItemSizes, weightCacheBytes: number): Record<Term, number> {
  const g = item.geometry;
  const outputs = Math.max(1, g.outputs);
  const pixels = outputs / Math.max(1, g.outChannels);
  const macs = item.macs ?? item.work;
  const taps =
    item.kernel === 'conv'
      ? macs / outputs / Math.max(1, g.inChannels)
      : item.kernel === 'depthwise'
        ? macs / outputs
        : item.kernel === 'pool'
          ? item.work / outputs
          : 1;
  // Activations are int8 (the arena holds no other type an item of these kinds reads).
  const weightBytes = Math.max(0, item.bytesIn - g.readElements);
  const passes = weightCacheBytes > 0 && weightBytes > weightCacheBytes ? pixels : 1;
  const border = windowed(item.kernel) ? borderPixels(g, Math.sqrt(Math.max(1, taps))) : 0;
  return {
    work: item.work,
    borderWork: item.work * Math.min(1, border / pixels),
    outputs,
    rows: outputs * Math.sqrt(Math.max(1, taps)),
    pixels,
    calls: 1,
    weightBytes: weightBytes * passes,
    weightRefetchBytes: weightBytes * (passes - 1),
  };
}

function windowed(k: KernelKind): boolean {
  return k === 'conv' || k === 'depthwise' || k === 'pool';
}

/**
 * Output pixels whose window the padding clips (the kernels skip those taps and, for CONV_2D, sum
 * the in-bounds weights). The item carries the tile and the region it reads, not the op's window:
 * the window is taken as square (k = sqrt(taps)), and per axis the stride is the one (1 to 3) for
 * which the rows the window needs beyond the region read are a padding (0 to k - 1 rows); every
 * `stride` padded rows clip one output row.
 */
export function borderPixels(g: ItemGeometry, k: number): number {
  const axis = (tile: number, read: number): number => {
    for (let s = 1; s <= 3; s++) {
      const clipped = (tile - 1) * s + k - read;
      if (clipped > -0.5 && clipped < k - 0.5)
        return Math.min(tile, Math.max(0, Math.ceil(clipped / s - 1e-6)));
    }
    return 0;
  };
  const rows = axis(g.tileH, g.readH);
  const cols = axis(g.tileW, g.readW);
  return Math.min(g.tileH * g.tileW, g.tileW * rows + g.tileH * cols - rows * cols);
}
