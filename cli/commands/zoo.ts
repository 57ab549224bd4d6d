/** `arielsim zoo --out <dir> [--json]`: writes every zoo model as <dir>/<name>.tflite. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { parameterBytes, totalMacs } from '../../compiler/ir/stats.js';
import { ZOO, zooTflite } from '../../compiler/zoo/registry.js';
import { formatTable, printJson } from '../output.js';
import { planOutputs } from '../output-guard.js';
import { parseOptions } from '../options.js';
import { terminalProgress } from '../progress.js';

const Options = z.object({
  out: z.string().min(1, 'expected a directory'),
  json: z.boolean().optional(),
});

export interface ZooFileReport {
  name: string;
  file: string;
  bytes: number;
  ops: number;
  macs: number;
  parameterBytes: number;
}

export function registerZoo(program: Command): void {
  program
    .command('zoo')
    .description('write the built-in synthetic int8 models (LeNet-5, DS-CNN, MobileNetV1, ...)')
    .requiredOption('--out <dir>', 'directory to write <name>.tflite files into')
    .option('--json', 'print one JSON object')
    .action((raw: unknown) => {
      const opts = parseOptions(Options, raw);
      const progress = terminalProgress();
      const models = writeZoo(opts.out, (i, n, name) =>
        progress.update(`[${i + 1}/${n}] building ${name}`),
      );
      progress.done();
      if (opts.json) {
        const list = models.map(({ name, file, bytes, ops, macs }) => ({
          name,
          file,
          bytes,
          ops,
          macs,
        }));
        printJson({ models: list });
      } else {
        printTable(opts.out, models);
      }
    });
}

/**
 * Builds every zoo model and writes them into `dir` (checked before any model is built, written
 * together at the end, nothing left behind on failure); returns what it wrote.
 */
export function writeZoo(
  dir: string,
  onModel: (index: number, count: number, name: string) => void = () => undefined,
): ZooFileReport[] {
  const entries = Object.entries(ZOO);
  const plan = planOutputs(
    entries.map(([name]) => ({ path: join(dir, `${name}.tflite`), what: `--out ${name}.tflite` })),
    [],
  );
  const files = new Map<string, Uint8Array>();
  const reports = entries.map(([name, entry], index) => {
    onModel(index, entries.length, name);
    const graph = entry.build();
    const bytes = zooTflite(name, graph);
    const file = join(dir, `${name}.tflite`);
    files.set(file, bytes);
    return {
      name,
      file,
      bytes: bytes.length,
      ops: graph.ops.length,
      macs: totalMacs(graph),
      parameterBytes: parameterBytes(graph),
    };
  });
  plan.commit(files);
  return reports;
}

function printTable(dir: string, models: ZooFileReport[]): void {
  const rows = models.map((m) => [m.name, m.ops, m.macs, m.parameterBytes, m.bytes]);
  const table = formatTable(['name', 'ops', 'MACs', 'params bytes', 'file bytes'], rows);
  process.stdout.write(`${table}\n\n${models.length} models written to ${dir}\n`);
}
