/**
 * Benchmark of `arielsim run` (end to end at ISA level):
 * 1. host seconds per simulated inference, KWS (MLPerf Tiny kws_ref_model, else the zoo's ds_cnn) on
 *    the dual-core RP2040 (goal: under 5 s), with the simulator's own MIPS;
 * 2. simulated latency per model x board x cores x scheduler, the speedup over the same board's core 0
 *    alone, and the compiler's cost-model estimate beside the measurement.
 * Beside them, the hardware anchors a user compares against (../shared/spec/platform-facts.md), and
 * 3. the MLPerf Tiny models (from ../shared) on one Cortex-M4 at 120 MHz beside TFLM on the MLPerf Tiny
 *    reference board (a Cortex-M4 at 120 MHz; MLCommons tiny_results_v0.5).
 * Prints tables; never asserts. `npm run bench:run -- <model,...>` picks the models of table 2
 * (zoo names or MLPerf file names; default ds_cnn, mobilenet_v1_025, inception_like).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { formatTable } from '../cli/output.js';
import { importTflite } from '../compiler/import/tflite.js';
import type { Graph } from '../compiler/ir/graph.js';
import { seededInput } from '../compiler/ref/seeded-input.js';
import { POLICIES } from '../compiler/schedule/types.js';
import { ZOO } from '../compiler/zoo/registry.js';
import { builtinBoard, withCores } from '../platforms/boards/registry.js';
import type { Board } from '../platforms/boards/schema.js';
import { runModel, type RunResult } from '../scenarios/run-model.js';

const SHARED_MODELS = fileURLToPath(new URL('../../shared/models/', import.meta.url));

function loadModel(name: string): Graph | undefined {
  if (ZOO[name] !== undefined) return ZOO[name]!.build();
  const path = join(SHARED_MODELS, `${name}.tflite`);
  if (existsSync(path)) return importTflite(new Uint8Array(readFileSync(path)), path);
  console.warn(`[skip] no zoo model or ${path}`);
  return undefined;
}

const run = (g: Graph, board: Board, scheduler: (typeof POLICIES)[number] | 'auto') =>
  runModel(g, board, seededInput(g.tensors[g.inputs[0]!]!, 1), { scheduler, baseline: false });
const f = (x: number, d = 2) => Number(x.toFixed(d));

// 1. Host cost of one simulated inference.
const kws = loadModel(
  existsSync(join(SHARED_MODELS, 'kws_ref_model.tflite')) ? 'kws_ref_model' : 'ds_cnn',
)!;
const hostRows: (string | number)[][] = [];
for (const [label, board] of [
  ['rp2040 (2 x M0+)', builtinBoard('rp2040')],
  ['rp2040 core 0 alone', withCores(builtinBoard('rp2040'), 1)],
  ['stm32h755 (M7 + M4)', builtinBoard('stm32h755')],
  ['rp2350-riscv (2 x Hazard3)', builtinBoard('rp2350-riscv')],
] as const) {
  const best = [0, 1, 2]
    .map(() => run(kws, board, 'auto'))
    .sort((a, b) => a.hostSeconds - b.hostSeconds)[0]!;
  hostRows.push([
    label,
    best.scheduler,
    f(best.latencyMs),
    best.instructions,
    f(best.hostSeconds, 3),
    f(best.instructions / best.hostSeconds / 1e6, 1),
    best.bitExact ? 'yes' : 'NO',
  ]);
}
console.log(
  `host time per simulated inference of ${kws.name === 'main' ? 'kws_ref_model' : kws.name} (best of 3; goal: dual-core rp2040 under 5 s)\n`,
);
console.log(
  formatTable(
    ['board', 'scheduler', 'simulated ms', 'instructions', 'host s', 'MIPS', 'bit-exact'],
    hostRows,
  ),
);

// 2. Simulated latency per model x board x scheduler.
const names = (process.argv[2] ?? 'ds_cnn,mobilenet_v1_025,inception_like').split(',');
const boards: [string, Board][] = [
  ['rp2040', builtinBoard('rp2040')],
  ['rp2350-arm', builtinBoard('rp2350-arm')],
  ['rp2350-riscv', builtinBoard('rp2350-riscv')],
  ['nrf5340', builtinBoard('nrf5340')],
  ['stm32h755', builtinBoard('stm32h755')],
  ['esp32c6', builtinBoard('esp32c6')],
  ['4 x M4', builtinBoard('generic', ['cores=4'])],
  ['8 x M4', builtinBoard('generic', ['cores=8'])],
];
const rows: (string | number)[][] = [];
for (const name of names) {
  const g = loadModel(name);
  if (g === undefined) continue;
  for (const [label, board] of boards) {
    const single = run(g, withCores(board, 1), 'heft');
    for (const scheduler of POLICIES) {
      const r: RunResult = run(g, board, scheduler);
      rows.push([
        name,
        label,
        board.cores.length,
        scheduler,
        f(r.latencyMs),
        f(single.latencyMs / r.latencyMs),
        f(r.estimatedMs),
        r.bitExact ? 'yes' : 'NO',
      ]);
    }
  }
}
console.log("\nsimulated latency (ISA level; speedup over the same board's core 0 alone)\n");
console.log(
  formatTable(
    ['model', 'board', 'cores', 'scheduler', 'latency ms', 'speedup', 'estimate ms', 'bit-exact'],
    rows,
  ),
);
console.log(`
hardware anchors (../shared/spec/platform-facts.md):
- RP2040, TFLM person detection (vww) with CMSIS kernels split over both cores: 823 ms -> 587 ms (1.40x),
  per op 1.19x-1.9x (raspberrypi/pico-tflmicro benchmark_results.txt)
- ESP32-S3, ESP-DL MobileNetV2-224 int8 dual core: 1309.5 -> 867.0 ms (1.51x)`);

// 3. The MLPerf Tiny models on one Cortex-M4 at 120 MHz, beside TFLM on the MLPerf Tiny reference board.
// MLCommons tiny_results_v0.5, closed/reference (Nucleo-L4R5ZI: STM32L4R5, Cortex-M4 @120 MHz,
// TFLM v2.3.1, mbed-os): results/Nucleo-L4R5ZI/<kws|vww|ic|ad>/performance/results.txt give the
// runtime of 100 inferences (1000 for ad): 18.192 s, 60.054 s, 70.426 s, 10.052 s.
const TFLM_M4_120MHZ_MS: [string, string, number][] = [
  ['kws_ref_model', 'kws', 181.92],
  ['vww_96_int8', 'vww', 600.54],
  ['pretrainedResnet_quant', 'ic', 704.26],
  ['ad01_int8', 'ad', 10.052],
];
// Flash with no wait state stands for the STM32L4's ART accelerator (prefetch and cache) hitting.
const m4 = builtinBoard('generic', [
  'cores=1',
  'core=cortex-m4',
  'clockHz=120e6',
  'flashWaitStates=0',
]);
const anchorRows: (string | number)[][] = [];
for (const [name, short, tflmMs] of TFLM_M4_120MHZ_MS) {
  const g = loadModel(name);
  if (g === undefined) continue;
  const r = run(g, m4, 'heft');
  anchorRows.push([
    `${name} (${short})`,
    f(r.latencyMs),
    f(r.estimatedMs),
    tflmMs,
    f(tflmMs / r.latencyMs),
    r.bitExact ? 'yes' : 'NO',
  ]);
}
if (anchorRows.length > 0) {
  console.log(
    '\nMLPerf Tiny on one Cortex-M4 @120 MHz: arielsim (simulated) beside TFLM on the reference board\n',
  );
  console.log(
    formatTable(
      [
        'model',
        'arielsim ms',
        'estimate ms',
        'TFLM ms (Nucleo-L4R5ZI)',
        'TFLM / arielsim',
        'bit-exact',
      ],
      anchorRows,
    ),
  );
}
