/** Numpy-style broadcasting of two operands onto an output shape (ADD, MUL). */

/**
 * Calls `visit(i1, i2, o)` for every output element `o` in row-major order with the flat offsets
 * of the two input elements broadcasting maps to it. Shapes are right-aligned; a dimension of 1
 * (or a missing leading dimension) repeats. Throws (a verifier bug) on incompatible shapes.
 */
export function forEachBroadcast(
  shape1: readonly number[],
  shape2: readonly number[],
  outShape: readonly number[],
  visit: (i1: number, i2: number, o: number) => void,
): void {
  const rank = outShape.length;
  const stride1 = broadcastStrides(shape1, outShape);
  const stride2 = broadcastStrides(shape2, outShape);
  const index = new Array<number>(rank).fill(0);
  let total = 1;
  for (const d of outShape) total *= d;
  let i1 = 0;
  let i2 = 0;
  for (let o = 0; o < total; o++) {
    visit(i1, i2, o);
    // Odometer step over the output index, updating both input offsets incrementally.
    for (let d = rank - 1; d >= 0; d--) {
      index[d]!++;
      i1 += stride1[d]!;
      i2 += stride2[d]!;
      if (index[d]! < outShape[d]!) break;
      i1 -= stride1[d]! * outShape[d]!;
      i2 -= stride2[d]! * outShape[d]!;
      index[d] = 0;
    }
  }
}

/** Element strides of `shape` viewed in `outShape`'s rank, 0 along broadcast dimensions. */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const rank = outShape.length;
  if (shape.length > rank) throw new Error(`cannot broadcast [${shape}] to [${outShape}]`);
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    const k = d - (rank - shape.length);
    const dim = k >= 0 ? shape[k]! : 1;
    if (dim !== 1 && dim !== outShape[d])
      throw new Error(`cannot broadcast [${shape}] to [${outShape}]`);
    strides[d] = dim === 1 ? 0 : stride;
    stride *= dim;
  }
  return strides;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
