/**
 * `arielsim run <model.tflite> --board <name> [--set key=value ...] [--cores N] [--scheduler S]
 *  [--input <in.bin>] [--output <out.bin>] [--trace <file.json>] [--report <file.html>]
 *  [--max-cycles N] [--timeout T] [--json]`:
 * compiles the model, builds the firmware image (prebuilt executor + blob), simulates every core at
 * ISA level and checks the outputs bit for bit against the reference interpreter. The output files
 * are checked before anything runs and written together at the end (output-guard.ts).
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { DiagnosticError } from '../../common/diagnostics.js';
import type { Graph } from '../../compiler/ir/graph.js';
import { seededInput } from '../../compiler/ref/seeded-input.js';
import { POLICIES } from '../../compiler/schedule/index.js';
import { coreTable, opTimes, type RunResult } from '../../scenarios/run-model.js';
import { runModel } from '../../scenarios/run-model.js';
import { reportHtml } from '../../scenarios/report-html.js';
import { traceEvents } from '../../scenarios/trace-events.js';
import { EXIT } from '../exit-codes.js';
import { loadModel, readUserFile } from '../files.js';
import { decodeInput } from '../model-input.js';
import { parseOptions, positiveInt, required, simulatedSeconds } from '../options.js';
import { formatTable, printJson } from '../output.js';
import { planOutputs, type NamedPath } from '../output-guard.js';
import { terminalProgress } from '../progress.js';
import { describeCores, isBoardFile, resolveBoard } from './board-option.js';
import { runLimit } from '../run-limit.js';

const Options = z.object({
  board: required,
  set: z.array(z.string()).default([]),
  cores: positiveInt.optional(),
  scheduler: z.enum(['auto', ...POLICIES]).default('auto'),
  rounding: z.enum(['double', 'single']).default('double'),
  input: z.string().min(1).optional(),
  output: z.string().min(1).optional(),
  trace: z.string().min(1).optional(),
  report: z.string().min(1).optional(),
  seed: positiveInt.default(1),
  maxCycles: positiveInt.optional(),
  timeout: simulatedSeconds.optional(),
  baseline: z.boolean().default(true),
  json: z.boolean().optional(),
});

const collect = (v: string, all: string[]) => [...all, v];

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'compile, build the firmware and run it on the simulated board, checked bit for bit',
    )
    .argument('[model]', 'int8 .tflite model (or zoo:<name> for a built-in zoo model)')
    .usage('<model> --board <name|file> [options]')
    .option('--board <name|file>', 'built-in board name, or a .json/.yaml board file (required)')
    .option('--set <key=value>', 'generic board parameter (repeatable)', collect, [])
    .option('--cores <n>', 'use only the first n cores (generic board: n cores)')
    .option('--scheduler <policy>', `auto|${POLICIES.join('|')}`, 'auto')
    .option('--rounding <mode>', 'double (TFLM default) or single rounding', 'double')
    .option('--input <file>', 'raw input bytes in the model input layout (default: a seeded input)')
    .option('--seed <n>', 'seed of the generated input when --input is absent', '1')
    .option('--output <file>', 'write the raw output bytes the simulated firmware produced')
    .option('--trace <file.json>', 'write a Chrome trace-event JSON timeline (opens in Perfetto)')
    .option(
      '--report <file.html>',
      'write a self-contained HTML report with a per-core Gantt chart',
    )
    .option('--max-cycles <n>', 'stop each simulation after n cycles of core 0 (exit 124)')
    .option('--timeout <time>', 'stop each simulation after this much simulated time (exit 124)')
    .option('--no-baseline', 'skip the single-core run (no speedup figure)')
    .option('--json', 'print one JSON object')
    .action((modelPath: string | undefined, raw: unknown) => {
      const opts = parseOptions(Options, raw, { '<model>': modelPath });
      const model = modelPath!;
      const inputs: NamedPath[] = [{ path: model, what: 'model' }];
      if (opts.input !== undefined) inputs.push({ path: opts.input, what: '--input file' });
      if (isBoardFile(opts.board)) inputs.push({ path: opts.board, what: '--board file' });
      const outputs: NamedPath[] = [];
      if (opts.output !== undefined) outputs.push({ path: opts.output, what: '--output file' });
      if (opts.trace !== undefined) outputs.push({ path: opts.trace, what: '--trace file' });
      if (opts.report !== undefined) outputs.push({ path: opts.report, what: '--report file' });
      // Before any work: an output that cannot be written fails now, not after the simulation.
      const plan = planOutputs(outputs, inputs);
      const g = loadModel(model);
      const board = resolveBoard(opts.board, opts.set, opts.cores);
      if (g.inputs.length !== 1 || g.outputs.length !== 1)
        throw new DiagnosticError({
          code: 'run/inputs',
          where: model,
          message: `run takes models with one input and one output; this one has ${g.inputs.length} and ${g.outputs.length}`,
        });
      const inTensor = g.tensors[g.inputs[0]!]!;
      const input =
        opts.input === undefined
          ? seededInput(inTensor, opts.seed)
          : decodeInput(inTensor, readUserFile(opts.input, 'input file'), opts.input, 'run');
      // No default limit: the executor finishes, faults or deadlocks (detected), unlike any ELF.
      const limit =
        opts.timeout === undefined
          ? undefined
          : runLimit(opts.maxCycles, opts.timeout, true, board.cores[0]!.clockHz);
      const progress = terminalProgress();
      let result: RunResult;
      try {
        result = runModel(g, board, input, {
          scheduler: opts.scheduler,
          rounding: opts.rounding,
          baseline: opts.baseline,
          maxCycles: limit?.maxCycles ?? opts.maxCycles,
          limitName: limit?.text,
          onProgress: (what, cycles) =>
            progress.update(`simulating ${what}: ${(cycles / 1e6).toFixed(0)} M cycles of core 0`),
        });
      } finally {
        progress.done();
      }
      // Outputs only once everything has run: nothing half-written on failure.
      const files = new Map<string, Uint8Array | string>();
      if (opts.output !== undefined) files.set(opts.output, result.outputs[0]!);
      if (opts.trace !== undefined)
        files.set(opts.trace, JSON.stringify(traceEvents(g, result)) + '\n');
      if (opts.report !== undefined) files.set(opts.report, reportHtml(g, result));
      const written = plan.commit(files);
      if (opts.json) printJson(runSummary(model, g, result));
      else printRun(model, g, result);
      // Which files were written: on stderr with --json, so stdout holds the JSON object only.
      const log = opts.json ? process.stderr : process.stdout;
      for (const path of written) log.write(`wrote ${path}\n`);
      if (!result.bitExact) {
        const m = result.mismatch!;
        const d = result.firstDifferingOp;
        process.stderr.write(
          `error[run/mismatch] ${model}: the simulated firmware's output differs from the reference interpreter: tensor "${m.tensor}" byte ${m.index}: got ${m.got}, expected ${m.expected}\n` +
            (d === undefined
              ? ''
              : `  first differing tensor: "${d.tensor}", output of op ${d.op} (${d.kind}), byte ${d.index}: got ${d.got}, expected ${d.expected}\n`),
        );
        process.exitCode = EXIT.MISMATCH;
      }
    });
}

export function runSummary(modelPath: string, g: Graph, r: RunResult) {
  return {
    model: modelPath,
    board: r.board,
    scheduler: r.scheduler,
    executor: r.executor,
    bitExact: r.bitExact,
    ...(r.mismatch ? { mismatch: r.mismatch } : {}),
    ...(r.firstDifferingOp ? { firstDifferingOp: r.firstDifferingOp } : {}),
    latencyCycles: r.latencyCycles,
    latencyMs: r.latencyMs,
    estimatedMs: r.estimatedMs,
    speedup: r.speedup ?? null,
    singleCoreLatencyMs: r.singleCore?.latencyMs ?? null,
    idealSpeedup: r.speedupCheck?.ideal ?? null,
    superlinear: r.speedupCheck?.superlinear?.causes ?? null,
    cores: r.cores.map((c) => ({
      id: c.id,
      type: c.type,
      clockHz: c.clockHz,
      cycles: c.cycles,
      busy: c.busy,
      stalled: c.stalled,
      idle: c.idle,
      sleeping: c.sleeping,
      items: c.items,
      instructions: c.instructions,
    })),
    ops: opTimes(g, r.trace),
    banks: r.banks,
    arenaBytes: r.arenaBytes,
    flashBytes: r.flashBytes,
    traceHash: r.traceHash,
    hostSeconds: r.hostSeconds + (r.singleCore?.hostSeconds ?? 0),
  };
}

function printRun(path: string, g: Graph, r: RunResult): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const f = (x: number, d = 3) => Number(x.toFixed(d));
  const lines = [
    `model ${path} (${r.model}) on ${r.board}: ${describeCores(r.compiled.board)}, scheduler ${r.scheduler} (${r.executor})`,
    `outputs          ${r.bitExact ? 'bit-exact with the reference interpreter' : 'MISMATCH'}`,
    `latency          ${f(r.latencyMs)} ms (${n(r.latencyCycles)} cycles of core 0); cost model estimate ${f(r.estimatedMs)} ms`,
    r.speedup === undefined
      ? `speedup          ${r.compiled.board.cores.length > 1 ? 'not measured (--no-baseline)' : '- (one core)'}`
      : `speedup          ${f(r.speedup, 2)}x over core 0 alone (${f(r.singleCore!.latencyMs)} ms, weights in ${r.image.layout.blobMemory} in both runs); ideal ${f(r.speedupCheck!.ideal, 2)}x from the cores' clocks and types`,
    ...(r.speedupCheck?.superlinear?.causes.map((c) => `  superlinear:   ${c}`) ?? []),
    `arena bytes      ${n(r.arenaBytes)}; flash bytes ${n(r.flashBytes)} (weights)`,
    '',
    formatTable(coreTable(r).header, coreTable(r).rows),
    '',
    formatTable(
      ['op', 'kind', 'items', 'busy us', 'start us', 'end us'],
      opTimes(g, r.trace).map((o) => [
        o.op,
        o.kind,
        o.items,
        f(o.busyUs, 1),
        f(o.startUs, 1),
        f(o.endUs, 1),
      ]),
    ),
  ];
  const conflicted = r.banks.filter((b) => b.conflictStalls > 0);
  lines.push(
    '',
    conflicted.length === 0
      ? 'bank conflicts   none'
      : `bank conflicts   ${conflicted.map((b) => `${b.name} ${n(b.conflictStalls)}`).join(', ')}`,
  );
  process.stdout.write(lines.join('\n') + '\n');
}
