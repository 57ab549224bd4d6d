/**
 * Fitting the cost model to measurements (`npm run calibrate` measures; this file only computes).
 *
 * Input: runs of the firmware on the ISS, each with its board's memory key (memory.ts), the core
 * types of its cores, its measured latency and every work item's start and end cycles as the
 * executor stamped them. Output: per memory key and core type, the CoreCoefficients that fit them.
 *
 * For each (memory key, core type) one non-negative least-squares problem (nnls.ts) takes every
 * coefficient at once: the terms of each kernel kind (features.ts) and the executor's cycles per
 * item and per dependency, from the single-core runs. Its rows are
 * - every item: its terms -> its measured cycles (rows weighted by 1/sqrt(cycles), so large and
 *   small items both count: the error minimised is the cycle-weighted relative error),
 * - every gap between two items (the executor's own work: on one core nothing is waited for) ->
 *   [1, dependencies],
 * - every single-core run as a whole: the sum of its items' and gaps' rows -> its latency, weighted
 *   RUN_WEIGHT times an average item, because a model's end-to-end latency is what the estimate
 *   must get right.
 * Multicore runs then give the contention alone (their items are slowed down by the other cores'
 * memory traffic, their gaps hold waits): per other core, a factor on the item's cycles, one on
 * the miss cycles of weights it fetches again and, where one flash interface serves every core,
 * one on its fills' queueing (model.ts queuedFillCycles), by non-negative least squares given the
 * rest.
 * Same samples, same bits: the sums run in sample order and the output is rounded to 4 digits.
 */
import type { BoardCoreType } from '../../platforms/boards/schema.js';
import {
  KERNEL_KINDS,
  zeroCoefficients,
  type CoreCoefficients,
  type KernelKind,
  type PerKernel,
} from './coefficients.js';
import {
  itemTerms,
  readsWeights,
  TERMS_OF,
  type ItemGeometry,
  type KernelTerm,
  type Term,
} from './features.js';
import { queuedFillCycles } from './model.js';
import { nnls } from './nnls.js';

/**
 * One measured item: [core, kernel index in KERNEL_KINDS, work, macs, bytesIn, bytesOut, outputs,
 * outChannels, readElements, inChannels, tileH, tileW, readH, readW, deps, startCycles, endCycles].
 */
export type SampleItem = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

export interface SampleRun {
  board: string;
  model: string;
  scheduler: string;
  /** memory.ts memoryKey of the board. */
  memory: string;
  /** The flash cache in front of the weights (0: none). */
  weightCacheBytes: number;
  /** One flash interface serves every core's fills (memory.ts `sharedInterface`). */
  sharedFlash: boolean;
  coreTypes: BoardCoreType[];
  latencyCycles: number;
  items: SampleItem[];
}

export interface CalibrationSamples {
  /** Where the samples come from: firmware hashes, commit, date-free so regeneration is stable. */
  source: Record<string, string>;
  /** Per core type, the memory key of its home board (its DEFAULT_COEFFICIENTS). */
  home: Record<string, string>;
  runs: SampleRun[];
}

/** A run's single-core latency weighs this many average items. */
const RUN_WEIGHT = 30;

export interface FitQuality {
  /** Items of single-core runs (the terms), single-core runs, items of multicore runs (contention). */
  items: number;
  runs: number;
  multicoreItems: number;
  /** Cycle-weighted RMS relative error of the items, and the worst single-core run's error. */
  itemRmsError: number;
  worstRunError: number;
}

export interface FitResult {
  sets: Record<string, Partial<Record<BoardCoreType, CoreCoefficients>>>;
  quality: Record<string, Partial<Record<BoardCoreType, FitQuality>>>;
}

interface Row {
  kernel: KernelKind | 'gap';
  terms: Record<Term, number>;
  deps: number;
  cycles: number;
}

const COEF_OF: Record<KernelTerm, keyof CoreCoefficients> = {
  work: 'cyclesPerWork',
  borderWork: 'cyclesPerBorderWork',
  outputs: 'cyclesPerOutput',
  rows: 'cyclesPerRow',
  pixels: 'cyclesPerPixel',
  calls: 'callCycles',
};

/** A column of the problem: a kind's term, the shared weight-byte term, or the executor's. */
type Column =
  | { kernel: KernelKind; term: KernelTerm }
  | { kernel: 'weights'; term: 'weightBytes' }
  | { kernel: 'gap'; term: 'calls' | 'deps' };

export function itemOfSample(s: SampleItem) {
  const geometry: ItemGeometry = {
    outputs: s[6],
    outChannels: s[7],
    readElements: s[8],
    inChannels: s[9],
    tileH: s[10],
    tileW: s[11],
    readH: s[12],
    readW: s[13],
  };
  return {
    core: s[0],
    kernel: KERNEL_KINDS[s[1]]!,
    work: s[2],
    macs: s[3],
    bytesIn: s[4],
    bytesOut: s[5],
    geometry,
    deps: s[14],
    startCycles: s[15],
    endCycles: s[16],
  };
}

/** The rows of one (memory key, core type): items, gaps and whole single-core runs. */
function rowsOf(runs: readonly SampleRun[], type: BoardCoreType) {
  const items: Row[] = [];
  const gaps: Row[] = [];
  const wholeRuns: { rows: Row[]; latency: number }[] = [];
  /** Items of multicore runs, with the board's core count (for the contention). */
  const shared: { row: Row; cores: number; sharedFlash: boolean }[] = [];
  const zero = (): Record<Term, number> => ({
    work: 0,
    borderWork: 0,
    outputs: 0,
    rows: 0,
    pixels: 0,
    calls: 0,
    weightBytes: 0,
    weightRefetchBytes: 0,
  });
  for (const run of runs) {
    const single = run.coreTypes.length === 1;
    const mine = run.items
      .map(itemOfSample)
      .filter((it) => run.coreTypes[it.core] === type)
      .sort((a, b) => a.core - b.core || a.startCycles - b.startCycles);
    const runRows: Row[] = [];
    mine.forEach((it, k) => {
      const row: Row = {
        kernel: it.kernel,
        terms: itemTerms(it, run.weightCacheBytes),
        deps: 0,
        cycles: it.endCycles - it.startCycles,
      };
      if (!single) {
        shared.push({ row, cores: run.coreTypes.length, sharedFlash: run.sharedFlash });
        return;
      }
      items.push(row);
      runRows.push(row);
      const gap: Row = {
        kernel: 'gap',
        terms: { ...zero(), calls: 1 },
        deps: it.deps,
        cycles: it.startCycles - (k > 0 ? mine[k - 1]!.endCycles : 0),
      };
      // The first item's gap also holds the start-up after "go": it only enters the run's row.
      if (k > 0) gaps.push(gap);
      runRows.push(gap);
    });
    if (single && mine.length > 0) wholeRuns.push({ rows: runRows, latency: run.latencyCycles });
  }
  return { items, gaps, wholeRuns, shared };
}

/** A kind measured in fewer sizes than this is priced by its work alone. */
const MIN_SIZES = 3;

/**
 * Columns: each kind's terms (only `work` for a kind measured in fewer than MIN_SIZES sizes: its
 * other terms could not be told apart), the weight bytes behind a flash cache (without a cache
 * they are not separable from the work), then the executor's [per item, per dependency].
 */
function columnsOf(items: readonly Row[], cached: boolean): Column[] {
  const kinds = KERNEL_KINDS.filter((k) => items.some((r) => r.kernel === k));
  const sizes = (k: KernelKind) =>
    new Set(items.filter((r) => r.kernel === k).map((r) => r.terms.work)).size;
  return [
    ...kinds.flatMap((k) =>
      (sizes(k) < MIN_SIZES ? (['work'] as const) : TERMS_OF[k]).map((term): Column => ({
        kernel: k,
        term,
      })),
    ),
    ...(cached ? [{ kernel: 'weights', term: 'weightBytes' } as const] : []),
    { kernel: 'gap', term: 'calls' },
    { kernel: 'gap', term: 'deps' },
  ];
}

function vectorOf(row: Row, cols: readonly Column[]): number[] {
  return cols.map((c) => {
    if (c.kernel === 'weights')
      return row.kernel !== 'gap' && readsWeights(row.kernel) ? row.terms.weightBytes : 0;
    if (c.kernel !== row.kernel) return 0;
    return c.term === 'deps' ? row.deps : row.terms[c.term];
  });
}

/** Rounds to 4 significant digits (the committed data's precision). */
function round4(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(4));
}

export function fitCore(runs: readonly SampleRun[], type: BoardCoreType, runWeight = RUN_WEIGHT) {
  const { items, gaps, wholeRuns, shared } = rowsOf(runs, type);
  const cache = runs[0]?.weightCacheBytes ?? 0;
  const cols = columnsOf(items, cache > 0);
  const a: number[][] = [];
  const b: number[] = [];
  const add = (v: number[], y: number, w: number) => {
    a.push(v.map((x) => x * w));
    b.push(y * w);
  };
  for (const r of [...items, ...gaps])
    add(vectorOf(r, cols), r.cycles, 1 / Math.sqrt(Math.max(1, r.cycles)));
  const meanItem = items.reduce((s, r) => s + r.cycles, 0) / Math.max(1, items.length);
  for (const run of wholeRuns) {
    const v = cols.map(() => 0);
    for (const r of run.rows) vectorOf(r, cols).forEach((x, j) => (v[j] = v[j]! + x));
    // Relative to the run's latency, as heavy as RUN_WEIGHT average items.
    add(v, run.latency, (runWeight * Math.sqrt(meanItem)) / run.latency);
  }
  const x = nnls(a, b).map(round4);
  const predict = (r: Row) => vectorOf(r, cols).reduce((s, v, j) => s + v * x[j]!, 0);
  // Contention: measured - alone = (cores - 1) x (contention x alone + refetchContention x the
  // miss cycles of its weights fetched again + flashContention x its fills' queueing), over the
  // items of multicore runs (their executor gaps hold waits, so they do not count).
  const missCol = cols.findIndex((c) => c.kernel === 'weights');
  // The fills' column only where one flash interface serves every core: elsewhere each core's
  // misses are its own, and the column would stand in for other effects it does not model.
  const flashCol = shared.some((s) => s.sharedFlash);
  const ca: number[][] = [];
  const cb: number[] = [];
  for (const { row, cores } of shared) {
    const alone = predict(row);
    const weighty = missCol >= 0 && row.kernel !== 'gap' && readsWeights(row.kernel);
    const refetch = weighty ? row.terms.weightRefetchBytes * x[missCol]! : 0;
    const fills = queuedFillCycles(weighty ? row.terms.weightBytes * x[missCol]! : 0, alone);
    const w = 1 / Math.sqrt(Math.max(1, row.cycles));
    const others = (cores - 1) * w;
    ca.push([alone * others, refetch * others, ...(flashCol ? [fills * others] : [])]);
    cb.push((row.cycles - alone) * w);
  }
  const [contention = 0, refetchContention = 0, flashContention = 0] = (
    shared.length > 0 ? nnls(ca, cb) : []
  ).map(round4);
  const c: CoreCoefficients = {
    ...zeroCoefficients(),
    weightCacheBytes: cache,
    contention,
    refetchContention,
    flashContention,
  };
  cols.forEach((col, j) => {
    if (col.kernel === 'gap') {
      if (col.term === 'deps') c.cyclesPerDep = x[j]!;
      else c.overheadCycles = x[j]!;
    } else if (col.kernel === 'weights') c.cyclesPerWeightByte = x[j]!;
    else (c[COEF_OF[col.term]] as PerKernel)[col.kernel] = x[j]!;
  });
  const sq = items.reduce((s, r) => s + r.cycles * (predict(r) / r.cycles - 1) ** 2, 0);
  const total = items.reduce((s, r) => s + r.cycles, 0);
  const runErrors = wholeRuns.map(
    (run) => run.rows.reduce((s, r) => s + predict(r), 0) / run.latency - 1,
  );
  const quality: FitQuality = {
    items: items.length,
    runs: wholeRuns.length,
    multicoreItems: shared.length,
    itemRmsError: round4(Math.sqrt(sq / Math.max(1, total))),
    worstRunError: round4(runErrors.reduce((m, e) => (Math.abs(e) > Math.abs(m) ? e : m), 0)),
  };
  return { coefficients: c, quality, runErrors };
}

/** Fits every (memory key, core type) the samples measured. */
export function fitCoefficients(samples: CalibrationSamples): FitResult {
  const sets: FitResult['sets'] = {};
  const quality: FitResult['quality'] = {};
  const keys = [...new Set(samples.runs.map((r) => r.memory))].sort();
  for (const key of keys) {
    const runs = samples.runs.filter((r) => r.memory === key);
    const types = [...new Set(runs.flatMap((r) => r.coreTypes))].sort();
    sets[key] = {};
    quality[key] = {};
    for (const type of types) {
      const f = fitCore(runs, type);
      sets[key]![type] = f.coefficients;
      quality[key]![type] = f.quality;
    }
  }
  return { sets, quality };
}
