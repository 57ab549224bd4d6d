/**
 * The model zoo: seeded, deterministic int8 models in the families that TinyML work on
 * microcontrollers uses (the four MLPerf Tiny architectures, LeNet-5, an MCUNet-like inverted
 * residual network and a branchy Inception-like network). The same seed gives byte-identical files.
 */
import { DiagnosticError } from '../../common/diagnostics.js';
import type { Graph } from '../ir/graph.js';
import { buildDsCnn } from './ds-cnn.js';
import { buildFcAutoencoder } from './fc-autoencoder.js';
import { buildInceptionLike } from './inception-like.js';
import { buildLenet5 } from './lenet5.js';
import { buildMcunetLike } from './mcunet-like.js';
import { buildMobilenetV1025 } from './mobilenet-v1.js';
import { buildResnet8 } from './resnet8.js';
import { writeTflite } from './tflite-writer.js';

export interface ZooEntry {
  description: string;
  /** Where the architecture comes from. */
  source: string;
  /** Builds the graph; without a seed, each model's fixed default seed. */
  build(seed?: number): Graph;
}

export const ZOO: Record<string, ZooEntry> = {
  lenet5: {
    description: 'LeNet-5 digit classifier, 32x32x1, conv/avg-pool/FC',
    source: 'LeCun et al. 1998, Gradient-based learning applied to document recognition',
    build: buildLenet5,
  },
  ds_cnn: {
    description: 'DS-CNN keyword spotting, 49x10x1 MFCC, depthwise-separable blocks',
    source: 'Zhang et al. 2017, Hello Edge; MLPerf Tiny KWS',
    build: buildDsCnn,
  },
  mobilenet_v1_025: {
    description: 'MobileNetV1 alpha 0.25, 96x96x3 person detection',
    source: 'Howard et al. 2017, MobileNets; MLPerf Tiny VWW',
    build: buildMobilenetV1025,
  },
  resnet8: {
    description: 'ResNet-8, 32x32x3 CIFAR-10, residual ADDs',
    source: 'He et al. 2016; MLPerf Tiny image classification',
    build: buildResnet8,
  },
  fc_autoencoder: {
    description: 'Fully connected autoencoder, 640 -> 128x4 -> 8 -> 128x4 -> 640',
    source: 'DCASE 2020 task 2 baseline; MLPerf Tiny anomaly detection',
    build: buildFcAutoencoder,
  },
  mcunet_like: {
    description: 'Inverted residual blocks (expand, depthwise, project, ADD), 64x64x3',
    source: 'Lin et al. 2020, MCUNet; Sandler et al. 2018, MobileNetV2',
    build: buildMcunetLike,
  },
  inception_like: {
    description: 'Inception modules: 1x1, 3x3, 5x5 and pool branches meeting in a CONCATENATION',
    source: 'Szegedy et al. 2015, Going Deeper with Convolutions',
    build: buildInceptionLike,
  },
};

export const ZOO_NAMES: readonly string[] = Object.keys(ZOO);

/** The zoo entry of `name`, or a diagnostic listing the known names. */
export function zooEntry(name: string): ZooEntry {
  const entry = Object.hasOwn(ZOO, name) ? ZOO[name] : undefined;
  if (entry === undefined) {
    throw new DiagnosticError({
      code: 'zoo/unknown-model',
      where: name,
      message: `no zoo model named "${name}"`,
      hint: `known models: ${ZOO_NAMES.join(', ')}`,
    });
  }
  return entry;
}

/** The .tflite bytes of a zoo model. */
export function buildZooModel(name: string, seed?: number): Uint8Array {
  return zooTflite(name, zooEntry(name).build(seed));
}

/** The .tflite file of a built zoo graph (the description names the zoo model). */
export function zooTflite(name: string, graph: Graph): Uint8Array {
  return writeTflite(graph, { description: `arielsim zoo: ${name}` });
}
