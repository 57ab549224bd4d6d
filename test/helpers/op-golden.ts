/** Running one op of a golden model through one reference kernel, for focused per-op golden tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { elementCount, type Graph } from '../../compiler/ir/graph.js';
import type { RefKernel } from '../../compiler/ref/registry.js';

/** Runs op `opIndex` (default the only one) of a golden model on `input` through `kernel`. */
export function runOnlyOp(graph: Graph, kernel: RefKernel, input: Int8Array, opIndex = 0): Int8Array {
  const op = graph.ops[opIndex]!;
  const values = new Map(graph.tensors.flatMap((t) => (t.data ? [[t.id, t.data] as const] : [])));
  values.set(op.inputs[0]!, input);
  const output = new Int8Array(elementCount(graph.tensors[op.outputs[0]!]!.shape));
  values.set(op.outputs[0]!, output);
  kernel(op, graph, values, { rounding: 'double' });
  return output;
}

/** The cases of a golden directory: model input and final output bytes. */
export function goldenCases(dir: string): { id: string; input: Int8Array; output: Int8Array }[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    cases: { id: string; input: string; output: string }[];
  };
  const bytes = (file: string) => new Int8Array(readFileSync(join(dir, file)));
  return manifest.cases.map((c) => ({ id: c.id, input: bytes(c.input), output: bytes(c.output) }));
}
