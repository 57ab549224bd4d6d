/**
 * How well the compiler's cost-model estimate (the schedule's makespan at the reference clock)
 * agrees with the latency the firmware measures on the ISS, for every zoo model on every board
 * with an ISS and every scheduler: prints model x board x scheduler with the estimated and the
 * measured milliseconds and the error, then the cases outside the 10% target. A second estimate
 * prices the schedule that ran with the coefficients of the board's own memory system
 * (`coefficientsFor(board)`; the compiler itself prices with each core type's defaults, see
 * compiler/cost/memory.ts), keeping every core's items and order.
 *
 * Options: `--models a,b`, `--boards rp2040,generic-4` (labels as printed), `--schedulers heft`,
 * `--workers N`, `--prebuilt <dir>` (images runtime-gen/build.sh built instead of the committed
 * ones), `--json <file>` (every run's result, for analysis).
 * Run: npm run bench:calibration
 */
import { writeFileSync } from 'node:fs';
import { terminalProgress } from '../cli/progress.js';
import { POLICIES, type Policy } from '../compiler/schedule/index.js';
import { ZOO_NAMES } from '../compiler/zoo/registry.js';
import { runCases, type BoardSpec, type Case, type CaseResult } from './calibrate.js';

/** The boards of the agreement target, with the labels the table prints. */
export const EVALUATION_BOARDS: { label: string; board: BoardSpec }[] = [
  { label: 'rp2040', board: { name: 'rp2040' } },
  { label: 'rp2040-1', board: { name: 'rp2040', cores: 1 } },
  { label: 'rp2350-arm', board: { name: 'rp2350-arm' } },
  { label: 'rp2350-riscv', board: { name: 'rp2350-riscv' } },
  { label: 'nrf5340', board: { name: 'nrf5340' } },
  { label: 'stm32h755', board: { name: 'stm32h755' } },
  { label: 'esp32c6', board: { name: 'esp32c6' } },
  { label: 'generic-4', board: { name: 'generic', sets: ['cores=4', 'core=cortex-m4'] } },
  { label: 'generic-8', board: { name: 'generic', sets: ['cores=8', 'core=cortex-m4'] } },
];

/** The agreement target: |estimate / measured - 1| below this. */
export const TOLERANCE = 0.1;

export function relativeError(r: CaseResult): number {
  return r.estimatedMs / r.latencyMs - 1;
}

export function evaluationCases(
  models: readonly string[] = ZOO_NAMES,
  boards = EVALUATION_BOARDS,
  schedulers: readonly Policy[] = POLICIES,
): Case[] {
  return models.flatMap((model) =>
    boards.flatMap(({ board }) => schedulers.map((scheduler) => ({ model, board, scheduler }))),
  );
}

function labelOf(b: BoardSpec): string {
  return EVALUATION_BOARDS.find((e) => e.board === b)?.label ?? b.name;
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const models = arg('--models')?.split(',') ?? ZOO_NAMES;
  const boardLabels = arg('--boards')?.split(',');
  const boards = EVALUATION_BOARDS.filter((b) => !boardLabels || boardLabels.includes(b.label));
  const schedulers = (arg('--schedulers')?.split(',') as Policy[] | undefined) ?? POLICIES;
  const cases = evaluationCases(models, boards, schedulers);
  const t0 = performance.now();
  const progress = terminalProgress();
  const results = await runCases(cases, {
    workers: arg('--workers') === undefined ? undefined : Number(arg('--workers')),
    prebuiltDir: arg('--prebuilt'),
    onResult: (_, done) => progress.update(`${done}/${cases.length} runs`),
  });
  progress.done();
  process.stderr.write(`${cases.length} runs in ${((performance.now() - t0) / 1e3).toFixed(0)} s\n`);
  const json = arg('--json');
  if (json !== undefined) writeFileSync(json, JSON.stringify(results));

  const rows = results.map((r, i) => [
    r.case.model,
    labelOf(cases[i]!.board),
    r.case.scheduler,
    r.estimatedMs.toFixed(3),
    r.latencyMs.toFixed(3),
    `${(relativeError(r) * 100).toFixed(1)}%`,
    r.boardAwareMs.toFixed(3),
    `${((r.boardAwareMs / r.latencyMs - 1) * 100).toFixed(1)}%`,
    r.bitExact ? '' : 'outputs differ',
  ]);
  const head = [
    'model',
    'board',
    'scheduler',
    'estimated ms',
    'measured ms',
    'error',
    'board-aware ms',
    'error',
    '',
  ];
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (r: string[]) =>
    r.map((c, j) => (j < 3 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r).trimEnd());
  const summary = (what: string, err: (r: CaseResult) => number) => {
    const worst = results.reduce((m, r) => Math.max(m, Math.abs(err(r))), 0);
    const outside = results.filter((r) => Math.abs(err(r)) > TOLERANCE);
    console.log(
      `${what}: worst error ${(worst * 100).toFixed(1)}%, ${outside.length} of ${results.length} cases outside ${TOLERANCE * 100}%`,
    );
  };
  console.log('');
  summary('compiler estimate', relativeError);
  summary('board-aware estimate of the same schedules', (r) => r.boardAwareMs / r.latencyMs - 1);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
