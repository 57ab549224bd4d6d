/** RESHAPE: a copy of the data; only the shape changes (the output tensor's shape is authoritative). */
import { tensorOf, valueOf } from './kernel-util.js';
import type { RefKernel } from './registry.js';

export const reshape: RefKernel<'RESHAPE'> = (op, graph, values) => {
  const x = valueOf(values, op.inputs[0]!);
  const y = valueOf(values, tensorOf(graph, op.outputs[0]!).id);
  if (x.length !== y.length || x.constructor !== y.constructor) {
    throw new Error(`RESHAPE: ${x.length} elements cannot become ${y.length}`);
  }
  (y as Int8Array).set(x as Int8Array);
};
