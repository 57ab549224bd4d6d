/**
 * An MCUNet-like network (Lin et al. 2020, "MCUNet: Tiny Deep Learning on IoT Devices") on 64x64x3:
 * MobileNetV2 inverted residual blocks (Sandler et al. 2018): 1x1 expansion (RELU6), depthwise
 * kxk (RELU6; MCUNet's searched kernels mix 3, 5 and 7), linear 1x1 projection, and a residual ADD
 * when the block keeps its shape. Ends with MEAN over height and width, RESHAPE, FULLY_CONNECTED and
 * SOFTMAX. 29 ops (CONV_2D x15, DEPTHWISE_CONV_2D x7, ADD x3, MEAN, RESHAPE, FULLY_CONNECTED,
 * SOFTMAX); 3,589,568 MACs, about 60 KB of parameters.
 */
import type { Graph } from '../ir/graph.js';
import { ModelBuilder, type Act } from './layers.js';

interface Block {
  expand: number;
  filters: number;
  kernel: number;
  stride: number;
}

/** Expansion ratio, output channels, depthwise kernel and stride of each inverted residual block. */
const BLOCKS: Block[] = [
  { expand: 1, filters: 8, kernel: 3, stride: 1 }, // 32x32x8 (no expansion, as MobileNetV2's first)
  { expand: 4, filters: 16, kernel: 5, stride: 2 }, // 16x16x16
  { expand: 4, filters: 16, kernel: 3, stride: 1 }, // residual
  { expand: 4, filters: 24, kernel: 7, stride: 2 }, // 8x8x24
  { expand: 3, filters: 24, kernel: 3, stride: 1 }, // residual
  { expand: 6, filters: 40, kernel: 5, stride: 2 }, // 4x4x40
  { expand: 6, filters: 40, kernel: 3, stride: 1 }, // residual
];

function invertedResidual(m: ModelBuilder, x: Act, name: string, b: Block): Act {
  const cin = x.shape[3]!;
  let y = x;
  if (b.expand !== 1) {
    y = m.conv2d(y, `${name}/expand`, { filters: cin * b.expand, kernel: 1, activation: 'RELU6' });
  }
  y = m.depthwiseConv2d(y, `${name}/depthwise`, {
    kernel: b.kernel,
    stride: b.stride,
    activation: 'RELU6',
  });
  y = m.conv2d(y, `${name}/project`, { filters: b.filters, kernel: 1, activation: 'NONE' });
  return b.stride === 1 && cin === b.filters ? m.add(y, x, `${name}/add`) : y;
}

export function buildMcunetLike(seed = 64): Graph {
  const m = new ModelBuilder('mcunet_like', seed);
  let x = m.input('input', [1, 64, 64, 3], 0, 1);
  x = m.conv2d(x, 'stem', { filters: 16, kernel: 3, stride: 2, activation: 'RELU6' }); // 32x32x16
  BLOCKS.forEach((b, i) => (x = invertedResidual(m, x, `block_${i + 1}`, b)));
  x = m.conv2d(x, 'head', { filters: 96, kernel: 1, activation: 'RELU6' }); // 4x4x96
  x = m.mean(x, 'mean');
  x = m.reshape(x, 'flatten', [1, 96]);
  x = m.logits(x, 'fc', 10);
  return m.build([m.softmax(x, 'softmax')]);
}
