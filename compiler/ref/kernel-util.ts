/** Operand access and shared helpers for the reference kernels. */
import type { Graph, Padding, Tensor, TensorData } from '../ir/graph.js';
import type { TensorValues } from './registry.js';

export function tensorOf(graph: Graph, id: number): Tensor {
  const t = graph.tensors[id];
  if (t === undefined) throw new Error(`tensor ${id} does not exist`);
  return t;
}

/** The value of tensor `id`; throws (an interpreter bug) when it has not been computed. */
export function valueOf(values: TensorValues, id: number): TensorData {
  const v = values.get(id);
  if (v === undefined) throw new Error(`tensor ${id} has no value yet`);
  return v;
}

export function int8Of(values: TensorValues, id: number): Int8Array {
  const v = valueOf(values, id);
  if (!(v instanceof Int8Array)) throw new Error(`tensor ${id} is not int8`);
  return v;
}

export function int32Of(values: TensorValues, id: number): Int32Array {
  const v = valueOf(values, id);
  if (!(v instanceof Int32Array)) throw new Error(`tensor ${id} is not int32`);
  return v;
}

export function float32Of(values: TensorValues, id: number): Float32Array {
  const v = valueOf(values, id);
  if (!(v instanceof Float32Array)) throw new Error(`tensor ${id} is not float32`);
  return v;
}

/** Optional operand (`-1` or missing means absent). */
export function optionalInput(inputs: readonly number[], index: number): number | undefined {
  const id = inputs[index];
  return id === undefined || id < 0 ? undefined : id;
}

/** Per-tensor scale and zero point of an activation tensor. */
export function scaleOf(t: Tensor): number {
  const s = t.quant?.scale[0];
  if (s === undefined) throw new Error(`tensor ${t.id} (${t.name}) has no quantisation`);
  return s;
}

export function zeroPointOf(t: Tensor): number {
  return t.quant?.zeroPoint[0] ?? 0;
}

/**
 * Leading padding of a windowed op along one axis (TFLite ComputePaddingWithOffset): half the total
 * padding, rounded down; the odd element goes to the end. Zero for VALID.
 */
export function leadingPadding(
  padding: Padding,
  inSize: number,
  outSize: number,
  filter: number,
  stride: number,
  dilation = 1,
): number {
  if (padding === 'VALID') return 0;
  const effective = (filter - 1) * dilation + 1;
  const total = (outSize - 1) * stride + effective - inSize;
  return total > 0 ? Math.floor(total / 2) : 0;
}

/** Dims of a 4-D NHWC shape; throws for other ranks (the verifier guarantees rank 4). */
export function nhwc(shape: readonly number[]): [n: number, h: number, w: number, c: number] {
  if (shape.length !== 4) throw new Error(`expected a 4-D NHWC shape, got [${shape}]`);
  return [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
}

export function clampToRange(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}
