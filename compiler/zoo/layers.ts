/**
 * A small layer builder shared by the zoo models: each call appends one TFLite op and allocates its
 * tensors (int8 activations with per-tensor quantisation, int8 weights with per-channel scales on
 * axis 0 for CONV_2D and axis 3 for DEPTHWISE_CONV_2D, per-tensor FULLY_CONNECTED weights as in the
 * MLPerf Tiny models, int32 biases). Weights are seeded and deterministic.
 *
 * Activation quantisation is calibrated as the TFLite converter does it: every layer is also run in
 * float (with its dequantised weights) over a small batch of seeded inputs uniform over the input
 * range, and each output tensor gets the min/max range it reaches. Intermediate tensors therefore
 * use most of the int8 range without saturating.
 */
import { Prng } from '../../common/prng.js';
import type {
  Activation,
  Graph,
  Op,
  Padding,
  QuantParams,
  Tensor,
  TensorData,
} from '../ir/graph.js';
import { verifyGraph } from '../ir/verify.js';
import {
  batchRange,
  concatLastAxisFloat,
  conv2dFloat,
  depthwiseFloat,
  fullyConnectedFloat,
  meanHwFloat,
  poolFloat,
  rangeQuant,
  windowOutShape,
  type Window,
} from './calibration.js';
import { channelSpread, drawBias, drawWeights, type QuantisedWeights } from './weights.js';

/** An activation tensor and its real values over the calibration batch (one array per sample). */
export interface Act {
  id: number;
  shape: number[];
  samples: Float64Array[];
}

export interface ConvSpec {
  filters: number;
  kernel: number | [number, number];
  stride?: number;
  /** SAME unless given (every conv of the MLPerf Tiny models is SAME). */
  padding?: Padding;
  /** RELU unless given. */
  activation?: Activation;
}

export interface DepthwiseSpec {
  kernel: number | [number, number];
  stride?: number;
  padding?: Padding;
  activation?: Activation;
  depthMultiplier?: number;
}

export interface PoolSpec {
  filter: number | [number, number];
  /** The filter height unless given. */
  stride?: number;
  /** VALID unless given. */
  padding?: Padding;
}

const CALIBRATION_SAMPLES = 4;
/** Typical spread of the classifier logits between inputs. */
const LOGIT_SPREAD = 2;

const pair = (k: number | [number, number]): [number, number] => (Array.isArray(k) ? k : [k, k]);

/** He initialisation for RELU layers, 1/fan_in for linear ones. */
const weightStd = (fanIn: number, activation: Activation) =>
  Math.sqrt((activation === 'NONE' ? 1 : 2) / fanIn);

/** Rounds real values to an int8 grid and back. */
function fakeQuantise(v: Float64Array, scale: number, zeroPoint: number): Float64Array {
  return v.map(
    (r) => (Math.max(-128, Math.min(127, Math.round(r / scale) + zeroPoint)) - zeroPoint) * scale,
  );
}

/** Applies a fused activation in place. */
function activate(v: Float64Array, activation: Activation): Float64Array {
  const [lo, hi] = { NONE: [-Infinity, Infinity], RELU: [0, Infinity], RELU6: [0, 6], RELU_N1_TO_1: [-1, 1] }[activation]; // prettier-ignore
  for (let i = 0; i < v.length; i++) v[i] = Math.min(hi!, Math.max(lo!, v[i]!));
  return v;
}

export class ModelBuilder {
  readonly tensors: Tensor[] = [];
  readonly ops: Op[] = [];
  private readonly inputs: number[] = [];
  private readonly rng: Prng;
  private readonly calibrationRng: Prng;

  constructor(
    readonly name: string,
    seed: number,
  ) {
    this.rng = new Prng(seed);
    // A separate stream, so the weights do not depend on the size of the calibration batch.
    this.calibrationRng = new Prng(seed ^ 0x5bd1e995);
  }

  /** A graph input whose real values lie in [min, max]; calibrated with uniform samples. */
  input(name: string, shape: number[], min: number, max: number): Act {
    const id = this.tensor(name, shape, 'int8', rangeQuant(min, max));
    this.inputs.push(id);
    const n = shape.reduce((a, b) => a * b, 1);
    const samples = Array.from({ length: CALIBRATION_SAMPLES }, () =>
      Float64Array.from({ length: n }, () => min + (max - min) * this.calibrationRng.next()),
    );
    return { id, shape, samples };
  }

  conv2d(x: Act, name: string, spec: ConvSpec): Act {
    const [kh, kw] = pair(spec.kernel);
    const win: Window = { kh, kw, stride: spec.stride ?? 1, padding: spec.padding ?? 'SAME' };
    const activation = spec.activation ?? 'RELU';
    const [cin, cout] = [x.shape[3]!, spec.filters];
    const fanIn = kh * kw * cin;
    const std = weightStd(fanIn, activation);
    const w = drawWeights(this.rng, cout * fanIn, cout, (i) => Math.floor(i / fanIn), std);
    const wId = this.weights(`${name}/weights`, [cout, kh, kw, cin], w, 0);
    const pre = x.samples.map((s) => conv2dFloat(s, x.shape, w.real, cout, win));
    const out = this.affineOutput(x, name, windowOutShape(x.shape, win, cout), w, pre, activation);
    this.ops.push({
      kind: 'CONV_2D',
      inputs: [x.id, wId, out.biasId],
      outputs: [out.act.id],
      attrs: { ...windowAttrs(win), dilationH: 1, dilationW: 1, activation },
    });
    return out.act;
  }

  depthwiseConv2d(x: Act, name: string, spec: DepthwiseSpec): Act {
    const [kh, kw] = pair(spec.kernel);
    const win: Window = { kh, kw, stride: spec.stride ?? 1, padding: spec.padding ?? 'SAME' };
    const activation = spec.activation ?? 'RELU';
    const depthMultiplier = spec.depthMultiplier ?? 1;
    const cout = x.shape[3]! * depthMultiplier;
    const std = weightStd(kh * kw, activation);
    const w = drawWeights(this.rng, kh * kw * cout, cout, (i) => i % cout, std);
    const wId = this.weights(`${name}/weights`, [1, kh, kw, cout], w, 3);
    const pre = x.samples.map((s) => depthwiseFloat(s, x.shape, w.real, depthMultiplier, win));
    const out = this.affineOutput(x, name, windowOutShape(x.shape, win, cout), w, pre, activation);
    this.ops.push({
      kind: 'DEPTHWISE_CONV_2D',
      inputs: [x.id, wId, out.biasId],
      outputs: [out.act.id],
      attrs: { ...windowAttrs(win), dilationH: 1, dilationW: 1, depthMultiplier, activation },
    });
    return out.act;
  }

  /** FULLY_CONNECTED over the last dimension of `x`, per-tensor weights [units, in]. */
  fullyConnected(x: Act, name: string, units: number, activation: Activation = 'RELU'): Act {
    const fanIn = x.shape[x.shape.length - 1]!;
    const std = weightStd(fanIn, activation);
    const w = drawWeights(this.rng, units * fanIn, units, (i) => Math.floor(i / fanIn), std, true);
    const wId = this.weights(`${name}/weights`, [units, fanIn], w, 0);
    const rows = x.shape.reduce((a, b) => a * b, 1) / fanIn;
    const pre = x.samples.map((s) => fullyConnectedFloat(s, w.real, units));
    const out = this.affineOutput(x, name, [rows, units], w, pre, activation);
    this.ops.push({
      kind: 'FULLY_CONNECTED',
      inputs: [x.id, wId, out.biasId],
      outputs: [out.act.id],
      attrs: { activation, keepNumDims: false },
    });
    return out.act;
  }

  /**
   * The classifier's FULLY_CONNECTED (no activation) feeding SOFTMAX. Random weights over globally
   * pooled features give logits dominated by input-independent offsets, which would saturate the
   * softmax on one class for every input. As batch norm would in a trained model, the bias cancels
   * the logits' calibration mean and the weight scales are set so the logits vary by about
   * LOGIT_SPREAD between inputs, so the class probabilities depend on the input.
   */
  logits(x: Act, name: string, classes: number): Act {
    const fanIn = x.shape[x.shape.length - 1]!;
    const std = weightStd(fanIn, 'NONE');
    const w = drawWeights(
      this.rng,
      classes * fanIn,
      classes,
      (i) => Math.floor(i / fanIn),
      std,
      true,
    );
    // The features as the int8 model sees them: pooled features vary between inputs by only a few
    // steps of their quantisation, so the spread must be measured after it.
    const xq = this.quantOf(x);
    const features = x.samples.map((s) => fakeQuantise(s, xq.scale[0]!, xq.zeroPoint[0]!));
    const raw = features.map((s) => fullyConnectedFloat(s, w.real, classes));
    const mean = Array.from(
      { length: classes },
      (_, u) => raw.reduce((a, s) => a + s[u]!, 0) / raw.length,
    );
    const deviation = Math.sqrt(
      raw.reduce((a, s) => a + s.reduce((b, v, u) => b + (v - mean[u]!) ** 2, 0), 0) / (raw.length * classes),
    ); // prettier-ignore
    const gain = deviation > 0 ? LOGIT_SPREAD / deviation : 1;
    const scaled: QuantisedWeights = {
      data: w.data,
      scale: w.scale.map((s) => Math.fround(s * gain)),
      real: new Float64Array(0),
    };
    scaled.real = Float64Array.from(w.data, (q) => q * scaled.scale[0]!);
    const wId = this.weights(`${name}/weights`, [classes, fanIn], scaled, 0);
    const biasScale = Math.fround(Math.fround(this.quantOf(x).scale[0]!) * scaled.scale[0]!);
    const bias = Int32Array.from(mean, (m) => Math.round((-m * gain) / biasScale));
    const biasQuant = { scale: [biasScale], zeroPoint: [0], axis: 0 };
    const biasId = this.constant(`${name}/bias`, [classes], 'int32', bias, biasQuant);
    const samples = features.map((s) => {
      const y = fullyConnectedFloat(s, scaled.real, classes);
      return y.map((v, u) => v + bias[u]! * biasScale);
    });
    const rows = x.shape.reduce((a, b) => a * b, 1) / fanIn;
    // Two calibration samples say little about the tails: cover four times the intended spread.
    const quant = rangeQuant(-4 * LOGIT_SPREAD, 4 * LOGIT_SPREAD);
    const out = this.tensor(name, [rows, classes], 'int8', quant);
    this.ops.push({
      kind: 'FULLY_CONNECTED',
      inputs: [x.id, wId, biasId],
      outputs: [out],
      attrs: { activation: 'NONE', keepNumDims: false },
    });
    return { id: out, shape: [rows, classes], samples };
  }

  averagePool2d(x: Act, name: string, spec: PoolSpec): Act {
    return this.pool('AVERAGE_POOL_2D', x, name, spec);
  }

  maxPool2d(x: Act, name: string, spec: PoolSpec): Act {
    return this.pool('MAX_POOL_2D', x, name, spec);
  }

  /** AVERAGE_POOL_2D over the whole feature map (VALID), as the MLPerf Tiny classifiers end. */
  globalAveragePool(x: Act, name: string): Act {
    const filter: [number, number] = [x.shape[1]!, x.shape[2]!];
    return this.pool('AVERAGE_POOL_2D', x, name, { filter, stride: 1, padding: 'VALID' });
  }

  /** MEAN over height and width with keep_dims: [N, H, W, C] -> [N, 1, 1, C], same quantisation. */
  mean(x: Act, name: string): Act {
    const axes = this.constant(`${name}/axes`, [2], 'int32', new Int32Array([1, 2]));
    const shape = [x.shape[0]!, 1, 1, x.shape[3]!];
    const out = this.tensor(name, shape, 'int8', this.quantOf(x));
    this.ops.push({
      kind: 'MEAN',
      inputs: [x.id, axes],
      outputs: [out],
      attrs: { keepDims: true },
    });
    return { id: out, shape, samples: x.samples.map((s) => meanHwFloat(s, x.shape)) };
  }

  reshape(x: Act, name: string, shape: number[]): Act {
    const shapeId = this.constant(`${name}/shape`, [shape.length], 'int32', new Int32Array(shape));
    const out = this.tensor(name, shape, 'int8', this.quantOf(x));
    this.ops.push({
      kind: 'RESHAPE',
      inputs: [x.id, shapeId],
      outputs: [out],
      attrs: { newShape: [...shape] },
    });
    return { id: out, shape, samples: x.samples };
  }

  /** Element-wise ADD of same-shape tensors (residual connections). */
  add(a: Act, b: Act, name: string, activation: Activation = 'NONE'): Act {
    const samples = a.samples.map((s, k) =>
      activate(
        s.map((v, i) => v + b.samples[k]![i]!),
        activation,
      ),
    );
    const out = this.tensor(name, [...a.shape], 'int8', rangeQuant(...batchRange(samples)));
    this.ops.push({ kind: 'ADD', inputs: [a.id, b.id], outputs: [out], attrs: { activation } });
    return { id: out, shape: [...a.shape], samples };
  }

  /**
   * CONCATENATION on the last axis. TFLite int8 concatenation copies bytes, so its inputs and output
   * share one quantisation: as the converter does, the producers' outputs are given the range that
   * covers all of them (their requantisation absorbs it).
   */
  concatenation(xs: Act[], name: string): Act {
    const axis = xs[0]!.shape.length - 1;
    const ranges = xs.map((x) => batchRange(x.samples));
    const quant = rangeQuant(
      Math.min(...ranges.map((r) => r[0])),
      Math.max(...ranges.map((r) => r[1])),
    );
    for (const x of xs) this.requantiseProducer(x.id, quant, name);
    const channels = xs.map((x) => x.shape[axis]!);
    const shape = [...xs[0]!.shape];
    shape[axis] = channels.reduce((a, b) => a + b, 0);
    const out = this.tensor(name, shape, 'int8', { ...quant, scale: [...quant.scale] });
    this.ops.push({
      kind: 'CONCATENATION',
      inputs: xs.map((x) => x.id),
      outputs: [out],
      attrs: { axis, activation: 'NONE' },
    });
    const samples = xs[0]!.samples.map((_, k) =>
      concatLastAxisFloat(
        xs.map((x) => x.samples[k]!),
        channels,
      ),
    );
    return { id: out, shape, samples };
  }

  /** SOFTMAX (beta 1) with the int8 output quantisation TFLite requires: scale 1/256, zp -128. */
  softmax(x: Act, name: string): Act {
    const out = this.tensor(name, [...x.shape], 'int8', {
      scale: [1 / 256],
      zeroPoint: [-128],
      axis: 0,
    });
    this.ops.push({ kind: 'SOFTMAX', inputs: [x.id], outputs: [out], attrs: { beta: 1 } });
    return { id: out, shape: [...x.shape], samples: [] };
  }

  /** The finished graph, checked by verifyGraph. */
  build(outputs: Act[]): Graph {
    const g: Graph = {
      name: this.name,
      tensors: this.tensors,
      ops: this.ops,
      inputs: [...this.inputs],
      outputs: outputs.map((o) => o.id),
    };
    verifyGraph(g);
    return g;
  }

  private pool(kind: 'AVERAGE_POOL_2D' | 'MAX_POOL_2D', x: Act, name: string, spec: PoolSpec): Act {
    const [kh, kw] = pair(spec.filter);
    const win: Window = { kh, kw, stride: spec.stride ?? kh, padding: spec.padding ?? 'VALID' };
    const shape = windowOutShape(x.shape, win, x.shape[3]!);
    // Pooling keeps its input's quantisation (TFLite int8 pooling does not requantise).
    const out = this.tensor(name, shape, 'int8', this.quantOf(x));
    this.ops.push({
      kind,
      inputs: [x.id],
      outputs: [out],
      attrs: { ...windowAttrs(win), filterH: kh, filterW: kw, activation: 'NONE' },
    });
    const how = kind === 'MAX_POOL_2D' ? 'max' : 'average';
    return { id: out, shape, samples: x.samples.map((s) => poolFloat(s, x.shape, win, how)) };
  }

  /**
   * Draws the bias from the spread of the pre-bias values `pre`, adds it, applies the activation and
   * quantises the output over the calibrated range.
   */
  private affineOutput(
    x: Act,
    name: string,
    shape: number[],
    w: QuantisedWeights,
    pre: Float64Array[],
    activation: Activation,
  ) {
    const channels = shape[shape.length - 1]!;
    const b = drawBias(this.rng, this.quantOf(x).scale[0]!, w, channelSpread(pre, channels));
    const biasQuant = { scale: b.scale, zeroPoint: b.scale.map(() => 0), axis: 0 };
    const biasId = this.constant(`${name}/bias`, [channels], 'int32', b.data, biasQuant);
    for (const s of pre) {
      for (let i = 0; i < s.length; i++) s[i] = s[i]! + b.real[i % channels]!;
      activate(s, activation);
    }
    const id = this.tensor(name, shape, 'int8', rangeQuant(...batchRange(pre)));
    return { biasId, act: { id, shape, samples: pre } };
  }

  /** Gives a conv / FC / ADD output a new quantisation before anything reads it. */
  private requantiseProducer(id: number, quant: QuantParams, at: string): void {
    const producer = this.ops.find((op) => op.outputs.includes(id));
    const requantises = ['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'ADD'];
    if (producer === undefined || !requantises.includes(producer.kind))
      throw new Error(`${at}: input ${id} must come from an op that requantises`);
    if (this.ops.some((op) => op.inputs.includes(id)))
      throw new Error(`${at}: input ${id} is already read by another op`);
    this.tensors[id]!.quant = { scale: [...quant.scale], zeroPoint: [...quant.zeroPoint], axis: 0 };
  }

  private weights(name: string, shape: number[], w: QuantisedWeights, axis: number): number {
    const zeroPoint = w.scale.map(() => 0);
    const quant = { scale: w.scale, zeroPoint, axis: w.scale.length > 1 ? axis : 0 };
    return this.constant(name, shape, 'int8', w.data, quant);
  }

  private constant(
    name: string,
    shape: number[],
    dtype: 'int8' | 'int32',
    data: TensorData,
    quant?: QuantParams,
  ): number {
    const id = this.tensor(name, shape, dtype, quant);
    this.tensors[id]!.data = data;
    return id;
  }

  private tensor(name: string, shape: number[], dtype: 'int8' | 'int32', quant?: QuantParams) {
    const id = this.tensors.length;
    const t: Tensor = { id, name, shape, dtype };
    if (quant !== undefined) t.quant = quant;
    this.tensors.push(t);
    return id;
  }

  /** A copy of an activation's quantisation (ops that keep it: pools, MEAN, RESHAPE). */
  private quantOf(x: Act): QuantParams {
    const q = this.tensors[x.id]!.quant;
    if (q === undefined) throw new Error(`tensor ${x.id} has no quantisation`);
    return { scale: [...q.scale], zeroPoint: [...q.zeroPoint], axis: q.axis };
  }
}

function windowAttrs(w: Window) {
  return { padding: w.padding, strideH: w.stride, strideW: w.stride };
}
