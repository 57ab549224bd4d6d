/**
 * Float forward pass over a small calibration batch, for choosing activation quantisation the way the
 * TFLite converter does (min/max of each tensor over a representative dataset). Tensors are one
 * sample each, NHWC with N = 1, in Float64Array. The zoo builders run these kernels layer by layer as
 * they add ops, with the dequantised int8 weights and int32 biases, so the chosen ranges fit the model
 * actually written.
 */
import type { Padding, QuantParams } from '../ir/graph.js';
import { outSize } from '../ir/verify.js';

export interface Window {
  kh: number;
  kw: number;
  stride: number;
  padding: Padding;
}

/** Output size and leading padding of a windowed op along one axis (TFLite's padding rule). */
function axis(inSize: number, k: number, stride: number, padding: Padding) {
  const out = outSize(padding, inSize, k, stride);
  const pad = Math.max((out - 1) * stride + k - inSize, 0);
  return { out, before: padding === 'SAME' ? Math.floor(pad / 2) : 0 };
}

/** The in-bounds taps of each output pixel: pairs (inPixel[t], k[t]) for t in starts[p]..starts[p+1]. */
interface TapTable {
  starts: Int32Array;
  inPixel: Int32Array;
  k: Int32Array;
}

function tapTable(inShape: readonly number[], w: Window): TapTable {
  const [, h, wd] = inShape as [number, number, number, number];
  const y = axis(h, w.kh, w.stride, w.padding);
  const x = axis(wd, w.kw, w.stride, w.padding);
  const starts = new Int32Array(y.out * x.out + 1);
  const inPixel: number[] = [];
  const k: number[] = [];
  for (let oy = 0; oy < y.out; oy++) {
    for (let ox = 0; ox < x.out; ox++) {
      for (let ky = 0; ky < w.kh; ky++) {
        const iy = oy * w.stride - y.before + ky;
        if (iy < 0 || iy >= h) continue;
        for (let kx = 0; kx < w.kw; kx++) {
          const ix = ox * w.stride - x.before + kx;
          if (ix < 0 || ix >= wd) continue;
          inPixel.push(iy * wd + ix);
          k.push(ky * w.kw + kx);
        }
      }
      starts[oy * x.out + ox + 1] = inPixel.length;
    }
  }
  return { starts, inPixel: Int32Array.from(inPixel), k: Int32Array.from(k) };
}

export function windowOutShape(inShape: readonly number[], w: Window, channels: number): number[] {
  return [
    inShape[0]!,
    outSize(w.padding, inShape[1]!, w.kh, w.stride),
    outSize(w.padding, inShape[2]!, w.kw, w.stride),
    channels,
  ];
}

/** CONV_2D without bias; weights [Cout, KH, KW, Cin] as real values. */
export function conv2dFloat(
  x: Float64Array,
  inShape: readonly number[],
  w: Float64Array,
  cout: number,
  win: Window,
): Float64Array {
  const cin = inShape[3]!;
  const out = new Float64Array(elementsOf(windowOutShape(inShape, win, cout)));
  const perFilter = win.kh * win.kw * cin;
  const { starts, inPixel, k } = tapTable(inShape, win);
  for (let p = 0; p + 1 < starts.length; p++) {
    for (let t = starts[p]!; t < starts[p + 1]!; t++) {
      const xBase = inPixel[t]! * cin;
      const wOffset = k[t]! * cin;
      for (let co = 0; co < cout; co++) {
        const wBase = co * perFilter + wOffset;
        let acc = 0;
        for (let ci = 0; ci < cin; ci++) acc += w[wBase + ci]! * x[xBase + ci]!;
        out[p * cout + co] += acc;
      }
    }
  }
  return out;
}

/** DEPTHWISE_CONV_2D without bias; weights [1, KH, KW, Cin * M] as real values. */
export function depthwiseFloat(
  x: Float64Array,
  inShape: readonly number[],
  w: Float64Array,
  multiplier: number,
  win: Window,
): Float64Array {
  const cin = inShape[3]!;
  const cout = cin * multiplier;
  const out = new Float64Array(elementsOf(windowOutShape(inShape, win, cout)));
  const { starts, inPixel, k } = tapTable(inShape, win);
  for (let p = 0; p + 1 < starts.length; p++) {
    for (let t = starts[p]!; t < starts[p + 1]!; t++) {
      const xBase = inPixel[t]! * cin;
      const wBase = k[t]! * cout;
      for (let co = 0; co < cout; co++) {
        out[p * cout + co] += w[wBase + co]! * x[xBase + Math.floor(co / multiplier)]!;
      }
    }
  }
  return out;
}

/** AVERAGE_POOL_2D / MAX_POOL_2D over in-bounds taps only (TFLite's rule under SAME padding). */
export function poolFloat(
  x: Float64Array,
  inShape: readonly number[],
  win: Window,
  kind: 'average' | 'max',
): Float64Array {
  const c = inShape[3]!;
  const out = new Float64Array(elementsOf(windowOutShape(inShape, win, c)));
  const { starts, inPixel } = tapTable(inShape, win);
  for (let p = 0; p + 1 < starts.length; p++) {
    for (let ch = 0; ch < c; ch++) {
      let acc = kind === 'max' ? -Infinity : 0;
      for (let t = starts[p]!; t < starts[p + 1]!; t++) {
        const v = x[inPixel[t]! * c + ch]!;
        acc = kind === 'max' ? Math.max(acc, v) : acc + v;
      }
      out[p * c + ch] = kind === 'max' ? acc : acc / (starts[p + 1]! - starts[p]!);
    }
  }
  return out;
}

/** FULLY_CONNECTED without bias; weights [units, in] as real values. */
export function fullyConnectedFloat(x: Float64Array, w: Float64Array, units: number): Float64Array {
  const fanIn = w.length / units;
  const rows = x.length / fanIn;
  const out = new Float64Array(rows * units);
  for (let r = 0; r < rows; r++) {
    for (let u = 0; u < units; u++) {
      let acc = 0;
      for (let i = 0; i < fanIn; i++) acc += w[u * fanIn + i]! * x[r * fanIn + i]!;
      out[r * units + u] = acc;
    }
  }
  return out;
}

/** Mean over height and width of an NHWC tensor. */
export function meanHwFloat(x: Float64Array, inShape: readonly number[]): Float64Array {
  const c = inShape[3]!;
  const pixels = x.length / c;
  const out = new Float64Array(c);
  for (let i = 0; i < x.length; i++) out[i % c] = out[i % c]! + x[i]!;
  return out.map((v) => v / pixels);
}

/** Concatenation on the last axis of NHWC (or [N, C]) tensors. */
export function concatLastAxisFloat(xs: Float64Array[], channels: number[]): Float64Array {
  const total = channels.reduce((a, b) => a + b, 0);
  const pixels = xs[0]!.length / channels[0]!;
  const out = new Float64Array(pixels * total);
  let offset = 0;
  xs.forEach((x, j) => {
    const c = channels[j]!;
    for (let p = 0; p < pixels; p++)
      for (let ch = 0; ch < c; ch++) out[p * total + offset + ch] = x[p * c + ch]!;
    offset += c;
  });
  return out;
}

/**
 * Asymmetric int8 quantisation covering [min, max] widened to include 0 (the converter's rule),
 * with the zero point rounded into [-128, 127].
 */
export function rangeQuant(min: number, max: number): QuantParams {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max, lo + 1e-6);
  const scale = Math.fround((hi - lo) / 255);
  const zeroPoint = Math.max(-128, Math.min(127, Math.round(-128 - lo / scale)));
  // `|| 0` turns a rounded -0 into 0.
  return { scale: [scale], zeroPoint: [zeroPoint || 0], axis: 0 };
}

/** Smallest and largest value over a calibration batch. */
export function batchRange(samples: readonly Float64Array[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const s of samples) {
    for (let i = 0; i < s.length; i++) {
      const v = s[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return [min, max];
}

export function elementsOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
