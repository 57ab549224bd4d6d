/**
 * `arielsim infer <model.tflite> --output <out.bin> [--input <in.bin>] [--rounding double|single] [--json]`:
 * runs the reference interpreter on raw input bytes and writes the raw output bytes. Without
 * --input, the seeded input is saved as `<out>.input.bin` (not beside a device or FIFO output).
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { DiagnosticError } from '../../common/diagnostics.js';
import { elementCount, type Graph, type Tensor, type TensorData } from '../../compiler/ir/graph.js';
import { runGraph } from '../../compiler/ref/interpreter.js';
import { seededInput } from '../../compiler/ref/seeded-input.js';
import { decodeInput } from '../model-input.js';
import { loadModel, readUserFile } from '../files.js';
import { parseOptions } from '../options.js';
import { printJson } from '../output.js';
import { isStream, planOutputs } from '../output-guard.js';

const Options = z.object({
  input: z.string().optional(),
  output: z.string({ error: 'is required' }),
  rounding: z
    .enum(['double', 'single'], { error: 'must be "double" or "single"' })
    .default('double'),
  seed: z.string().regex(/^\d+$/, 'expected a non-negative integer').transform(Number).default(1),
  json: z.boolean().optional(),
});

export function registerInfer(program: Command): void {
  program
    .command('infer')
    .description('run the reference interpreter: raw input bytes in, raw output bytes out')
    .argument('[model]', 'int8 .tflite model (or zoo:<name> for a built-in zoo model)')
    .usage('<model> --output <out.bin> [options]')
    .option('--input <file>', 'raw input bytes in the model input layout (default: a seeded input)')
    .option('--output <file>', 'where to write the raw output bytes')
    .option(
      '--rounding <mode>',
      'requantisation rounding: double (TFLM default) or single',
      'double',
    )
    .option('--seed <n>', 'seed of the generated input when --input is absent', '1')
    .option('--json', 'print one JSON object, including the output values')
    .action((modelPath: string | undefined, raw: unknown) => {
      const opts = parseOptions(Options, raw, { '<model>': modelPath });
      const model = modelPath!;
      const inputs = [{ path: model, what: 'model' }];
      if (opts.input !== undefined) inputs.push({ path: opts.input, what: '--input file' });
      const savedInput = `${opts.output}.input.bin`;
      // A device or FIFO output (/dev/null) has no "beside": the seeded input is then not saved.
      const saveInput = opts.input === undefined && !isStream(opts.output);
      const outputs = [{ path: opts.output, what: '--output file' }];
      if (saveInput)
        outputs.push({ path: savedInput, what: 'seeded input file (<out>.input.bin)' });
      const plan = planOutputs(outputs, inputs);
      const g = loadModel(model);
      if (g.inputs.length !== 1 || g.outputs.length !== 1) {
        throw new DiagnosticError({
          code: 'infer/io-count',
          where: model,
          message: `infer takes models with one input and one output; this one has ${g.inputs.length} and ${g.outputs.length}`,
        });
      }
      const inTensor = g.tensors[g.inputs[0]!]!;
      const input: TensorData =
        opts.input === undefined
          ? seededInput(inTensor, opts.seed)
          : decodeInput(inTensor, readUserFile(opts.input, 'input file'), opts.input, 'infer');
      const inputPath = opts.input ?? (saveInput ? savedInput : undefined);
      const values = runGraph(g, [input], { rounding: opts.rounding });
      const outTensor = g.tensors[g.outputs[0]!]!;
      const output = values.get(outTensor.id)!;
      // Everything is written once the run has succeeded: nothing half-done on failure.
      const files = new Map([[opts.output, bytesOf(output)]]);
      if (saveInput) files.set(savedInput, bytesOf(input));
      plan.commit(files);
      if (opts.json) {
        printJson({
          model,
          input: {
            file: inputPath ?? null,
            generated: opts.input === undefined,
            seed: opts.input === undefined ? opts.seed : undefined,
          },
          output: {
            file: opts.output,
            name: outTensor.name,
            shape: outTensor.shape,
            dtype: outTensor.dtype,
            values: Array.from(output as ArrayLike<number>),
          },
          rounding: opts.rounding,
        });
      } else {
        process.stdout.write(
          `${describe(g, outTensor, output)}\nwrote ${opts.output}${saveInput ? ` (seeded input saved as ${savedInput})` : ''}\n`,
        );
      }
    });
}

function bytesOf(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function describe(g: Graph, t: Tensor, data: TensorData): string {
  const values = Array.from(data as ArrayLike<number>);
  const shown =
    values.length <= 16
      ? values.join(' ')
      : `${values.slice(0, 16).join(' ')} ... (${elementCount(t.shape)} values)`;
  return `${g.name}: output ${t.name} [${t.shape}] ${t.dtype}: ${shown}`;
}
