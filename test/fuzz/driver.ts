/**
 * The fuzz driver: seeded mutations of zoo models (mutate.ts) through the library paths of
 * `inspect` (import, verify, statistics), `compile` (rp2040, both cores) and `run --no-baseline`
 * (reference interpreter, firmware image, ISS simulation, bit-exact check), in one process.
 * Every outcome is one JSON line on stdout; a line is printed when a case starts, so a watcher that
 * kills a hung driver knows the case. An error that is not a diagnostic (what the CLI reports as
 * exit 70 with a stack trace) is a crash; a run that finishes with outputs that differ from the
 * reference is a mismatch. Both are findings.
 *
 * A mutant is simulated for at most 3x the cycles of its unmutated model: a mutation that makes
 * the model legitimately larger (a longer input, say) stops at that limit instead of using the budget.
 *
 *   npx tsx test/fuzz/driver.ts [--first SEED] [--cases N] [--budget SECONDS]
 */
import { parseArgs } from 'node:util';
import { DiagnosticError } from '../../common/diagnostics.js';
import { compileModel } from '../../compiler/compile.js';
import { importTflite } from '../../compiler/import/tflite.js';
import type { Graph } from '../../compiler/ir/graph.js';
import { seededInput } from '../../compiler/ref/seeded-input.js';
import { ZOO } from '../../compiler/zoo/registry.js';
import { inspectGraph } from '../../cli/commands/inspect.js';
import { builtinBoard } from '../../platforms/boards/registry.js';
import { FirmwareError, runModel, SimulationStopped } from '../../scenarios/run-model.js';
import { FUZZ_MODELS, fuzzCase } from './mutate.js';

/**
 * The machine's interleaving quantum: outputs do not depend on it, and a coarse one simulates
 * several times faster (the fuzz looks for crashes and wrong outputs, not cycle counts).
 */
const QUANTUM = 1000;

export type Outcome =
  | 'rejected' // a diagnostic (exit 2): the expected answer to a broken model
  | 'ran' // simulated, bit-exact with the reference
  | 'limit' // stopped at the fuzz's cycle limit (a valid but large mutant)
  | 'crash' // not a diagnostic: exit 70 and a stack trace in the CLI
  | 'mismatch'; // the firmware's outputs differ from the reference

export interface CaseResult {
  seed: number;
  model: string;
  mutations: string[];
  outcome: Outcome;
  stage: 'inspect' | 'compile' | 'run';
  code?: string;
  message?: string;
}

const { values } = parseArgs({
  options: {
    first: { type: 'string', default: '1' },
    cases: { type: 'string', default: '300' },
    budget: { type: 'string', default: '600' },
  },
});
const first = Number(values.first);
const cases = Number(values.cases);
const budgetMs = Number(values.budget) * 1000;

const models: Record<string, Graph> = Object.fromEntries(
  FUZZ_MODELS.map((name) => [name, ZOO[name]!.build()]),
);
const board = builtinBoard('rp2040');
const cycleLimit = Object.fromEntries(
  FUZZ_MODELS.map((name) => {
    const g = models[name]!;
    const r = runModel(g, board, seededInput(g.tensors[g.inputs[0]!]!, 1), {
      baseline: false,
      quantumCycles: QUANTUM,
    });
    return [name, 3 * r.cores[0]!.cycles];
  }),
);
const started = Date.now();
const print = (v: object) => process.stdout.write(JSON.stringify(v) + '\n');

function runCase(seed: number): CaseResult | undefined {
  const c = fuzzCase(seed, models);
  if (c === undefined) return undefined;
  print({ start: seed, model: c.model, mutations: c.mutations });
  const base = { seed, model: c.model, mutations: c.mutations };
  let stage: CaseResult['stage'] = 'inspect';
  try {
    const g = importTflite(c.bytes, `fuzz-${seed}.tflite`);
    inspectGraph(g);
    stage = 'compile';
    compileModel(g, board);
    stage = 'run';
    if (g.inputs.length !== 1 || g.outputs.length !== 1)
      return { ...base, stage, outcome: 'rejected', code: 'run/inputs' };
    const input = seededInput(g.tensors[g.inputs[0]!]!, 1);
    const r = runModel(g, board, input, {
      baseline: false,
      maxCycles: cycleLimit[c.model],
      quantumCycles: QUANTUM,
    });
    return { ...base, stage, outcome: r.bitExact ? 'ran' : 'mismatch' };
  } catch (e) {
    if (e instanceof DiagnosticError) {
      const d = e.diagnostics[0]!;
      return { ...base, stage, outcome: 'rejected', code: d.code, message: d.message };
    }
    if (e instanceof SimulationStopped && e.reason === 'limit')
      return { ...base, stage, outcome: 'limit', message: e.message };
    const err = e instanceof Error ? e : new Error(String(e));
    const kind = e instanceof FirmwareError ? 'firmware fault' : err.name;
    return { ...base, stage, outcome: 'crash', code: kind, message: err.stack ?? err.message };
  }
}

let tried = 0;
for (let seed = first; seed < first + cases; seed++) {
  if (Date.now() - started > budgetMs) break;
  const r = runCase(seed);
  if (r === undefined) continue;
  tried++;
  print(r);
}
print({ done: tried, seconds: (Date.now() - started) / 1000 });
