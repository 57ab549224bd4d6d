/**
 * Seeded mutations of zoo models for the fuzz test: structural changes to the Graph (shapes, ranks,
 * dtypes, quantisation, operand indices, attributes, graph inputs and outputs, op order, inserted
 * ops of the kinds the zoo does not use) written back to .tflite bytes, and byte-level damage to the
 * file itself (overwritten bytes, truncation). The same seed gives the same case.
 */
import type { DType, Graph, Op, OpKind, Tensor } from '../../compiler/ir/graph.js';
import { writeTflite } from '../../compiler/zoo/tflite-writer.js';

/** mulberry32: a small seeded PRNG (same seed, same sequence on every machine). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;

const DIMS = [0, 1, 2, 3, 7, 65, 1000, 65536, 2 ** 20, 2 ** 31 - 1];
const SCALES = [NaN, Infinity, -Infinity, 0, -0.5, 1e-45, 1e-30, 1e-12, 1e12, 3.4e38, 1, 0.5];
const ZERO_POINTS = [-129, 128, 255, -32769, 2 ** 31, -(2 ** 40), 127, -128];
const DTYPES: DType[] = ['int8', 'uint8', 'int16', 'int32', 'int64', 'float32', 'bool'];
const ATTR_VALUES = [0, -1, 1, 2, 3, 7, 100, 65536, 2 ** 31 - 1];

function cloneGraph(g: Graph): Graph {
  return {
    name: g.name,
    tensors: g.tensors.map((t) => ({
      ...t,
      shape: [...t.shape],
      ...(t.quant
        ? {
            quant: {
              scale: [...t.quant.scale],
              zeroPoint: [...t.quant.zeroPoint],
              axis: t.quant.axis,
            },
          }
        : {}),
    })),
    ops: g.ops.map((op) => ({
      ...op,
      inputs: [...op.inputs],
      outputs: [...op.outputs],
      attrs: { ...op.attrs },
    })) as Op[],
    inputs: [...g.inputs],
    outputs: [...g.outputs],
  };
}

const activations = (g: Graph) => g.tensors.filter((t) => t.data === undefined);
const quantised = (g: Graph) => g.tensors.filter((t) => t.quant !== undefined);

/** A graph's input or output list emptied, extended by a random tensor, or replaced by one. */
function changedIds(g: Graph, ids: number[], r: Rand): number[] {
  const k = int(r, 3);
  if (k === 0) return [];
  const id = int(r, g.tensors.length);
  return k === 1 ? [...ids, id] : [id];
}

/** One structural mutation; returns what it did. */
const MUTATIONS: Record<string, (g: Graph, r: Rand) => string> = {
  dim(g, r) {
    const t = pick(r, g.tensors);
    if (t.shape.length === 0) return 'dim: scalar';
    const d = int(r, t.shape.length);
    const v = r() < 0.5 ? pick(r, DIMS) : Math.max(0, t.shape[d]! + pick(r, [-1, 1, 2]));
    t.shape[d] = v;
    return `tensor ${t.id} dim ${d} = ${v}`;
  },
  rank(g, r) {
    const t = pick(r, activations(g));
    const k = int(r, 3);
    if (k === 0) t.shape.pop();
    else if (k === 1) t.shape.unshift(...Array.from({ length: 1 + int(r, 5) }, () => 1));
    else t.shape.unshift(pick(r, [2, 3]));
    return `tensor ${t.id} shape [${t.shape}]`;
  },
  dtype(g, r) {
    const t = pick(r, g.tensors);
    const d = pick(r, DTYPES);
    if (t.data !== undefined && d !== t.dtype) delete t.data;
    t.dtype = d;
    return `tensor ${t.id} dtype ${d}`;
  },
  scale(g, r) {
    const t = pick(r, quantised(g));
    const i = int(r, t.quant!.scale.length);
    t.quant!.scale[i] = pick(r, SCALES);
    return `tensor ${t.id} scale[${i}] = ${t.quant!.scale[i]}`;
  },
  zeroPoint(g, r) {
    const t = pick(r, quantised(g));
    const i = int(r, t.quant!.zeroPoint.length);
    t.quant!.zeroPoint[i] = pick(r, ZERO_POINTS);
    return `tensor ${t.id} zero point[${i}] = ${t.quant!.zeroPoint[i]}`;
  },
  dropQuant(g, r) {
    const t = pick(r, quantised(g));
    delete t.quant;
    return `tensor ${t.id} without quantisation`;
  },
  perAxis(g, r) {
    const t = pick(r, quantised(g));
    const q = t.quant!;
    const n = pick(r, [1, 2, 3, q.scale.length + 1, Math.max(1, q.scale.length - 1)]);
    q.scale = Array.from({ length: n }, (_, i) => q.scale[i % q.scale.length]!);
    q.zeroPoint = Array.from({ length: pick(r, [n, n, 0, n + 1]) }, () => 0);
    q.axis = pick(r, [0, 1, 3, 4, -1, q.axis]);
    return `tensor ${t.id} ${n} scales along ${q.axis}`;
  },
  inputIndex(g, r) {
    const op = pick(r, g.ops);
    const i = int(r, op.inputs.length);
    op.inputs[i] = pick(r, [-1, int(r, g.tensors.length), g.tensors.length + 3]);
    return `op ${op.kind} input ${i} = ${op.inputs[i]}`;
  },
  outputIndex(g, r) {
    const op = pick(r, g.ops);
    op.outputs[0] = int(r, g.tensors.length);
    return `op ${op.kind} output = ${op.outputs[0]}`;
  },
  extraOperand(g, r) {
    const op = pick(r, g.ops);
    if (r() < 0.5) op.inputs.push(int(r, g.tensors.length));
    else op.outputs.push(int(r, g.tensors.length));
    return `op ${op.kind} operands ${op.inputs.length}/${op.outputs.length}`;
  },
  attr(g, r) {
    const op = pick(r, g.ops);
    const attrs = op.attrs as Record<string, unknown>;
    const keys = Object.keys(attrs);
    if (keys.length === 0) return `op ${op.kind}: no attributes`;
    const k = pick(r, keys);
    const old = attrs[k];
    if (typeof old === 'number')
      attrs[k] = k === 'beta' ? pick(r, [NaN, 0, -1, 1e30, 1e-30, Infinity]) : pick(r, ATTR_VALUES);
    else if (typeof old === 'boolean') attrs[k] = !old;
    else if (k === 'padding') attrs[k] = old === 'SAME' ? 'VALID' : 'SAME';
    else if (k === 'activation') attrs[k] = pick(r, ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1']);
    else return `op ${op.kind}: ${k} unchanged`;
    return `op ${op.kind} ${k} = ${String(attrs[k])}`;
  },
  graphOutputs: (g, r) => `graph outputs [${(g.outputs = changedIds(g, g.outputs, r))}]`,
  graphInputs: (g, r) => `graph inputs [${(g.inputs = changedIds(g, g.inputs, r))}]`,
  opOrder(g, r) {
    const k = int(r, 3);
    const i = int(r, g.ops.length);
    if (k === 0) g.ops.splice(i, 1);
    else if (k === 1) g.ops.splice(i, 0, { ...g.ops[i]!, outputs: [...g.ops[i]!.outputs] } as Op);
    else {
      const j = int(r, g.ops.length);
      [g.ops[i], g.ops[j]] = [g.ops[j]!, g.ops[i]!];
    }
    return `op order (${['delete', 'duplicate', 'swap'][k]} ${i})`;
  },
  constData(g, r) {
    const consts = g.tensors.filter((t) => t.data !== undefined);
    const t = pick(r, consts);
    if (r() < 0.4) {
      delete t.data;
      return `tensor ${t.id} no longer constant`;
    }
    const data = t.data!.slice() as NonNullable<Tensor['data']>;
    const i = int(r, data.length);
    if (data instanceof BigInt64Array) data[i] = BigInt(pick(r, ATTR_VALUES));
    else data[i] = pick(r, [...ATTR_VALUES, -128, 127, -(2 ** 31)]);
    t.data = data;
    return `tensor ${t.id} data[${i}] = ${String(data[i])}`;
  },
  insertOp(g, r) {
    // An op of a kind the zoo does not use, after an activation that some op reads.
    const read = g.ops
      .flatMap((op) => op.inputs)
      .filter((id) => g.tensors[id] !== undefined && g.tensors[id].data === undefined);
    if (read.length === 0) return 'insertOp: nothing to insert after';
    const x = g.tensors[pick(r, read)]!;
    const kind = pick(r, ['TANH', 'LOGISTIC', 'MUL', 'QUANTIZE', 'PAD', 'DEQUANTIZE'] as const);
    const y: Tensor = {
      id: g.tensors.length,
      name: `${x.name}_${kind.toLowerCase()}`,
      shape: [...x.shape],
      dtype: kind === 'DEQUANTIZE' ? 'float32' : x.dtype,
      ...(x.quant && kind !== 'DEQUANTIZE'
        ? {
            quant: {
              scale: [x.quant.scale[0]! * (kind === 'QUANTIZE' ? 2 : 1)],
              zeroPoint: [0],
              axis: 0,
            },
          }
        : {}),
    };
    if (kind === 'TANH') y.quant = { scale: [1 / 128], zeroPoint: [0], axis: 0 };
    if (kind === 'LOGISTIC') y.quant = { scale: [1 / 256], zeroPoint: [-128], axis: 0 };
    g.tensors.push(y);
    const inputs = [x.id];
    if (kind === 'MUL') inputs.push(x.id);
    if (kind === 'PAD') {
      const rank = x.shape.length;
      const pads = new Int32Array(rank * 2).map((_, i) => (i >= 2 && i < 6 ? 1 : 0));
      y.shape = x.shape.map((d, i) => d + pads[2 * i]! + pads[2 * i + 1]!);
      g.tensors.push({
        id: y.id + 1,
        name: `${y.name}_paddings`,
        shape: [rank, 2],
        dtype: 'int32',
        data: pads,
      });
      inputs.push(y.id + 1);
    }
    const attrs = kind === 'MUL' ? { activation: 'NONE' as const } : {};
    const at = g.ops.findIndex((op) => op.inputs.includes(x.id));
    for (const op of g.ops.slice(at)) op.inputs = op.inputs.map((id) => (id === x.id ? y.id : id));
    g.ops.splice(at, 0, { kind, inputs, outputs: [y.id], attrs } as Op);
    return `${kind} inserted after tensor ${x.id}`;
  },
  opKind(g, r) {
    const swaps: Partial<Record<OpKind, OpKind[]>> = {
      SOFTMAX: ['TANH', 'LOGISTIC'],
      ADD: ['MUL'],
      AVERAGE_POOL_2D: ['MAX_POOL_2D'],
      MAX_POOL_2D: ['AVERAGE_POOL_2D'],
      CONV_2D: ['DEPTHWISE_CONV_2D'],
      DEPTHWISE_CONV_2D: ['CONV_2D'],
    };
    const candidates = g.ops.filter((op) => swaps[op.kind] !== undefined);
    if (candidates.length === 0) return 'opKind: nothing to swap';
    const op = pick(r, candidates) as { kind: OpKind; attrs: object };
    const old = op.kind;
    op.kind = pick(r, swaps[old]!);
    if (op.kind === 'DEPTHWISE_CONV_2D') op.attrs = { ...op.attrs, depthMultiplier: 1 };
    if (op.kind === 'TANH' || op.kind === 'LOGISTIC') op.attrs = {};
    return `op ${old} -> ${op.kind}`;
  },
};

/** The zoo models mutated: the small ones, so that a mutant that runs is simulated in a second. */
export const FUZZ_MODELS = ['lenet5', 'ds_cnn', 'fc_autoencoder', 'resnet8', 'inception_like'];

export const MUTATION_NAMES = Object.keys(MUTATIONS);

export interface FuzzCase {
  seed: number;
  model: string;
  mutations: string[];
  bytes: Uint8Array;
}

/**
 * The case of `seed`: one of `models`, 1-3 structural mutations (most cases) or byte damage to the
 * written file. Returns undefined when the writer cannot express the mutated graph (e.g. a
 * non-integer zero point), which is not a case of the importer.
 */
export function fuzzCase(seed: number, models: Record<string, Graph>): FuzzCase | undefined {
  const r = prng(seed);
  const names = Object.keys(models);
  const model = pick(r, names);
  const g = cloneGraph(models[model]!);
  const mutations: string[] = [];
  const byteLevel = r() < 0.2;
  if (!byteLevel) {
    const n = 1 + int(r, 3);
    for (let i = 0; i < n; i++) {
      const name = pick(r, MUTATION_NAMES);
      mutations.push(`${name}: ${MUTATIONS[name]!(g, r)}`);
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = writeTflite(g);
  } catch {
    return undefined;
  }
  if (byteLevel) {
    if (r() < 0.25) {
      const at = 8 + int(r, bytes.length - 8);
      bytes = bytes.slice(0, at);
      mutations.push(`truncated to ${at} bytes`);
    } else {
      const n = 1 + int(r, 8);
      for (let i = 0; i < n; i++) {
        const at = 8 + int(r, bytes.length - 8);
        bytes[at] = int(r, 256);
        mutations.push(`byte ${at} = ${bytes[at]}`);
      }
    }
  }
  return { seed, model, mutations, bytes };
}
