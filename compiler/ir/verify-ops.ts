/**
 * Per-op checks of verifyGraph: operand counts, operand dtypes and quantisation, shapes against each
 * other and the op's attributes, attribute ranges, and the derived requantisation multipliers that
 * the kernels hold in int32 words (limits.ts). What TFLite Micro's Prepare functions insist on for
 * int8 is checked here too (SOFTMAX, LOGISTIC and TANH output quantisation), so that a model that
 * imports is a model that the reference interpreter and the firmware run.
 */
import type { Graph, Op, Padding, Tensor } from './graph.js';
import { elementCount } from './graph.js';
import {
  KERNEL_DIMS,
  MAX_EFFECTIVE_MULTIPLIER,
  MAX_MEAN_COUNT,
  MAX_OP_OPERANDS,
  MAX_SOFTMAX_DEPTH,
  MAX_WINDOW,
} from './limits.js';
import { GRAPH, type GraphCode, type Problem } from './verify-codes.js';

/** Output size of a windowed op along one axis (TFLite's ComputeOutSize). */
export function outSize(
  padding: Padding,
  inSize: number,
  filter: number,
  stride: number,
  dilation = 1,
): number {
  const effective = (filter - 1) * dilation + 1;
  return padding === 'SAME'
    ? Math.floor((inSize + stride - 1) / stride)
    : Math.floor((inSize - effective + stride) / stride);
}

/** Inputs each op kind takes: [required, at most]; every op has one output. */
const ARITY: Record<Op['kind'], [number, number]> = {
  CONV_2D: [2, 3],
  DEPTHWISE_CONV_2D: [2, 3],
  FULLY_CONNECTED: [2, 3],
  AVERAGE_POOL_2D: [1, 1],
  MAX_POOL_2D: [1, 1],
  ADD: [2, 2],
  MUL: [2, 2],
  RESHAPE: [1, 2],
  SOFTMAX: [1, 1],
  PAD: [2, 3],
  CONCATENATION: [1, MAX_OP_OPERANDS - 1],
  MEAN: [2, 2],
  QUANTIZE: [1, 1],
  DEQUANTIZE: [1, 1],
  LOGISTIC: [1, 1],
  TANH: [1, 1],
};

/** The output quantisation TFLM's int8 kernels hard-code (softmax.cc, logistic.cc, tanh.cc). */
const FIXED_OUTPUT_QUANT: Partial<Record<Op['kind'], { scale: number; zeroPoint: number }>> = {
  SOFTMAX: { scale: 1 / 256, zeroPoint: -128 },
  LOGISTIC: { scale: 1 / 256, zeroPoint: -128 },
  TANH: { scale: 1 / 128, zeroPoint: 0 },
};

const QUANTISED_INTEGER = new Set(['int8', 'uint8', 'int16']);

/** Collects the problems of one op. */
class OpCheck {
  readonly problems: Problem[] = [];
  constructor(
    readonly op: Op,
    readonly g: Graph,
  ) {}

  add(code: GraphCode, message: string): void {
    this.problems.push({ code, message });
  }
  /** Operand `i`, undefined when omitted (-1) or absent. */
  input(i: number): Tensor | undefined {
    const id = this.op.inputs[i];
    return id === undefined || id === -1 ? undefined : this.g.tensors[id];
  }
  get output(): Tensor {
    return this.g.tensors[this.op.outputs[0]!]!;
  }
  /** A quantised int8 activation (per-tensor parameters). */
  int8(t: Tensor | undefined, what: string): t is Tensor {
    if (t === undefined) return false;
    if (t.dtype !== 'int8') {
      this.add(GRAPH.dtype, `${what} "${t.name}" is ${t.dtype}, expected int8`);
      return false;
    }
    if (t.quant === undefined) {
      this.add(GRAPH.quantization, `${what} "${t.name}" has no quantisation parameters`);
      return false;
    }
    return true;
  }
  /** An int8, uint8 or int16 tensor with quantisation parameters (QUANTIZE, DEQUANTIZE). */
  quantisedInteger(t: Tensor, what: string, expected: string): boolean {
    if (!QUANTISED_INTEGER.has(t.dtype)) {
      this.add(GRAPH.dtype, `${what} is ${t.dtype}, expected ${expected}`);
      return false;
    }
    if (t.quant === undefined) {
      this.add(GRAPH.quantization, `${what} "${t.name}" has no quantisation parameters`);
      return false;
    }
    return true;
  }
  /** Constant int8 weights, quantised per tensor or per channel along `axis` (`channels` of them). */
  weights(t: Tensor | undefined, axis: number, channels: number): boolean {
    if (t === undefined) return false;
    if (t.dtype !== 'int8' || t.data === undefined) {
      this.add(GRAPH.dtype, `weights "${t.name}" must be constant int8, found ${describe(t)}`);
      return false;
    }
    if (t.quant === undefined) {
      this.add(GRAPH.quantization, `weights "${t.name}" have no quantisation parameters`);
      return false;
    }
    const n = t.quant.scale.length;
    if (n !== 1 && (n !== channels || t.quant.axis !== axis))
      this.add(
        GRAPH.quantization,
        `weights "${t.name}" have ${n} scales along dimension ${t.quant.axis}; expected 1 or ${channels} along dimension ${axis}`,
      );
    return true;
  }
  /** An optional constant int32 bias of `channels` elements. */
  bias(t: Tensor | undefined, channels: number): void {
    if (t === undefined) return;
    if (t.dtype !== 'int32' || t.data === undefined)
      this.add(GRAPH.dtype, `bias "${t.name}" must be constant int32, found ${describe(t)}`);
    else if (elementCount(t.shape) !== channels)
      this.add(GRAPH.shape, `bias "${t.name}" has shape [${t.shape}], expected ${channels} values`);
  }
  rank(t: Tensor, n: number, what: string): boolean {
    if (t.shape.length === n) return true;
    this.add(GRAPH.shape, `${what} "${t.name}" is [${t.shape}], expected ${n}-D`);
    return false;
  }
  sameShape(a: Tensor, b: Tensor): void {
    if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i]))
      this.add(GRAPH.shape, `output is [${b.shape}], the input is [${a.shape}]`);
  }
  /** A requantisation multiplier the kernels hold as a Q31 word and a shift of at most 30. */
  multiplier(real: number, what: string): void {
    if (!Number.isFinite(real) || real >= MAX_EFFECTIVE_MULTIPLIER)
      this.add(
        GRAPH.paramRange,
        `${what} multiplier ${real} does not fit the kernels' int32 requantisation (at most 2^30)`,
      );
  }
  /** Stride, dilation and window sizes. */
  window(values: Record<string, number>): boolean {
    let ok = true;
    for (const [name, v] of Object.entries(values)) {
      if (!Number.isInteger(v) || v < 1 || v > MAX_WINDOW) {
        this.add(GRAPH.attribute, `${name} ${v} is outside 1..${MAX_WINDOW}`);
        ok = false;
      }
    }
    return ok;
  }
  constantInt(t: Tensor | undefined, what: string): ArrayLike<number | bigint> | undefined {
    if (t === undefined) return undefined;
    if (t.data === undefined || (t.dtype !== 'int32' && t.dtype !== 'int64')) {
      this.add(
        GRAPH.dtype,
        `${what} "${t.name}" must be a constant int32 tensor, found ${describe(t)}`,
      );
      return undefined;
    }
    return t.data as ArrayLike<number | bigint>;
  }
}

function describe(t: Tensor): string {
  return `${t.data === undefined ? 'an activation' : 'a constant'} of ${t.dtype}`;
}

const scale = (t: Tensor) => t.quant!.scale[0]!;
/** The largest of a tensor's scales (NaN if any is NaN): the channel with the largest multiplier. */
const maxScale = (t: Tensor) => t.quant!.scale.reduce((m, s) => (s > m || s !== s ? s : m));

/** Every problem of `op`; its operand indices are known to exist. */
export function checkOp(op: Op, g: Graph): Problem[] {
  const c = new OpCheck(op, g);
  const [required, most] = ARITY[op.kind];
  const given = op.inputs.length;
  if (given < required || given > most || op.outputs.length !== 1) {
    const takes = required === most ? `${required}` : `${required} to ${most}`;
    c.add(
      GRAPH.invalid,
      `has ${given} inputs and ${op.outputs.length} outputs; ${op.kind} takes ${takes} inputs and 1 output`,
    );
    return c.problems;
  }
  // Operands after the required ones are optional (bias, RESHAPE's shape, PAD's constant_values),
  // except CONCATENATION's, which are all inputs.
  const last = op.kind === 'CONCATENATION' ? given : required;
  const missing = op.inputs.slice(0, last).findIndex((id) => id === -1);
  if (missing >= 0) {
    c.add(GRAPH.invalid, `input ${missing} is omitted (-1) but ${op.kind} needs it`);
    return c.problems;
  }
  for (const id of [...op.inputs, ...op.outputs]) {
    const t = id === -1 ? undefined : g.tensors[id];
    if (t !== undefined && t.data === undefined && elementCount(t.shape) === 0)
      c.add(GRAPH.shape, `activation "${t.name}" [${t.shape}] has no elements`);
  }
  if (c.problems.length > 0) return c.problems;
  CHECKS[op.kind](c as never);
  const fixed = FIXED_OUTPUT_QUANT[op.kind];
  const q = c.output.quant;
  if (
    fixed &&
    c.output.dtype === 'int8' &&
    q &&
    (q.scale[0] !== fixed.scale || q.zeroPoint[0] !== fixed.zeroPoint)
  )
    c.add(
      GRAPH.quantization,
      `int8 ${op.kind} output must have scale ${fixed.scale} and zero point ${fixed.zeroPoint} (TFLite Micro), got scale ${q.scale[0]} zero point ${q.zeroPoint[0]}`,
    );
  return c.problems;
}

type Check<K extends Op['kind']> = (c: OpCheck & { op: Extract<Op, { kind: K }> }) => void;

function convLike(c: OpCheck & { op: Extract<Op, { kind: 'CONV_2D' | 'DEPTHWISE_CONV_2D' }> }) {
  const [x, w, out] = [c.input(0)!, c.input(1)!, c.output];
  const okX = c.int8(x, 'input');
  const okOut = c.int8(out, 'output');
  if (!c.rank(x, 4, 'input') || !c.rank(w, 4, 'weights') || !c.rank(out, 4, 'output')) return;
  const depthwise = c.op.kind === 'DEPTHWISE_CONV_2D';
  const cout = depthwise ? w.shape[3]! : w.shape[0]!;
  const okW = c.weights(w, depthwise ? 3 : 0, cout);
  c.bias(c.input(2), cout);
  const a = c.op.attrs;
  const [kh, kw] = [w.shape[1]!, w.shape[2]!];
  if (
    c.window({
      'stride height': a.strideH,
      'stride width': a.strideW,
      'effective filter height': (kh - 1) * a.dilationH + 1,
      'effective filter width': (kw - 1) * a.dilationW + 1,
    }) &&
    c.window({ 'dilation height': a.dilationH, 'dilation width': a.dilationW })
  ) {
    const oh = outSize(a.padding, x.shape[1]!, kh, a.strideH, a.dilationH);
    const ow = outSize(a.padding, x.shape[2]!, kw, a.strideW, a.dilationW);
    if (out.shape[1] !== oh || out.shape[2] !== ow)
      c.add(GRAPH.shape, `output is [${out.shape}], the attributes give height ${oh} width ${ow}`);
  }
  if (out.shape[0] !== x.shape[0])
    c.add(GRAPH.shape, `output batch ${out.shape[0]} differs from the input batch ${x.shape[0]}`);
  if (out.shape[3] !== cout)
    c.add(GRAPH.shape, `output has ${out.shape[3]} channels, the weights give ${cout}`);
  if (!depthwise && x.shape[3] !== w.shape[3])
    c.add(GRAPH.shape, `input has ${x.shape[3]} channels, the weights expect ${w.shape[3]}`);
  if (depthwise) {
    const m = (c.op as Extract<Op, { kind: 'DEPTHWISE_CONV_2D' }>).attrs.depthMultiplier;
    if (w.shape[0] !== 1) c.add(GRAPH.shape, `weights are [${w.shape}], expected [1, KH, KW, C]`);
    if (!Number.isInteger(m) || m < 1 || cout !== x.shape[3]! * m)
      c.add(
        GRAPH.shape,
        `weights have ${cout} channels, input ${x.shape[3]} x depth multiplier ${m}`,
      );
  }
  if (okX && okOut && okW) c.multiplier((scale(x) * maxScale(w)) / scale(out), 'output');
}

const CHECKS: { [K in Op['kind']]: Check<K> } = {
  CONV_2D: convLike,
  DEPTHWISE_CONV_2D: convLike,
  FULLY_CONNECTED(c) {
    const [x, w, out] = [c.input(0)!, c.input(1)!, c.output];
    const okX = c.int8(x, 'input');
    const okOut = c.int8(out, 'output');
    if (!c.rank(w, 2, 'weights')) return;
    const [units, depth] = [w.shape[0]!, w.shape[1]!];
    const okW = c.weights(w, 0, units);
    c.bias(c.input(2), units);
    const n = elementCount(x.shape);
    if (n % depth !== 0) c.add(GRAPH.shape, `input of ${n} elements is not a multiple of ${depth}`);
    else if (out.shape.at(-1) !== units || elementCount(out.shape) !== (n / depth) * units)
      c.add(
        GRAPH.shape,
        `output is [${out.shape}], expected ${n / depth} rows of ${units} (weights [${w.shape}])`,
      );
    if (okX && okOut && okW) c.multiplier((scale(x) * maxScale(w)) / scale(out), 'output');
  },
  AVERAGE_POOL_2D: pool,
  MAX_POOL_2D: pool,
  ADD: binary,
  MUL: binary,
  RESHAPE(c) {
    const [x, out] = [c.input(0)!, c.output];
    if (x.dtype !== out.dtype)
      c.add(GRAPH.dtype, `reshapes ${x.dtype} into ${out.dtype}; a reshape keeps the dtype`);
    if (elementCount(x.shape) !== elementCount(out.shape))
      c.add(GRAPH.shape, `reshapes ${elementCount(x.shape)} elements into [${out.shape}]`);
  },
  SOFTMAX(c) {
    const [x, out] = [c.input(0)!, c.output];
    const ok = c.int8(x, 'input') && c.int8(out, 'output');
    c.sameShape(x, out);
    const depth = x.shape.at(-1) ?? 1;
    if (depth > MAX_SOFTMAX_DEPTH)
      c.add(
        GRAPH.shape,
        `rows of ${depth} elements; TFLite's int8 softmax divides by at most 2^31, which holds rows of up to ${MAX_SOFTMAX_DEPTH}`,
      );
    const beta = c.op.attrs.beta;
    if (!(Number.isFinite(beta) && beta > 0))
      c.add(GRAPH.attribute, `beta ${beta} is not a finite positive number`);
    else if (ok) {
      // PreprocessSoftmaxScaling needs beta * input scale * 2^26 >= 1 (a multiplier above one).
      const real = beta * scale(x) * 2 ** 26;
      if (real < 1)
        c.add(
          GRAPH.paramRange,
          `beta ${beta} x input scale ${scale(x)} is below 2^-26: TFLite's int8 softmax needs an input multiplier above one`,
        );
    }
  },
  PAD(c) {
    const [x, out] = [c.input(0)!, c.output];
    if (x.dtype === 'int8') c.int8(x, 'input');
    else if (x.dtype !== 'float32')
      c.add(GRAPH.dtype, `input is ${x.dtype}, expected int8 or float32`);
    if (out.dtype !== x.dtype) c.add(GRAPH.dtype, `output is ${out.dtype}, the input ${x.dtype}`);
    const p = c.constantInt(c.input(1), 'paddings');
    const rank = x.shape.length;
    if (p === undefined) return;
    const pads = Array.from(p, Number);
    if (pads.length !== 2 * rank) {
      c.add(GRAPH.shape, `paddings hold ${pads.length} values, expected [${rank}, 2]`);
      return;
    }
    if (pads.some((v) => v < 0)) c.add(GRAPH.attribute, `negative paddings [${pads}]`);
    else if (pads.slice(0, 2 * Math.max(0, rank - KERNEL_DIMS)).some((v) => v !== 0))
      c.add(GRAPH.attribute, `paddings [${pads}] pad a dim beyond the last ${KERNEL_DIMS}`);
    const expected = x.shape.map((d, i) => d + pads[2 * i]! + pads[2 * i + 1]!);
    if (out.shape.length !== rank || expected.some((d, i) => d !== out.shape[i]))
      c.add(GRAPH.shape, `output is [${out.shape}], the paddings give [${expected}]`);
    const v = c.input(2);
    if (v !== undefined && (v.dtype !== x.dtype || elementCount(v.shape) !== 1))
      c.add(
        GRAPH.dtype,
        `constant_values "${v.name}" must be one ${x.dtype} value, found [${v.shape}] ${v.dtype}`,
      );
  },
  CONCATENATION(c) {
    const out = c.output;
    const rank = out.shape.length;
    const inputs = c.op.inputs.map((_, i) => c.input(i)!);
    const int8 = out.dtype === 'int8';
    if (int8) c.int8(out, 'output');
    else if (out.dtype !== 'float32')
      c.add(GRAPH.dtype, `output is ${out.dtype}, expected int8 or float32`);
    inputs.forEach((t, i) => {
      if (t.dtype !== out.dtype)
        c.add(GRAPH.dtype, `input ${i} is ${t.dtype}, the output ${out.dtype}`);
    });
    const axis = c.op.attrs.axis < 0 ? c.op.attrs.axis + rank : c.op.attrs.axis;
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank || axis < rank - KERNEL_DIMS) {
      c.add(GRAPH.attribute, `axis ${c.op.attrs.axis} of a rank-${rank} output`);
      return;
    }
    let total = 0;
    inputs.forEach((t, i) => {
      if (t.shape.length !== rank || t.shape.some((d, k) => k !== axis && d !== out.shape[k]))
        c.add(
          GRAPH.shape,
          `input ${i} is [${t.shape}], the output [${out.shape}] along axis ${axis}`,
        );
      total += t.shape[axis] ?? 0;
    });
    if (total !== out.shape[axis])
      c.add(
        GRAPH.shape,
        `inputs give ${total} along axis ${axis}, the output has ${out.shape[axis]}`,
      );
  },
  MEAN(c) {
    const [x, out] = [c.input(0)!, c.output];
    const ok = c.int8(x, 'input') && c.int8(out, 'output');
    const a = c.constantInt(c.input(1), 'axes');
    if (a === undefined) return;
    const rank = x.shape.length;
    const axes: number[] = [];
    for (const v of Array.from(a, Number)) {
      const axis = v < 0 ? v + rank : v;
      if (axis < 0 || axis >= rank)
        c.add(GRAPH.attribute, `axis ${v} is out of range for rank ${rank}`);
      else if (axis < rank - KERNEL_DIMS)
        c.add(GRAPH.attribute, `axis ${v} is beyond the last ${KERNEL_DIMS} dims`);
      else if (!axes.includes(axis)) axes.push(axis);
    }
    const kept = x.shape.filter((_, i) => !axes.includes(i));
    const expected = c.op.attrs.keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : kept;
    if (elementCount(out.shape) !== elementCount(expected))
      c.add(GRAPH.shape, `reducing [${x.shape}] over axes [${axes}] cannot give [${out.shape}]`);
    const count = axes.reduce((n, i) => n * x.shape[i]!, 1);
    if (count > MAX_MEAN_COUNT)
      c.add(
        GRAPH.shape,
        `averages ${count} elements; the int32 sums hold at most ${MAX_MEAN_COUNT}`,
      );
    if (ok) c.multiplier(scale(x) / scale(out), 'output');
  },
  QUANTIZE(c) {
    const [x, out] = [c.input(0)!, c.output];
    c.sameShape(x, out);
    const okOut = c.quantisedInteger(out, 'output', 'int8, uint8 or int16');
    if (x.dtype === 'float32') return;
    const okX = c.quantisedInteger(x, 'input', 'float32, int8, uint8 or int16');
    if (okX && okOut) c.multiplier(scale(x) / scale(out), 'requantisation');
  },
  DEQUANTIZE(c) {
    const [x, out] = [c.input(0)!, c.output];
    c.sameShape(x, out);
    c.quantisedInteger(x, 'input', 'int8, uint8 or int16');
    if (out.dtype !== 'float32') c.add(GRAPH.dtype, `output is ${out.dtype}, expected float32`);
  },
  LOGISTIC: sigmoidLike,
  TANH: sigmoidLike,
};

function pool(c: OpCheck & { op: Extract<Op, { kind: 'AVERAGE_POOL_2D' | 'MAX_POOL_2D' }> }) {
  const [x, out] = [c.input(0)!, c.output];
  c.int8(x, 'input');
  c.int8(out, 'output');
  if (!c.rank(x, 4, 'input') || !c.rank(out, 4, 'output')) return;
  const a = c.op.attrs;
  const windowOk = c.window({
    'stride height': a.strideH,
    'stride width': a.strideW,
    'filter height': a.filterH,
    'filter width': a.filterW,
  });
  const oh = windowOk ? outSize(a.padding, x.shape[1]!, a.filterH, a.strideH) : out.shape[1];
  const ow = windowOk ? outSize(a.padding, x.shape[2]!, a.filterW, a.strideW) : out.shape[2];
  const expected = [x.shape[0], oh, ow, x.shape[3]];
  if (out.shape.some((d, i) => d !== expected[i]))
    c.add(GRAPH.shape, `output is [${out.shape}], the attributes give [${expected}]`);
}

function binary(c: OpCheck & { op: Extract<Op, { kind: 'ADD' | 'MUL' }> }) {
  const [a, b, out] = [c.input(0)!, c.input(1)!, c.output];
  const ok = [c.int8(a, 'input 0'), c.int8(b, 'input 1'), c.int8(out, 'output')].every(Boolean);
  // numpy broadcasting, right-aligned: each dim of the output is the inputs' non-1 extent.
  const rank = Math.max(a.shape.length, b.shape.length);
  const at = (s: number[], i: number) => s[s.length - rank + i] ?? 1;
  const expected: number[] = [];
  for (let i = 0; i < rank; i++) {
    const [da, db] = [at(a.shape, i), at(b.shape, i)];
    if (da !== db && da !== 1 && db !== 1) {
      c.add(GRAPH.shape, `inputs [${a.shape}] and [${b.shape}] do not broadcast`);
      return;
    }
    expected.push(da === 1 ? db : da);
  }
  if (out.shape.length !== rank || expected.some((d, i) => d !== out.shape[i]))
    c.add(
      GRAPH.shape,
      `output is [${out.shape}], inputs [${a.shape}] and [${b.shape}] give [${expected}]`,
    );
  if (!ok) return;
  if (c.op.kind === 'ADD') {
    const twiceMax = 2 * Math.max(scale(a), scale(b));
    c.multiplier(twiceMax / (2 ** 20 * scale(out)), 'output');
  } else c.multiplier((scale(a) * scale(b)) / scale(out), 'output');
}

function sigmoidLike(c: OpCheck & { op: Extract<Op, { kind: 'LOGISTIC' | 'TANH' }> }) {
  const [x, out] = [c.input(0)!, c.output];
  const ok = c.int8(x, 'input') && c.int8(out, 'output');
  c.sameShape(x, out);
  if (!ok) return;
  // The prepare code turns input scale * 2^27 into a Q31 multiplier and a left shift that the
  // kernels apply to int32 values: the shift must stay within -31..30.
  const exponent = Math.floor(Math.log2(scale(x) * 2 ** 27)) + 1;
  if (exponent > 30 || exponent < -31)
    c.add(
      GRAPH.paramRange,
      `input scale ${scale(x)} gives a shift of ${exponent}; TFLite's int8 ${c.op.kind} needs -31..30`,
    );
}
