/**
 * The fully connected autoencoder of the DCASE 2020 task 2 baseline (Koizumi et al. 2020), used by
 * MLPerf Tiny's anomaly detection benchmark: 640 inputs (5 frames x 128 log-mel bins), four dense
 * layers of 128 (RELU), an 8-unit bottleneck (RELU), four dense layers of 128 (RELU) and a linear
 * 640-unit reconstruction. 10 FULLY_CONNECTED ops; MACs 81,920 + 3 x 16,384 + 1,024 + 1,024 +
 * 3 x 16,384 + 81,920 = 264,192 (the MLPerf model's count).
 */
import type { Graph } from '../ir/graph.js';
import { ModelBuilder } from './layers.js';

export function buildFcAutoencoder(seed = 640): Graph {
  const m = new ModelBuilder('fc_autoencoder', seed);
  // Normalised log-mel energies, roughly within [-50, 50].
  let x = m.input('input', [1, 640], -50, 50);
  for (let i = 1; i <= 4; i++) x = m.fullyConnected(x, `encoder_${i}`, 128);
  x = m.fullyConnected(x, 'bottleneck', 8);
  for (let i = 1; i <= 4; i++) x = m.fullyConnected(x, `decoder_${i}`, 128);
  return m.build([m.fullyConnected(x, 'output', 640, 'NONE')]);
}
