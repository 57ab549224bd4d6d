/**
 * `arielsim compile <model.tflite> --board <name|file> [--set key=value ...] [--cores N]
 *  [--scheduler auto|ariel-greedy|heft|ariel-cp] [--out <dir>] [--json]`
 * Prints the estimated latency per scheduler, efficiency, arena and flash bytes; --out writes the
 * task graph, schedule and memory plan as JSON files that later stages read.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { compileModel, type CompiledModel } from '../../compiler/compile.js';
import { POLICIES } from '../../compiler/schedule/index.js';
import { loadModel } from '../files.js';
import { formatTable, printJson } from '../output.js';
import { planOutputs, type NamedPath, type OutputPlan } from '../output-guard.js';
import { parseOptions, positiveInt } from '../options.js';
import { describeCores, isBoardFile, resolveBoard } from './board-option.js';

const Options = z.object({
  board: z.string().min(1),
  set: z.array(z.string()).default([]),
  cores: positiveInt.optional(),
  scheduler: z.enum(['auto', ...POLICIES]).default('auto'),
  tiles: positiveInt.optional(),
  itemsPerCore: positiveInt.optional(),
  hotWeights: z.string().regex(/^\d+$/, 'expected a byte count').transform(Number).optional(),
  spreadBanks: z.boolean().optional(),
  out: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

const collect = (v: string, all: string[]) => [...all, v];

export function registerCompile(program: Command): void {
  program
    .command('compile')
    .description('partition, schedule and plan memory for a model on a board')
    .argument('<model>', 'int8 .tflite model (or zoo:<name> for a built-in zoo model)')
    .requiredOption('--board <name|file>', 'built-in board name, or a .json/.yaml board file')
    .option('--set <key=value>', 'generic board parameter (repeatable)', collect, [])
    .option('--cores <n>', 'use only the first n cores (generic board: n cores)')
    .option('--scheduler <policy>', `auto|${POLICIES.join('|')}`, 'auto')
    .option('--tiles <n>', 'force n work items per op')
    .option('--items-per-core <n>', 'work items per op per core for large ops')
    .option('--hot-weights <bytes>', 'copy the hottest weights into SRAM, up to this many bytes')
    .option('--spread-banks', 'put buffers live together in different banks (non-striped SRAM)')
    .option('--out <dir>', 'write taskgraph.json, schedule.json, memory-plan.json, compiled.json')
    .option('--json', 'print one JSON object')
    .action((modelPath: string, raw: unknown) => {
      const opts = parseOptions(Options, raw);
      // Every artifact's place is checked before the work: a bad --out fails now, not after it.
      const inputs: NamedPath[] = [{ path: modelPath, what: 'model' }];
      if (isBoardFile(opts.board)) inputs.push({ path: opts.board, what: '--board file' });
      const plan =
        opts.out === undefined
          ? undefined
          : planOutputs(
              ARTIFACTS.map((f) => ({ path: join(opts.out!, f), what: `--out ${f}` })),
              inputs,
            );
      const g = loadModel(modelPath);
      const board = resolveBoard(opts.board, opts.set, opts.cores);
      const compiled = compileModel(g, board, {
        scheduler: opts.scheduler,
        forceTiles: opts.tiles,
        itemsPerCore: opts.itemsPerCore,
        hotWeightsSramBytes: opts.hotWeights,
        spreadBanks: opts.spreadBanks,
      });
      if (plan !== undefined) writeArtifacts(plan, opts.out!, compiled);
      const summary = compileSummary(compiled);
      if (opts.json)
        printJson({ model: modelPath, ...summary, ...(opts.out ? { out: opts.out } : {}) });
      else printReport(modelPath, compiled, summary);
    });
}

export function compileSummary(c: CompiledModel) {
  const ms = (cycles: number) => (cycles / c.schedule.referenceClockHz) * 1e3;
  return {
    board: c.board.name,
    cores: c.board.cores.length,
    coreTypes: c.board.cores.map((k) => k.type),
    referenceClockHz: c.schedule.referenceClockHz,
    scheduler: c.scheduler,
    workItems: c.taskGraph.items.length,
    makespanCycles: c.schedule.makespanCycles,
    lowerBoundCycles: c.schedule.lowerBoundCycles,
    efficiency: c.schedule.efficiency,
    latencyMs: ms(c.schedule.makespanCycles),
    arenaBytes: c.memoryPlan.arenaBytes,
    arenaMemory: c.memoryPlan.arenaMemory,
    flashBytes: c.memoryPlan.flashBytes,
    sramWeightBytes: c.memoryPlan.sramWeightBytes,
    singleCoreArenaBytes: c.memoryPlan.report.singleCoreArenaBytes,
    activationBytesTotal: c.memoryPlan.report.activationBytesTotal,
    sharedBankPairs: c.memoryPlan.report.sharedBankPairs,
    schedulers: c.schedulers.map((s) => ({ ...s, latencyMs: ms(s.makespanCycles) })),
  };
}

/** The files `--out` writes. */
const ARTIFACTS = [
  'taskgraph.json',
  'schedule.json',
  'memory-plan.json',
  'board.json',
  'compiled.json',
] as const;

function writeArtifacts(plan: OutputPlan, dir: string, c: CompiledModel): void {
  const json = (v: unknown) => JSON.stringify(v) + '\n';
  const text: Record<(typeof ARTIFACTS)[number], string> = {
    'taskgraph.json': json(c.taskGraph),
    'schedule.json': json(c.schedule),
    'memory-plan.json': json(c.memoryPlan),
    'board.json': JSON.stringify(c.board, null, 2) + '\n',
    'compiled.json': JSON.stringify(compileSummary(c), null, 2) + '\n',
  };
  plan.commit(new Map(ARTIFACTS.map((f) => [join(dir, f), text[f]])));
}

function printReport(path: string, c: CompiledModel, s: ReturnType<typeof compileSummary>): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `model ${path} (${c.model}) on ${c.board.name}: ${describeCores(c.board)}, ${s.workItems} work items`,
    '',
    formatTable(
      ['scheduler', 'makespan cycles', 'ms', 'efficiency'],
      s.schedulers.map((x) => [
        x.policy + (x.policy === s.scheduler ? ' *' : ''),
        x.makespanCycles,
        Number(x.latencyMs.toFixed(3)),
        Number(x.efficiency.toFixed(3)),
      ]),
    ),
    '',
    `lower bound       ${n(s.lowerBoundCycles)} cycles at ${s.referenceClockHz / 1e6} MHz`,
    `arena bytes       ${n(s.arenaBytes)} in ${s.arenaMemory} (single-core plan ${n(s.singleCoreArenaBytes)}, all activations ${n(s.activationBytesTotal)})`,
    `flash bytes       ${n(s.flashBytes)} (weights)${s.sramWeightBytes > 0 ? `; ${n(s.sramWeightBytes)} weight bytes in SRAM` : ''}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
