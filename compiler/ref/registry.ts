/**
 * The reference interpreter's kernel registry: one kernel per `OpKind`. A kernel reads its operands
 * from `values` (constants, graph inputs and earlier ops' outputs, by tensor id) and writes into the
 * output arrays, which the interpreter allocates before the call (dtype and element count of each
 * output tensor). Kernels are pure functions of their operands: no state survives a call.
 */
import type { Graph, OpKind, OpOf, TensorData } from '../ir/graph.js';

/** Requantisation rounding: TFLM's default double rounding, or `TFLITE_SINGLE_ROUNDING`. */
export type Rounding = 'double' | 'single';

export interface RefOptions {
  /** Default 'double' (TFLite Micro's default build). */
  rounding?: Rounding;
}

/** The options every kernel receives, defaults filled in. */
export interface KernelOptions {
  rounding: Rounding;
}

/** The value of every tensor computed so far, by tensor id. */
export type TensorValues = Map<number, TensorData>;

/** A reference kernel: reads `op.inputs` from `values`, writes the arrays of `op.outputs`. */
export type RefKernel<K extends OpKind = OpKind> = (
  op: OpOf<K>,
  graph: Graph,
  values: TensorValues,
  options: KernelOptions,
) => void;

/** Kernels keyed by op kind; registering a kind twice is a bug and throws. */
export class KernelRegistry {
  private readonly kernels = new Map<OpKind, RefKernel<never>>();

  register<K extends OpKind>(kind: K, kernel: RefKernel<K>): void {
    if (this.kernels.has(kind)) throw new Error(`reference kernel for ${kind} registered twice`);
    this.kernels.set(kind, kernel as unknown as RefKernel<never>);
  }

  get<K extends OpKind>(kind: K): RefKernel<K> | undefined {
    return this.kernels.get(kind) as unknown as RefKernel<K> | undefined;
  }

  has(kind: OpKind): boolean {
    return this.kernels.has(kind);
  }

  kinds(): OpKind[] {
    return [...this.kernels.keys()];
  }
}
