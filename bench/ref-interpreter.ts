/**
 * Benchmark: milliseconds per inference of the reference interpreter, for the four MLPerf Tiny models
 * (from ../shared, when present) and every zoo model. Goal (issue 2): VWW (7.5 M MACs) under 150 ms.
 * Prints a table; never asserts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Graph } from '../compiler/ir/graph.js';
import { importTflite } from '../compiler/import/tflite.js';
import { totalMacs } from '../compiler/ir/stats.js';
import { runGraph } from '../compiler/ref/interpreter.js';
import { seededInput } from '../compiler/ref/seeded-input.js';
import { ZOO } from '../compiler/zoo/registry.js';

const SHARED_MODELS = fileURLToPath(new URL('../../shared/models/', import.meta.url));
const MLPERF = ['kws_ref_model', 'vww_96_int8', 'pretrainedResnet_quant', 'ad01_int8'];

function measure(g: Graph): { ms: number; runs: number } {
  const input = seededInput(g.tensors[g.inputs[0]!]!, 1);
  for (let i = 0; i < 3; i++) runGraph(g, [input]); // warm-up: let the JIT compile the kernels
  const times: number[] = [];
  const deadline = performance.now() + 2000;
  while (times.length < 5 || (performance.now() < deadline && times.length < 50)) {
    const t0 = performance.now();
    runGraph(g, [input]);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, runs: times.length };
}

const rows: [string, number, number, number][] = [];
const models: [string, () => Graph][] = [];
for (const name of MLPERF) {
  const path = join(SHARED_MODELS, `${name}.tflite`);
  if (existsSync(path)) models.push([name, () => importTflite(readFileSync(path), name)]);
  else console.log(`[skip] ${path} not found`);
}
for (const [name, entry] of Object.entries(ZOO)) models.push([`zoo/${name}`, () => entry.build()]);

console.log(`reference interpreter, node ${process.version}, median of repeated runs after warm-up`);
console.log('model                          MACs        ms/inference   MMAC/s   runs');
for (const [name, load] of models) {
  const g = load();
  const { ms, runs } = measure(g);
  const macs = totalMacs(g);
  rows.push([name, macs, ms, runs]);
  console.log(
    `${name.padEnd(28)} ${macs.toLocaleString('en-US').padStart(12)} ${ms.toFixed(2).padStart(14)} ${(macs / ms / 1000).toFixed(1).padStart(8)} ${String(runs).padStart(6)}`,
  );
}
