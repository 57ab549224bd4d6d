/** Tiny hand-built graphs for the reference kernel tests. */
import type { DType, Graph, Op, Tensor, TensorData } from '../../compiler/ir/graph.js';
import { runGraph, type Rounding } from '../../compiler/ref/interpreter.js';

export interface TensorSpec {
  shape: number[];
  dtype?: DType;
  scale?: number | number[];
  zeroPoint?: number;
  axis?: number;
  data?: TensorData;
}

function makeTensor(id: number, s: TensorSpec): Tensor {
  const t: Tensor = { id, name: `t${id}`, shape: s.shape, dtype: s.dtype ?? 'int8' };
  if (s.scale !== undefined) {
    const scale = Array.isArray(s.scale) ? s.scale : [s.scale];
    t.quant = { scale, zeroPoint: scale.map(() => s.zeroPoint ?? 0), axis: s.axis ?? 0 };
  }
  if (s.data !== undefined) t.data = s.data;
  return t;
}

/**
 * One op over tensors 0..n-1: `inputs` are the op's operands (tensor specs or -1 for an omitted
 * one), the last spec is the output. Operands without data become graph inputs, in order.
 */
export function singleOpGraph(
  kind: Op['kind'],
  attrs: Op['attrs'],
  inputs: (TensorSpec | -1)[],
  output: TensorSpec,
): Graph {
  const tensors: Tensor[] = [];
  const opInputs = inputs.map((s) => {
    if (s === -1) return -1;
    tensors.push(makeTensor(tensors.length, s));
    return tensors.length - 1;
  });
  tensors.push(makeTensor(tensors.length, output));
  const out = tensors.length - 1;
  const op = { kind, inputs: opInputs, outputs: [out], attrs } as Op;
  const graphInputs = opInputs.filter((i) => i >= 0 && tensors[i]!.data === undefined);
  return { name: kind.toLowerCase(), tensors, ops: [op], inputs: graphInputs, outputs: [out] };
}

/** Runs a single-op graph and returns its output as plain numbers. */
export function runOp(graph: Graph, inputs: TensorData[], rounding: Rounding = 'double'): number[] {
  const values = runGraph(graph, inputs, { rounding });
  return Array.from(values.get(graph.outputs[0]!)! as Int8Array);
}

export const i8 = (...v: number[]) => Int8Array.from(v);
export const i32 = (...v: number[]) => Int32Array.from(v);
export const f32 = (...v: number[]) => Float32Array.from(v);
