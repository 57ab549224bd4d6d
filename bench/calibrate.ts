/**
 * `npm run calibrate`: measures every kernel on every ISS core model and fits the compiler's cost
 * model to the measurements (compiler/cost/fit.ts explains the model and the fit).
 *
 * It runs every zoo model with `runModel` (baseline off: deterministic) on the plan below, reads the
 * executor's own cycle stamps of every work item, and writes two files:
 * - compiler/cost/calibration-samples.json: the measurements (one row per work item), and
 * - compiler/cost/calibrated.ts: the coefficients fitted to them (deterministic: the same samples
 *   give the same bytes), from which DEFAULT_COEFFICIENTS come.
 *
 * Memory. A core's cycles depend on where the weights (and the blob the executor reads) live, and
 * the same core type sees different memories on different boards: RP2040/RP2350 read them through
 * a 16 KB XIP cache with 50-cycle misses, ESP32-C6 through a 32 KB one, STM32H755 from flash with 4
 * wait states, the generic board from flash with its `flashWaitStates`, the nRF5340 from SRAM when
 * both cores run (its flashes are private to a core). A single per-byte flash term cannot carry
 * that: with a cache the cost is misses (once per item while an op's weights fit the cache, once
 * per output pixel when they do not), without one it is wait states on every load of every pass,
 * and cores differ in bytes per load. So the coefficients are fitted per core type and memory
 * system (compiler/cost/memory.ts keys them: 'xip-50ws-16k', 'flash-4ws', 'sram', ...), each on
 * the boards that have it, with a weight-bytes term behind a cache; every (core type, memory) pair
 * of a built-in board is measured, on the generic board where no built-in board runs that pair on
 * one core. `coefficientsFor(board)` picks a board's sets; DEFAULT_COEFFICIENTS, which the compiler
 * prices with (it does not pass the board to the cost model), are each core type's home board's.
 *
 * Options: `--fit-only` refits the committed samples without simulating; `--workers N` (default:
 * the host's parallelism, at most 4); `--prebuilt <dir>` measures the images `runtime-gen/build.sh
 * <dir>` built instead of the committed ones; `--models a,b` restricts the models (for a quick
 * look; do not commit its output).
 * Run: npm run calibrate
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { execFileSync } from 'node:child_process';
import { geometryOf, type ItemGeometry } from '../compiler/cost/features.js';
import { KERNEL_KINDS } from '../compiler/cost/coefficients.js';
import {
  fitCoefficients,
  type CalibrationSamples,
  type SampleItem,
  type SampleRun,
} from '../compiler/cost/fit.js';
import { coefficientsFor, memoryKey, weightMemory } from '../compiler/cost/memory.js';
import { replayMakespan } from '../compiler/cost/replay.js';
import { renderCalibrated } from '../compiler/cost/render-calibrated.js';
import { seededInput } from '../compiler/ref/seeded-input.js';
import type { Policy } from '../compiler/schedule/index.js';
import { ZOO_NAMES, zooEntry } from '../compiler/zoo/registry.js';
import { builtinBoard, withCores } from '../platforms/boards/registry.js';
import type { Board } from '../platforms/boards/schema.js';
import { runModel } from '../scenarios/run-model.js';

/** A board as the runs name it: a built-in board, its `--set` values and a core subset. */
export interface BoardSpec {
  name: string;
  sets?: string[];
  cores?: number;
}

export interface Case {
  model: string;
  board: BoardSpec;
  scheduler: Policy;
}

/** One work item as the executor measured it. */
export interface ItemRecord {
  item: number;
  core: number;
  coreType: string;
  kernel: string;
  opKind: string;
  work: number;
  macs: number;
  bytesIn: number;
  bytesOut: number;
  geometry: ItemGeometry;
  deps: number;
  startCycles: number;
  endCycles: number;
}

export interface CaseResult {
  case: Case;
  scheduler: string;
  bitExact: boolean;
  estimatedMs: number;
  /** The same schedule priced with the board's own memory system (memory.ts coefficientsFor). */
  boardAwareMs: number;
  latencyMs: number;
  latencyCycles: number;
  items: ItemRecord[];
  hostSeconds: number;
}

export function boardLabel(b: BoardSpec): string {
  const sets = b.sets?.length ? ` ${b.sets.join(' ')}` : '';
  return `${b.name}${sets}${b.cores !== undefined ? ` x${b.cores}` : ''}`;
}

export function boardOf(b: BoardSpec): Board {
  const board = builtinBoard(b.name, b.sets ?? []);
  return b.cores === undefined ? board : withCores(board, b.cores);
}

/** Runs one case in this thread, with the committed firmware or the images in `prebuiltDir`. */
export function runCase(c: Case, prebuiltDir?: string): CaseResult {
  const g = zooEntry(c.model).build();
  const input = seededInput(g.tensors[g.inputs[0]!]!, 1);
  const board = boardOf(c.board);
  const t0 = performance.now();
  const r = runModel(g, board, input, { scheduler: c.scheduler, baseline: false, prebuiltDir });
  const items = r.compiled.taskGraph.items;
  return {
    case: c,
    scheduler: r.scheduler,
    bitExact: r.bitExact,
    estimatedMs: r.estimatedMs,
    boardAwareMs:
      (replayMakespan(
        r.compiled.taskGraph,
        r.compiled.schedule,
        board.cores,
        coefficientsFor(board),
      ) /
        r.compiled.schedule.referenceClockHz) *
      1e3,
    latencyMs: r.latencyMs,
    latencyCycles: r.latencyCycles,
    items: r.trace.map((t) => {
      const it = items[t.item]!;
      return {
        item: t.item,
        core: t.core,
        coreType: board.cores[t.core]!.type,
        kernel: it.kernel,
        opKind: g.ops[it.op]!.kind,
        work: it.work,
        macs: it.macs,
        bytesIn: it.bytesIn,
        bytesOut: it.bytesOut,
        geometry: geometryOf(it),
        deps: it.deps.length,
        startCycles: t.startCycles,
        endCycles: t.endCycles,
      };
    }),
    hostSeconds: (performance.now() - t0) / 1e3,
  };
}

const WORKER_TAG = 'arielsim-calibrate-worker';

/**
 * Runs the cases on `workers` worker threads (largest first, so the pool finishes together);
 * results come back in the order of `cases`.
 */
export async function runCases(
  cases: readonly Case[],
  options: {
    workers?: number;
    prebuiltDir?: string;
    onResult?: (r: CaseResult, done: number) => void;
  } = {},
): Promise<CaseResult[]> {
  const workers = Math.max(1, Math.min(options.workers ?? defaultWorkers(), cases.length));
  const results: CaseResult[] = new Array<CaseResult>(cases.length);
  const order = cases.map((_, i) => i);
  let next = 0;
  let done = 0;
  // tsx's loader, registered in the worker before it imports this file again.
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  await Promise.all(
    Array.from({ length: workers }, () => {
      const w = new Worker(boot, { eval: true, workerData: WORKER_TAG });
      return new Promise<void>((resolve, reject) => {
        const feed = () => {
          if (next >= order.length) {
            void w.terminate().then(() => resolve());
            return;
          }
          const index = order[next++]!;
          w.postMessage({ index, c: cases[index], prebuiltDir: options.prebuiltDir });
        };
        w.on('message', (m: { index: number; result?: CaseResult; error?: string }) => {
          if (m.error !== undefined) {
            reject(new Error(`${describe(cases[m.index]!)}: ${m.error}`));
            void w.terminate();
            return;
          }
          results[m.index] = m.result!;
          options.onResult?.(m.result!, ++done);
          feed();
        });
        w.on('error', reject);
        feed();
      });
    }),
  );
  return results;
}

export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

export function describe(c: Case): string {
  return `${c.model} on ${boardLabel(c.board)} (${c.scheduler})`;
}

if (!isMainThread && workerData === WORKER_TAG) {
  parentPort!.on('message', (m: { index: number; c: Case; prebuiltDir?: string }) => {
    try {
      parentPort!.postMessage({ index: m.index, result: runCase(m.c, m.prebuiltDir) });
    } catch (e) {
      parentPort!.postMessage({ index: m.index, error: e instanceof Error ? e.stack : String(e) });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The calibration plan and the fit.

/**
 * Every zoo model on one core of each board with an ISS, once with whole ops as items (heft's
 * tiling on one core) and once with IREE's workgroup tiles (ariel-greedy's: many small items, which
 * separate the per-item and per-call cycles from the per-work ones). A board's second core is
 * measured alone on the generic board with the same memory system where its type or memory differs
 * from the first core's: STM32H755's CM4 (flash, 4 wait states) and the nRF5340's cores when both
 * run (weights in SRAM: their flashes are private). The ESP32-C3 class core (rv32imc-esp), on no
 * built-in board, runs on the generic board with zero-wait flash. Then every multicore board once
 * more with all its cores, for the contention, with ariel-greedy (its tiles and shared queue do not
 * depend on the cost model). The single-core heft runs tile as heft chooses with the coefficients in place: whole
 * ops, except where the estimate says a finer tiling pays (weights that fit the flash cache once
 * split) or two tilings come within a few cycles; so a calibration right after another can tile a
 * few of those runs differently (seen on the ESP32-C6) and move its coefficients a little. The same
 * firmware, simulator and coefficients give the same samples; the same samples the same bytes.
 */
export const CALIBRATION_BOARDS: BoardSpec[] = [
  { name: 'rp2040', cores: 1 },
  { name: 'rp2350-arm', cores: 1 },
  { name: 'rp2350-riscv', cores: 1 },
  { name: 'nrf5340', cores: 1 },
  { name: 'stm32h755', cores: 1 },
  { name: 'esp32c6', cores: 1 },
  { name: 'generic', sets: ['cores=1', 'core=cortex-m4'] },
  { name: 'generic', sets: ['cores=1', 'core=cortex-m4', 'flashWaitStates=4'] },
  { name: 'generic', sets: ['cores=1', 'core=cortex-m33', 'flashWaitStates=0'] },
  { name: 'generic', sets: ['cores=1', 'core=rv32imc-esp', 'flashWaitStates=0'] },
];

export const CONTENTION_BOARDS: BoardSpec[] = [
  { name: 'rp2040' },
  { name: 'rp2350-arm' },
  { name: 'rp2350-riscv' },
  { name: 'nrf5340' },
  { name: 'stm32h755' },
  { name: 'esp32c6' },
  { name: 'generic', sets: ['cores=4', 'core=cortex-m4'] },
  { name: 'generic', sets: ['cores=8', 'core=cortex-m4'] },
];

export function calibrationPlan(models: readonly string[] = ZOO_NAMES): Case[] {
  return models.flatMap((model) => [
    ...CALIBRATION_BOARDS.flatMap((board) =>
      (['heft', 'ariel-greedy'] as const).map((scheduler) => ({ model, board, scheduler })),
    ),
    ...CONTENTION_BOARDS.map((board) => ({ model, board, scheduler: 'ariel-greedy' as const })),
  ]);
}

/** The fit's input: every run with its board's memory system and every item's stamps. */
export function sampleRunOf(r: CaseResult): SampleRun {
  const board = boardOf(r.case.board);
  const mem = weightMemory(board);
  return {
    board: boardLabel(r.case.board),
    model: r.case.model,
    scheduler: r.scheduler,
    memory: memoryKey(mem),
    weightCacheBytes: mem.kind === 'xip' ? mem.cacheBytes : 0,
    sharedFlash: mem.kind === 'xip' && mem.sharedInterface,
    coreTypes: board.cores.map((c) => c.type),
    latencyCycles: r.latencyCycles,
    items: r.items.map((it): SampleItem => [
      it.core,
      KERNEL_KINDS.indexOf(it.kernel as (typeof KERNEL_KINDS)[number]),
      it.work,
      it.macs,
      it.bytesIn,
      it.bytesOut,
      it.geometry.outputs,
      it.geometry.outChannels,
      it.geometry.readElements,
      it.geometry.inChannels,
      it.geometry.tileH,
      it.geometry.tileW,
      it.geometry.readH,
      it.geometry.readW,
      it.deps,
      it.startCycles,
      it.endCycles,
    ]),
  };
}

/** Per core type, the board whose memory system its DEFAULT_COEFFICIENTS describe. */
export const HOME_BOARDS: Record<string, BoardSpec> = {
  'cortex-m0plus': { name: 'rp2040' },
  'cortex-m4': { name: 'generic', sets: ['cores=1', 'core=cortex-m4'] },
  'cortex-m33': { name: 'rp2350-arm' },
  'cortex-m7': { name: 'stm32h755' },
  hazard3: { name: 'rp2350-riscv' },
  'rv32imac-esp': { name: 'esp32c6' },
  'rv32imc-esp': { name: 'generic', sets: ['cores=1', 'core=rv32imc-esp', 'flashWaitStates=0'] },
};

const SAMPLES = fileURLToPath(
  new URL('../compiler/cost/calibration-samples.json', import.meta.url),
);
const CALIBRATED = fileURLToPath(new URL('../compiler/cost/calibrated.ts', import.meta.url));

/** The firmware measured (sha256 prefix of each image) and the commit of the simulator. */
function firmwareSource(prebuiltDir: string | undefined): Record<string, string> {
  const out: Record<string, string> = {
    firmware: prebuiltDir === undefined ? 'runtime-gen/prebuilt' : 'built by runtime-gen/build.sh',
    commit: headCommit(),
  };
  for (const isa of ['thumbv6m', 'thumbv7em', 'thumbv8m.main', 'rv32imac']) {
    const file =
      prebuiltDir === undefined
        ? fileURLToPath(new URL(`../runtime-gen/prebuilt/${isa}.elf`, import.meta.url))
        : join(prebuiltDir, `${isa}.elf`);
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    out[`${isa}.elf sha256`] = hash.slice(0, 16);
  }
  return out;
}

/** HEAD, marked when the simulator, the boards or the firmware differ from it in the work tree. */
function headCommit(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    }).trim();
  try {
    const commit = git('log', '-1', '--format=%h');
    const dirty = git('status', '--porcelain', '--', 'runtime-gen', 'sim', 'platforms');
    return dirty === '' ? commit : `${commit} + uncommitted changes`;
  } catch {
    return 'unknown';
  }
}

/** One JSON line per run, so a diff shows which runs changed. */
function samplesJson(s: CalibrationSamples): string {
  const runs = s.runs.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  return `{\n  "source": ${JSON.stringify(s.source)},\n  "home": ${JSON.stringify(s.home)},\n  "runs": [\n${runs}\n  ]\n}\n`;
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  let samples: CalibrationSamples;
  if (argv.includes('--fit-only')) {
    samples = JSON.parse(readFileSync(SAMPLES, 'utf8')) as CalibrationSamples;
  } else {
    const models = arg('--models')?.split(',') ?? ZOO_NAMES;
    const cases = calibrationPlan(models);
    const t0 = performance.now();
    const prebuiltDir = arg('--prebuilt');
    const results = await runCases(cases, {
      workers: arg('--workers') === undefined ? undefined : Number(arg('--workers')),
      prebuiltDir,
      onResult: (r, done) =>
        process.stderr.write(
          `[${done}/${cases.length}] ${describe(r.case)}: ${r.latencyMs.toFixed(3)} ms (${r.hostSeconds.toFixed(1)} s)\n`,
        ),
    });
    const wrong = results.filter((r) => !r.bitExact).map((r) => describe(r.case));
    if (wrong.length > 0) throw new Error(`outputs differ from the reference: ${wrong.join(', ')}`);
    process.stderr.write(`measured in ${((performance.now() - t0) / 1e3).toFixed(0)} s\n`);
    const home = Object.fromEntries(
      Object.entries(HOME_BOARDS).map(([t, b]) => [t, memoryKey(weightMemory(boardOf(b)))]),
    );
    samples = { source: firmwareSource(prebuiltDir), home, runs: results.map(sampleRunOf) };
    writeFileSync(SAMPLES, samplesJson(samples));
  }
  const fit = fitCoefficients(samples);
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(CALIBRATED)) ?? {};
  const text = await prettier.format(renderCalibrated(fit, samples), {
    ...options,
    filepath: CALIBRATED,
  });
  writeFileSync(CALIBRATED, text);
  process.stdout.write(`wrote ${SAMPLES} and ${CALIBRATED}\n`);
}

if (isMainThread && process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
