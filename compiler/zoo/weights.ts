/**
 * Seeded int8 weights and int32 biases for the zoo builders, shaped like a converted, trained model:
 * symmetric int8 weights in [-127, 127] with zero point 0 and per-channel (or per-tensor) scales,
 * biases with scale = input_scale x weight_scale (the TFLite int8 quantisation spec).
 */
import type { Prng } from '../../common/prng.js';

/**
 * An approximately standard normal variate from four uniforms (Irwin-Hall, rescaled to unit
 * variance). Only IEEE arithmetic, so the bytes are the same on every engine (no Math.log/cos).
 */
export function gaussian(rng: Prng): number {
  const sum = rng.next() + rng.next() + rng.next() + rng.next();
  return (sum - 2) * Math.sqrt(3);
}

export interface QuantisedWeights {
  data: Int8Array;
  /** One scale per channel (length 1 when per-tensor), float32-exact. */
  scale: number[];
  /** The dequantised values, for the calibration pass. */
  real: Float64Array;
}

/**
 * Draws `count` weights with standard deviation `std` times a per-channel gain in [0.5, 1.5) (the
 * spread folded batch norm leaves between channels), quantised symmetrically per channel, or with
 * one scale when `perTensor`. `channelOf(i)` maps a flat index to its output channel.
 */
export function drawWeights(
  rng: Prng,
  count: number,
  channels: number,
  channelOf: (i: number) => number,
  std: number,
  perTensor = false,
): QuantisedWeights {
  const gain = Array.from({ length: channels }, () => 0.5 + rng.next());
  const raw = new Float64Array(count);
  for (let i = 0; i < count; i++) raw[i] = gaussian(rng) * std * gain[channelOf(i)]!;
  const group = (i: number) => (perTensor ? 0 : channelOf(i));
  const maxAbs = new Array<number>(perTensor ? 1 : channels).fill(0);
  for (let i = 0; i < count; i++) maxAbs[group(i)] = Math.max(maxAbs[group(i)]!, Math.abs(raw[i]!));
  const scale = maxAbs.map((m) => Math.fround(m > 0 ? m / 127 : 1));
  const data = new Int8Array(count);
  const real = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const s = scale[group(i)]!;
    data[i] = Math.max(-127, Math.min(127, Math.round(raw[i]! / s)));
    real[i] = data[i]! * s;
  }
  return { data, scale, real };
}

export interface QuantisedBias {
  data: Int32Array;
  /** input_scale x weight_scale per channel (length 1 with per-tensor weights), float32-exact. */
  scale: number[];
  real: Float64Array;
}

/**
 * One bias per output channel with standard deviation `fraction` of that channel's measured spread
 * before the bias, quantised to int32 with scale = input_scale x weight_scale[c], zero point 0.
 */
export function drawBias(
  rng: Prng,
  inputScale: number,
  weights: QuantisedWeights,
  spread: readonly number[],
  fraction = 0.1,
): QuantisedBias {
  const scale = weights.scale.map((s) => Math.fround(Math.fround(inputScale) * s));
  const data = new Int32Array(spread.length);
  const real = new Float64Array(spread.length);
  for (let c = 0; c < spread.length; c++) {
    const s = scale[scale.length === 1 ? 0 : c]!;
    data[c] = Math.round((gaussian(rng) * fraction * spread[c]!) / s);
    real[c] = data[c]! * s;
  }
  return { data, scale, real };
}

/** Standard deviation of each channel (last axis) over a batch of samples. */
export function channelSpread(samples: readonly Float64Array[], channels: number): number[] {
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  let n = 0;
  for (const s of samples) {
    for (let i = 0; i < s.length; i++) {
      const c = i % channels;
      sum[c] = sum[c]! + s[i]!;
      sumSq[c] = sumSq[c]! + s[i]! * s[i]!;
    }
    n += s.length / channels;
  }
  return Array.from(sum, (t, c) => Math.sqrt(Math.max(0, sumSq[c]! / n - (t / n) ** 2)));
}
