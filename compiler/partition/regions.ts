/**
 * Regions of tensors and the exact input region an output tile of an op reads (receptive fields with
 * padding, stride and dilation for windowed ops; whole tensors where the op needs them).
 */
import type { Graph, Op, Padding, Tensor } from '../ir/graph.js';
import { dtypeBytes } from '../ir/graph.js';

/** A half-open index range [start, end) along one dimension. */
export type Range = [number, number];

/** A box of one tensor: one range per dimension. */
export interface Region {
  tensor: number;
  ranges: Range[];
}

export function fullRanges(shape: readonly number[]): Range[] {
  return shape.map((d) => [0, d]);
}

export function regionElements(ranges: readonly Range[]): number {
  return ranges.reduce((n, [a, b]) => n * Math.max(0, b - a), 1);
}

export function regionBytes(g: Graph, r: Region): number {
  return regionElements(r.ranges) * dtypeBytes(g.tensors[r.tensor]!.dtype);
}

export function rangesIntersect(a: readonly Range[], b: readonly Range[]): boolean {
  return a.every(([a0, a1], i) => a0 < b[i]![1] && b[i]![0] < a1);
}

/** TFLite's leading padding of a windowed op along one axis (ComputePaddingWithOffset). */
export function leadingPad(
  padding: Padding,
  inSize: number,
  outSize: number,
  filter: number,
  stride: number,
  dilation: number,
): number {
  if (padding === 'VALID') return 0;
  const effective = (filter - 1) * dilation + 1;
  return Math.max(0, Math.floor(((outSize - 1) * stride + effective - inSize) / 2));
}

interface Window {
  filter: number;
  stride: number;
  dilation: number;
  padding: Padding;
}

/** Input rows (or columns) read by output rows [o0, o1) of a windowed op, clamped to the input. */
export function windowInputRange(out: Range, inSize: number, outSize: number, w: Window): Range {
  const pad = leadingPad(w.padding, inSize, outSize, w.filter, w.stride, w.dilation);
  const effective = (w.filter - 1) * w.dilation + 1;
  const lo = out[0] * w.stride - pad;
  const hi = (out[1] - 1) * w.stride - pad + effective;
  return [Math.max(0, lo), Math.min(inSize, hi)];
}

const activation = (g: Graph, id: number | undefined): Tensor | undefined =>
  id === undefined || id < 0 || g.tensors[id]!.data !== undefined ? undefined : g.tensors[id];

/** The activation regions an output tile of `op` reads; constants (weights) are not listed. */
export function tileReads(g: Graph, op: Op, tile: readonly Range[]): Region[] {
  const out = g.tensors[op.outputs[0]!]!;
  const x = activation(g, op.inputs[0]);
  const same = (t: Tensor): Region => ({ tensor: t.id, ranges: tile.map((r) => [r[0], r[1]]) });
  const full = (t: Tensor): Region => ({ tensor: t.id, ranges: fullRanges(t.shape) });
  switch (op.kind) {
    case 'CONV_2D':
    case 'DEPTHWISE_CONV_2D':
    case 'AVERAGE_POOL_2D':
    case 'MAX_POOL_2D': {
      if (x === undefined) return [];
      const a = op.attrs;
      const pool = op.kind === 'AVERAGE_POOL_2D' || op.kind === 'MAX_POOL_2D';
      const w = pool ? undefined : g.tensors[op.inputs[1]!]!;
      const kh = pool ? op.attrs.filterH : w!.shape[1]!;
      const kw = pool ? op.attrs.filterW : w!.shape[2]!;
      const dh = 'dilationH' in a ? a.dilationH : 1;
      const dw = 'dilationW' in a ? a.dilationW : 1;
      const rows = windowInputRange(tile[1]!, x.shape[1]!, out.shape[1]!, {
        filter: kh,
        stride: a.strideH,
        dilation: dh,
        padding: a.padding,
      });
      const cols = windowInputRange(tile[2]!, x.shape[2]!, out.shape[2]!, {
        filter: kw,
        stride: a.strideW,
        dilation: dw,
        padding: a.padding,
      });
      const [c0, c1] = tile[3]!;
      const m = op.kind === 'DEPTHWISE_CONV_2D' ? op.attrs.depthMultiplier : 1;
      const chans: Range =
        op.kind === 'CONV_2D'
          ? [0, x.shape[3]!]
          : [Math.floor(c0 / m), Math.floor((c1 - 1) / m) + 1];
      if (rows[0] >= rows[1] || cols[0] >= cols[1]) return [];
      return [{ tensor: x.id, ranges: [tile[0]!, rows, cols, chans] }];
    }
    case 'ADD':
    case 'MUL':
      return op.inputs
        .map((id) => activation(g, id))
        .filter((t): t is Tensor => t !== undefined)
        .map((t) => (sameShape(t.shape, out.shape) ? same(t) : full(t)));
    case 'QUANTIZE':
    case 'DEQUANTIZE':
    case 'LOGISTIC':
    case 'TANH':
      return x === undefined ? [] : [same(x)];
    case 'SOFTMAX': {
      if (x === undefined) return [];
      const last = tile.length - 1;
      return [{ tensor: x.id, ranges: tile.map((r, i) => (i === last ? [0, x.shape[i]!] : r)) }];
    }
    case 'CONCATENATION': {
      const axis = op.attrs.axis < 0 ? op.attrs.axis + out.shape.length : op.attrs.axis;
      return op.inputs
        .map((id) => activation(g, id))
        .filter((t): t is Tensor => t !== undefined)
        .map((t) => ({
          tensor: t.id,
          ranges: concatInputRanges(t, tile, axis, op, g),
        }))
        .filter((r) => regionElements(r.ranges) > 0);
    }
    case 'PAD': {
      if (x === undefined) return [];
      const pads = g.tensors[op.inputs[1]!]!.data!;
      const ranges: Range[] = tile.map((r, i) => {
        const before = Number(pads[2 * i]!);
        return [Math.max(0, r[0] - before), Math.min(x.shape[i]!, r[1] - before)];
      });
      return regionElements(ranges) > 0 ? [{ tensor: x.id, ranges }] : [];
    }
    case 'FULLY_CONNECTED':
    case 'RESHAPE':
    case 'MEAN':
      return x === undefined ? [] : [full(x)];
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Input `t` of a concatenation along `axis`: the part of the tile that falls into t's slice. */
function concatInputRanges(
  t: Tensor,
  tile: readonly Range[],
  axis: number,
  op: Op,
  g: Graph,
): Range[] {
  let offset = 0;
  for (const id of op.inputs) {
    if (id === t.id) break;
    offset += g.tensors[id]!.shape[axis]!;
  }
  return tile.map((r, i) =>
    i === axis
      ? [Math.max(0, r[0] - offset), Math.max(0, Math.min(t.shape[i]!, r[1] - offset))]
      : [r[0], r[1]],
  );
}
