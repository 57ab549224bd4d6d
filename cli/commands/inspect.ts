/** `arielsim inspect <model.tflite> [--json]`: ops with shapes, MACs, parameter and activation bytes. */
import type { Command } from 'commander';
import { z } from 'zod';
import { dtypeBytes, type Graph, type Tensor } from '../../compiler/ir/graph.js';
import {
  activationBytes,
  opMacs,
  exactSum,
  opParameterBytes,
  parameterBytes,
} from '../../compiler/ir/stats.js';
import { loadModel } from '../files.js';
import { formatTable, printJson } from '../output.js';
import { parseOptions } from '../options.js';

const Options = z.object({ json: z.boolean().optional() });

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('show the ops of a model with shapes, MACs, parameter bytes and activation bytes')
    .argument('<model>', 'int8 .tflite model')
    .option('--json', 'print one JSON object')
    .action((modelPath: string, raw: unknown) => {
      const opts = parseOptions(Options, raw);
      const g = loadModel(modelPath);
      const report = inspectGraph(g);
      if (opts.json) printJson({ model: modelPath, ...report });
      else printReport(modelPath, g, report);
    });
}

function tensorInfo(t: Tensor) {
  return {
    id: t.id,
    name: t.name,
    shape: t.shape,
    dtype: t.dtype,
    ...(t.quant
      ? {
          scale: t.quant.scale.length === 1 ? t.quant.scale[0] : t.quant.scale,
          zeroPoint: t.quant.zeroPoint.length === 1 ? t.quant.zeroPoint[0] : t.quant.zeroPoint,
        }
      : {}),
  };
}

export function inspectGraph(g: Graph) {
  const ops = g.ops.map((op, index) => ({
    index,
    kind: op.kind,
    inputShapes: op.inputs
      .filter((i) => i >= 0 && g.tensors[i]!.data === undefined)
      .map((i) => g.tensors[i]!.shape),
    outputShape: g.tensors[op.outputs[0]!]!.shape,
    macs: opMacs(g, op),
    parameterBytes: opParameterBytes(g, op),
  }));
  return {
    name: g.name,
    inputs: g.inputs.map((i) => tensorInfo(g.tensors[i]!)),
    outputs: g.outputs.map((i) => tensorInfo(g.tensors[i]!)),
    ops,
    totalMacs: exactSum(ops.map((o) => o.macs)),
    parameterBytes: parameterBytes(g),
    activationBytes: activationBytes(g),
    largestActivationBytes: Math.max(
      0,
      ...g.tensors
        .filter((t) => t.data === undefined)
        .map((t) => t.shape.reduce((a, b) => a * b, 1) * dtypeBytes(t.dtype)),
    ),
  };
}

const shape = (s: number[]) => `[${s.join(',')}]`;

function printReport(path: string, g: Graph, r: ReturnType<typeof inspectGraph>): void {
  const io = (t: ReturnType<typeof tensorInfo>) =>
    `${t.name} ${shape(t.shape)} ${t.dtype}${t.scale !== undefined ? ` scale=${t.scale} zp=${t.zeroPoint}` : ''}`;
  const lines = [
    `model ${path} (${g.name}): ${g.ops.length} ops`,
    ...r.inputs.map((t) => `  input  ${io(t)}`),
    ...r.outputs.map((t) => `  output ${io(t)}`),
    '',
    formatTable(
      ['#', 'op', 'input shapes', 'output shape', 'MACs', 'param bytes'],
      r.ops.map((o) => [
        o.index,
        o.kind,
        o.inputShapes.map(shape).join(' '),
        shape(o.outputShape),
        o.macs,
        o.parameterBytes,
      ]),
    ),
    '',
    `total MACs        ${r.totalMacs.toLocaleString('en-US')}`,
    `parameter bytes   ${r.parameterBytes.toLocaleString('en-US')}`,
    `activation bytes  ${r.activationBytes.toLocaleString('en-US')} (all activations, no reuse; largest tensor ${r.largestActivationBytes.toLocaleString('en-US')})`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
