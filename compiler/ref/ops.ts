/** Registers every reference kernel. Each op lives in its own file. */
import { add } from './add.js';
import { concatenation } from './concatenation.js';
import { conv2d } from './conv2d.js';
import { depthwiseConv2d } from './depthwise-conv2d.js';
import { dequantize } from './dequantize.js';
import { fullyConnected } from './fully-connected.js';
import { mul } from './mul.js';
import { pad } from './pad.js';
import { averagePool2d, maxPool2d } from './pool2d.js';
import { quantize } from './quantize.js';
import { KernelRegistry } from './registry.js';
import { reshape } from './reshape.js';
import { softmax } from './softmax.js';
import { logistic } from './logistic.js';
import { tanh } from './tanh.js';
import { mean } from './mean.js';

export function createRefKernels(): KernelRegistry {
  const r = new KernelRegistry();
  r.register('CONV_2D', conv2d);
  r.register('DEPTHWISE_CONV_2D', depthwiseConv2d);
  r.register('FULLY_CONNECTED', fullyConnected);
  r.register('AVERAGE_POOL_2D', averagePool2d);
  r.register('MAX_POOL_2D', maxPool2d);
  r.register('ADD', add);
  r.register('MUL', mul);
  r.register('RESHAPE', reshape);
  r.register('PAD', pad);
  r.register('CONCATENATION', concatenation);
  r.register('QUANTIZE', quantize);
  r.register('DEQUANTIZE', dequantize);
  r.register('SOFTMAX', softmax);
  r.register('LOGISTIC', logistic);
  r.register('TANH', tanh);
  r.register('MEAN', mean);
  return r;
}

/** The kernels `runGraph` uses. */
export const REF_KERNELS: KernelRegistry = createRefKernels();
