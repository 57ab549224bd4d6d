/**
 * DS-CNN keyword spotting (Zhang, Suda, Lai, Chandra 2017, "Hello Edge: Keyword Spotting on
 * Microcontrollers"), the small variant used by MLPerf Tiny's KWS benchmark: a 49x10 MFCC input
 * (49 frames x 10 coefficients), conv 10x4 stride 2 with 64 filters, four depthwise-separable blocks
 * (depthwise 3x3 + pointwise 1x1, 64 channels, RELU), global average pooling, 12 classes.
 * 13 ops; MACs 320,000 + 4 x (72,000 + 512,000) + 768 = 2,656,768 (the MLPerf model's count).
 */
import type { Graph } from '../ir/graph.js';
import { ModelBuilder } from './layers.js';

export function buildDsCnn(seed = 49): Graph {
  const m = new ModelBuilder('ds_cnn', seed);
  // MFCC features, roughly within [-30, 30] after the front end's scaling.
  let x = m.input('input', [1, 49, 10, 1], -30, 30);
  x = m.conv2d(x, 'conv_1', { filters: 64, kernel: [10, 4], stride: 2 }); // 25x5x64
  for (let i = 1; i <= 4; i++) {
    x = m.depthwiseConv2d(x, `dw_${i}`, { kernel: 3 });
    x = m.conv2d(x, `pw_${i}`, { filters: 64, kernel: 1 });
  }
  x = m.globalAveragePool(x, 'avg_pool'); // 1x1x64
  x = m.reshape(x, 'flatten', [1, 64]);
  x = m.logits(x, 'fc', 12);
  return m.build([m.softmax(x, 'softmax')]);
}
