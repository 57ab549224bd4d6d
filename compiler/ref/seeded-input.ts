/** Deterministic inputs for a model input tensor, for demos and runs without an input file. */
import { Prng } from '../../common/prng.js';
import { elementCount, type Tensor, type TensorData } from '../ir/graph.js';

/** Uniform int8 noise over the full range, or uniform float32 in [-1, 1) for float inputs. */
export function seededInput(t: Tensor, seed: number): TensorData {
  const n = elementCount(t.shape);
  const rng = new Prng(seed);
  if (t.dtype === 'float32') {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = rng.next() * 2 - 1;
    return out;
  }
  const out = new Int8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(-128, 127);
  return out;
}
