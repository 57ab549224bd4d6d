/**
 * ResNet-8 of MLPerf Tiny's image classification benchmark (CIFAR-10, 32x32x3), after He et al. 2016
 * "Deep Residual Learning for Image Recognition": conv 3x3 (16), then three residual stacks of two
 * 3x3 convs (16, 32, 64 filters; the second and third stacks start with stride 2 and carry a 1x1
 * stride-2 shortcut conv), each closed by a residual ADD with RELU; global average pooling, 10 classes.
 * 16 ops (CONV_2D x9, ADD x3, AVERAGE_POOL_2D, RESHAPE, FULLY_CONNECTED, SOFTMAX); MACs 12,501,632
 * (the MLPerf model's count).
 */
import type { Graph } from '../ir/graph.js';
import { ModelBuilder, type Act } from './layers.js';

function residualStack(m: ModelBuilder, x: Act, name: string, filters: number, stride: number) {
  const y1 = m.conv2d(x, `${name}/conv_1`, { filters, kernel: 3, stride });
  const y2 = m.conv2d(y1, `${name}/conv_2`, { filters, kernel: 3, activation: 'NONE' });
  const shortcut =
    stride === 1
      ? x
      : m.conv2d(x, `${name}/shortcut`, { filters, kernel: 1, stride, activation: 'NONE' });
  return m.add(y2, shortcut, `${name}/add`, 'RELU');
}

export function buildResnet8(seed = 8): Graph {
  const m = new ModelBuilder('resnet8', seed);
  let x = m.input('input', [1, 32, 32, 3], 0, 255);
  x = m.conv2d(x, 'conv_1', { filters: 16, kernel: 3 }); // 32x32x16
  x = residualStack(m, x, 'stack_1', 16, 1); // 32x32x16
  x = residualStack(m, x, 'stack_2', 32, 2); // 16x16x32
  x = residualStack(m, x, 'stack_3', 64, 2); // 8x8x64
  x = m.globalAveragePool(x, 'avg_pool');
  x = m.reshape(x, 'flatten', [1, 64]);
  x = m.logits(x, 'fc', 10);
  return m.build([m.softmax(x, 'softmax')]);
}
