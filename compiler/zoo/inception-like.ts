/**
 * An Inception-like network (Szegedy et al. 2015, "Going Deeper with Convolutions") on 32x32x3:
 * a stem conv and max pool, then two inception modules whose four parallel branches (1x1; 1x1 then
 * 3x3; 1x1 then 5x5; 3x3 max pool then 1x1) meet in a CONCATENATION on the channel axis, a max pool
 * between them, and a classifier of global average pooling, RESHAPE, FULLY_CONNECTED and SOFTMAX.
 * The branches that meet share one output quantisation, as TFLite int8 concatenation requires.
 * 23 ops (CONV_2D x13, MAX_POOL_2D x4, CONCATENATION x2, AVERAGE_POOL_2D, RESHAPE,
 * FULLY_CONNECTED, SOFTMAX); 3,728,480 MACs.
 */
import type { Graph } from '../ir/graph.js';
import { ModelBuilder, type Act } from './layers.js';

/** Filters of one module: 1x1 | 3x3 reduce, 3x3 | 5x5 reduce, 5x5 | pool projection. */
interface Module {
  b1: number;
  b3reduce: number;
  b3: number;
  b5reduce: number;
  b5: number;
  pool: number;
}

function inceptionModule(m: ModelBuilder, x: Act, name: string, f: Module): Act {
  const b1 = m.conv2d(x, `${name}/1x1`, { filters: f.b1, kernel: 1 });
  const r3 = m.conv2d(x, `${name}/3x3_reduce`, { filters: f.b3reduce, kernel: 1 });
  const b3 = m.conv2d(r3, `${name}/3x3`, { filters: f.b3, kernel: 3 });
  const r5 = m.conv2d(x, `${name}/5x5_reduce`, { filters: f.b5reduce, kernel: 1 });
  const b5 = m.conv2d(r5, `${name}/5x5`, { filters: f.b5, kernel: 5 });
  const p = m.maxPool2d(x, `${name}/pool`, { filter: 3, stride: 1, padding: 'SAME' });
  const bp = m.conv2d(p, `${name}/pool_proj`, { filters: f.pool, kernel: 1 });
  return m.concatenation([b1, b3, b5, bp], `${name}/concat`);
}

export function buildInceptionLike(seed = 2015): Graph {
  const m = new ModelBuilder('inception_like', seed);
  let x = m.input('input', [1, 32, 32, 3], 0, 1);
  x = m.conv2d(x, 'stem', { filters: 32, kernel: 3 }); // 32x32x32
  x = m.maxPool2d(x, 'stem_pool', { filter: 3, stride: 2, padding: 'SAME' }); // 16x16x32
  x = inceptionModule(m, x, 'inception_a', {
    b1: 16, b3reduce: 16, b3: 24, b5reduce: 8, b5: 8, pool: 8,
  }); // prettier-ignore
  x = m.maxPool2d(x, 'pool_a', { filter: 3, stride: 2, padding: 'SAME' }); // 8x8x56
  x = inceptionModule(m, x, 'inception_b', {
    b1: 32, b3reduce: 24, b3: 48, b5reduce: 8, b5: 16, pool: 16,
  }); // prettier-ignore
  x = m.globalAveragePool(x, 'avg_pool'); // 1x1x112
  x = m.reshape(x, 'flatten', [1, 112]);
  x = m.logits(x, 'fc', 10);
  return m.build([m.softmax(x, 'softmax')]);
}
