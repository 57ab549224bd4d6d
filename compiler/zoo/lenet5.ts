/**
 * LeNet-5 (LeCun, Bottou, Bengio, Haffner 1998, "Gradient-based learning applied to document
 * recognition"): 32x32x1 input, C1 conv 5x5x6, S2 2x2 subsampling, C3 conv 5x5x16, S4 2x2
 * subsampling, C5 conv 5x5x120 (a 1x1 output, so fully connected in effect), F6 84 units, 10
 * outputs. Here in today's int8 form: VALID convolutions with RELU (the paper used scaled tanh),
 * average pooling for S2/S4, a full C3 connection table (the paper used a sparse one) and SOFTMAX.
 * 9 ops; MACs 117,600 + 240,000 + 48,000 + 10,080 + 840 = 416,520.
 */
import type { Graph } from '../ir/graph.js';
import { ModelBuilder } from './layers.js';

export function buildLenet5(seed = 5): Graph {
  const m = new ModelBuilder('lenet5', seed);
  let x = m.input('input', [1, 32, 32, 1], 0, 1);
  x = m.conv2d(x, 'c1', { filters: 6, kernel: 5, padding: 'VALID' }); // 28x28x6
  x = m.averagePool2d(x, 's2', { filter: 2 }); // 14x14x6
  x = m.conv2d(x, 'c3', { filters: 16, kernel: 5, padding: 'VALID' }); // 10x10x16
  x = m.averagePool2d(x, 's4', { filter: 2 }); // 5x5x16
  x = m.conv2d(x, 'c5', { filters: 120, kernel: 5, padding: 'VALID' }); // 1x1x120
  x = m.reshape(x, 'flatten', [1, 120]);
  x = m.fullyConnected(x, 'f6', 84);
  x = m.logits(x, 'output', 10);
  return m.build([m.softmax(x, 'softmax')]);
}
