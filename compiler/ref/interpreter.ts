/**
 * The reference interpreter: runs a Graph op by op with the bit-exact int8 kernels of `ops.ts`.
 * Its numbers are the definition every other execution path must match.
 */
import { DiagnosticBag } from '../../common/diagnostics.js';
import { elementCount, type DType, type Graph, type TensorData } from '../ir/graph.js';
import { REF_KERNELS } from './ops.js';
import type {
  KernelOptions,
  KernelRegistry,
  RefKernel,
  RefOptions,
  TensorValues,
} from './registry.js';

export type { Rounding, RefOptions } from './registry.js';

const ARRAY_OF: Record<DType, new (n: number) => TensorData> = {
  int8: Int8Array,
  uint8: Uint8Array,
  bool: Uint8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  float32: Float32Array,
};

/** Runs the graph; returns the value of every tensor (inputs, constants, intermediates, outputs) by id. */
export function runGraph(
  graph: Graph,
  inputs: TensorData[],
  options?: RefOptions,
): Map<number, TensorData> {
  return runGraphWith(REF_KERNELS, graph, inputs, options);
}

/** `runGraph` over an explicit kernel registry (tests, partial registries). */
export function runGraphWith(
  kernels: KernelRegistry,
  graph: Graph,
  inputs: TensorData[],
  options: RefOptions = {},
): Map<number, TensorData> {
  const kernelOptions: KernelOptions = { rounding: options.rounding ?? 'double' };
  checkInputs(graph, inputs);
  const opKernels = kernelsFor(kernels, graph);
  const values: TensorValues = new Map();
  for (const t of graph.tensors) if (t.data !== undefined) values.set(t.id, t.data);
  graph.inputs.forEach((id, i) => values.set(id, inputs[i]!));
  graph.ops.forEach((op, index) => {
    for (const id of op.outputs) {
      const t = graph.tensors[id];
      if (t === undefined) throw new Error(`op ${index} (${op.kind}) writes missing tensor ${id}`);
      values.set(id, new ARRAY_OF[t.dtype](elementCount(t.shape)));
    }
    (opKernels[index] as RefKernel)(op, graph, values, kernelOptions);
  });
  return values;
}

function checkInputs(graph: Graph, inputs: TensorData[]): void {
  const diags = new DiagnosticBag();
  if (inputs.length !== graph.inputs.length) {
    diags.add(
      'ref/input-size',
      'inputs',
      `the model has ${graph.inputs.length} input(s), ${inputs.length} were given`,
    );
  }
  graph.inputs.forEach((id, i) => {
    const t = graph.tensors[id]!;
    const x = inputs[i];
    if (x === undefined) return;
    const where = `input ${i} (${t.name})`;
    const expected = ARRAY_OF[t.dtype];
    if (!(x instanceof expected)) {
      diags.add(
        'ref/input-size',
        where,
        `expected ${t.dtype} data (${expected.name}), got ${x.constructor.name}`,
      );
    }
    const n = elementCount(t.shape);
    if (x.length !== n) {
      diags.add(
        'ref/input-size',
        where,
        `expected ${n} elements for shape [${t.shape}], got ${x.length}`,
      );
    }
  });
  diags.throwIfAny();
}

/** The kernel of every op, or a diagnostic listing every op kind the interpreter cannot run. */
function kernelsFor(kernels: KernelRegistry, graph: Graph): RefKernel[] {
  const diags = new DiagnosticBag();
  const missing = new Set<string>();
  const found = graph.ops.map((op, index) => {
    const k = kernels.get(op.kind);
    if (k === undefined && !missing.has(op.kind)) {
      missing.add(op.kind);
      diags.add(
        'ref/unsupported-op',
        `op ${index} (${op.kind})`,
        `the reference interpreter has no ${op.kind} kernel`,
      );
    }
    return k as RefKernel | undefined;
  });
  diags.throwIfAny();
  return found as RefKernel[];
}
