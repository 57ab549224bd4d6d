/**
 * Benchmark of the parallelising compiler: compile time for every zoo and MLPerf Tiny model (goal:
 * under 1 s each), then per model and scheduler the efficiency (lower bound / makespan) and the
 * estimated speedup over one core, for 1, 2, 4 and 8 identical cores and for heterogeneous boards.
 * Estimates come from the uncalibrated cost model (compiler/cost). Prints tables; never asserts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { formatTable } from '../cli/output.js';
import { compileModel } from '../compiler/compile.js';
import { importTflite } from '../compiler/import/tflite.js';
import type { Graph } from '../compiler/ir/graph.js';
import { POLICIES } from '../compiler/schedule/types.js';
import { ZOO } from '../compiler/zoo/registry.js';
import { builtinBoard, withCores } from '../platforms/boards/registry.js';
import type { Board } from '../platforms/boards/schema.js';

const SHARED_MODELS = fileURLToPath(new URL('../../shared/models/', import.meta.url));
const MLPERF = ['kws_ref_model', 'vww_96_int8', 'pretrainedResnet_quant', 'ad01_int8'];

function models(): [string, Graph][] {
  const list: [string, Graph][] = Object.entries(ZOO).map(([n, e]) => [n, e.build()]);
  for (const n of MLPERF) {
    const path = join(SHARED_MODELS, `${n}.tflite`);
    if (existsSync(path)) list.push([n, importTflite(new Uint8Array(readFileSync(path)), path)]);
    else console.warn(`[skip] ${path} not found`);
  }
  return list;
}

/** Seconds of a reference clock: the unit in which boards of different clocks compare. */
const seconds = (c: ReturnType<typeof compileModel>, cycles: number) =>
  cycles / c.schedule.referenceClockHz;

const homogeneous = [1, 2, 4, 8].map((n): [string, Board] => [
  `${n}xM4`,
  builtinBoard('generic', [`cores=${n}`]),
]);
const heterogeneous: [string, Board][] = [
  ['h755', builtinBoard('stm32h755')],
  ['c6', builtinBoard('esp32c6')],
  ['nrf53', builtinBoard('nrf5340')],
  [
    'M7+M4+2xM33',
    builtinBoard('generic', [
      'cores=cortex-m7@480e6,cortex-m4@240e6,cortex-m33@150e6,cortex-m33@150e6',
    ]),
  ],
];

const all = models();

// 1. Compile time (auto: every policy, memory plan and validation), 2 and 8 cores.
const timeRows = all.map(([name, g]) => {
  const row: (string | number)[] = [name, g.ops.length];
  for (const n of [2, 8]) {
    const board = builtinBoard('generic', [`cores=${n}`]);
    compileModel(g, board); // warm-up
    const t0 = performance.now();
    const c = compileModel(g, board);
    row.push(c.taskGraph.items.length, Number((performance.now() - t0).toFixed(1)));
  }
  return row;
});
console.log('compile time (auto = all schedulers + memory plan + validation)\n');
console.log(formatTable(['model', 'ops', 'items 2c', 'ms 2c', 'items 8c', 'ms 8c'], timeRows));

// 2. Efficiency and speedup over one core, per scheduler.
for (const [title, boards] of [
  ['identical Cortex-M4 cores (speedup over 1 x M4)', homogeneous],
  ["heterogeneous boards (speedup over the board's fastest core alone)", heterogeneous],
] as const) {
  const header = ['model', 'scheduler', ...boards.flatMap(([b]) => [`${b} eff`, `${b} x`])];
  const rows: (string | number)[][] = [];
  for (const [name, g] of all) {
    const perBoard = boards.map(([, board]) => {
      const one = compileModel(g, withCores(board, 1));
      const base = seconds(one, one.schedule.makespanCycles);
      const c = compileModel(g, board);
      return c.schedulers.map((s) => ({
        eff: s.efficiency,
        speedup: base / seconds(c, s.makespanCycles),
      }));
    });
    POLICIES.forEach((p, i) =>
      rows.push([
        name,
        p,
        ...perBoard.flatMap((r) => [
          Number(r[i]!.eff.toFixed(3)),
          Number(r[i]!.speedup.toFixed(2)),
        ]),
      ]),
    );
  }
  console.log(`\n${title}\n`);
  console.log(formatTable(header, rows));
}
