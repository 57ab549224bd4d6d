/**
 * MobileNetV1 with width multiplier 0.25 (Howard et al. 2017, "MobileNets: Efficient Convolutional
 * Neural Networks for Mobile Vision Applications") on 96x96x3, as in MLPerf Tiny's Visual Wake Words
 * benchmark: conv 3x3 stride 2 (8 filters), 13 depthwise-separable blocks (depthwise 3x3 + pointwise
 * 1x1, RELU6) widening 16-32-32-64-64-128x6-256-256, global average pooling, 2 classes.
 * 31 ops (CONV_2D x14, DEPTHWISE_CONV_2D x13, AVERAGE_POOL_2D, RESHAPE, FULLY_CONNECTED, SOFTMAX);
 * MACs 7,489,664 (the MLPerf model's count).
 */
import type { Graph } from '../ir/graph.js';
import { ModelBuilder } from './layers.js';

/** [pointwise filters, depthwise stride] of the 13 separable blocks at alpha = 0.25. */
const BLOCKS: [number, number][] = [
  [16, 1], [32, 2], [32, 1], [64, 2], [64, 1], [128, 2],
  [128, 1], [128, 1], [128, 1], [128, 1], [128, 1], [256, 2], [256, 1],
]; // prettier-ignore

export function buildMobilenetV1025(seed = 96): Graph {
  const m = new ModelBuilder('mobilenet_v1_025', seed);
  let x = m.input('input', [1, 96, 96, 3], 0, 1);
  x = m.conv2d(x, 'conv_1', { filters: 8, kernel: 3, stride: 2, activation: 'RELU6' }); // 48x48x8
  BLOCKS.forEach(([filters, stride], i) => {
    x = m.depthwiseConv2d(x, `dw_${i + 1}`, { kernel: 3, stride, activation: 'RELU6' });
    x = m.conv2d(x, `pw_${i + 1}`, { filters, kernel: 1, activation: 'RELU6' });
  }); // 3x3x256
  x = m.globalAveragePool(x, 'avg_pool');
  x = m.reshape(x, 'flatten', [1, 256]);
  x = m.logits(x, 'fc', 2);
  return m.build([m.softmax(x, 'softmax')]);
}
