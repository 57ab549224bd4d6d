/** Size and work figures of a graph: MACs per op, parameter bytes, activation bytes. */
import type { Graph, Op } from './graph.js';
import { elementCount, tensorBytes } from './graph.js';

/**
 * Multiply-accumulates of one op, counted as MLPerf Tiny counts them: convolutions, depthwise
 * convolutions and fully connected layers only (pooling, element-wise ops and activations count 0).
 */
export function opMacs(g: Graph, op: Op): number {
  const out = g.tensors[op.outputs[0]!]!;
  const w = g.tensors[op.inputs[1]!];
  switch (op.kind) {
    case 'CONV_2D': // [N, OH, OW, Cout] x KH*KW*Cin
      return elementCount(out.shape) * w!.shape[1]! * w!.shape[2]! * w!.shape[3]!;
    case 'DEPTHWISE_CONV_2D': // [N, OH, OW, Cout] x KH*KW
      return elementCount(out.shape) * w!.shape[1]! * w!.shape[2]!;
    case 'FULLY_CONNECTED': // outputs x inputs per output
      return elementCount(out.shape) * w!.shape[1]!;
    default:
      return 0;
  }
}

export function totalMacs(g: Graph): number {
  return g.ops.reduce((sum, op) => sum + opMacs(g, op), 0);
}

/**
 * The sum of `values`, exact: a number while it is a safe integer, a bigint beyond 2^53 (one op's
 * MACs stay below 2^52 within the tensor limits of limits.ts, a model's total need not).
 */
export function exactSum(values: readonly number[]): number | bigint {
  let sum = 0n;
  for (const v of values) sum += BigInt(v);
  return sum <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(sum) : sum;
}

/** Bytes of constant tensors (weights, biases, shape operands). */
export function parameterBytes(g: Graph): number {
  return g.tensors.reduce((sum, t) => sum + (t.data !== undefined ? tensorBytes(t) : 0), 0);
}

/** Bytes of all non-constant tensors (graph inputs and every op output), without any reuse. */
export function activationBytes(g: Graph): number {
  return g.tensors.reduce((sum, t) => sum + (t.data === undefined ? tensorBytes(t) : 0), 0);
}

/** Parameter bytes one op reads (its constant operands). */
export function opParameterBytes(g: Graph, op: Op): number {
  let sum = 0;
  for (const id of op.inputs) {
    const t = id >= 0 ? g.tensors[id] : undefined;
    if (t?.data !== undefined) sum += tensorBytes(t);
  }
  return sum;
}
