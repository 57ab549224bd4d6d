/**
 * Per-tensor checks of verifyGraph: shape, rank and size limits (limits.ts), constant data that
 * matches the shape and dtype, and valid quantisation parameters.
 */
import type { DType, Tensor } from './graph.js';
import { dtypeBytes } from './graph.js';
import {
  boundedElementCount,
  INT32_MAX,
  KERNEL_DIMS,
  MAX_RANK,
  MAX_TENSOR_BYTES,
  MAX_TENSOR_ELEMENTS,
} from './limits.js';
import { GRAPH, type Problem } from './verify-codes.js';

/** The zero-point range of each quantised integer type (TFLite's quantisation spec). */
const ZERO_POINT_RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
};

const DATA_CLASS: Record<DType, string> = {
  int8: 'Int8Array',
  uint8: 'Uint8Array',
  bool: 'Uint8Array',
  int16: 'Int16Array',
  int32: 'Int32Array',
  int64: 'BigInt64Array',
  float32: 'Float32Array',
};

const MiB = 1024 * 1024;

/** Shape, rank and size problems; `sizeOk` is false when the tensor is too large to look into. */
export function checkTensorShape(t: Tensor): { problems: Problem[]; sizeOk: boolean } {
  const p: Problem[] = [];
  const bad = t.shape.filter((d) => !Number.isInteger(d) || d < 0 || d > INT32_MAX);
  if (bad.length > 0) {
    p.push({ code: GRAPH.shape, message: `bad shape [${t.shape}]: dims are integers 0..2^31-1` });
    return { problems: p, sizeOk: false };
  }
  const rank = t.shape.length;
  if (rank > MAX_RANK) {
    p.push({
      code: GRAPH.rank,
      message: `has rank ${rank}; arielsim's kernels take tensors of rank at most ${KERNEL_DIMS} (${MAX_RANK} with leading dims of extent 1)`,
    });
    return { problems: p, sizeOk: false };
  }
  if (t.shape.slice(0, Math.max(0, rank - KERNEL_DIMS)).some((d) => d !== 1)) {
    p.push({
      code: GRAPH.rank,
      message: `shape [${t.shape}]: the kernels index the last ${KERNEL_DIMS} dims, the leading ones must have extent 1`,
    });
  }
  const elements = boundedElementCount(t.shape, MAX_TENSOR_ELEMENTS);
  const bytes = elements * dtypeBytes(t.dtype);
  if (elements > MAX_TENSOR_ELEMENTS || bytes > MAX_TENSOR_BYTES) {
    const size = Number.isFinite(bytes) ? `${bytes} bytes` : 'more than 2^26 elements';
    p.push({
      code: GRAPH.tensorTooLarge,
      message: `shape [${t.shape}] ${t.dtype} is ${size}; the limit is ${MAX_TENSOR_BYTES / MiB} MiB per tensor`,
    });
    return { problems: p, sizeOk: false };
  }
  if (t.data !== undefined) {
    if (t.data.constructor.name !== DATA_CLASS[t.dtype]) {
      p.push({
        code: GRAPH.invalid,
        message: `${t.dtype} tensor holds ${t.data.constructor.name} data`,
      });
    } else if (t.data.length !== elements) {
      p.push({
        code: GRAPH.invalid,
        message: `constant data has ${t.data.length} elements, the shape [${t.shape}] needs ${elements}`,
      });
    }
  }
  return { problems: p, sizeOk: true };
}

/**
 * Quantisation of an integer tensor: finite positive float32 scales, integer zero points in the
 * dtype's range, one zero point per scale, and per-axis parameters along an existing dimension of
 * the same extent. Quantisation of other dtypes (int32 biases, float tensors) is not read by any
 * kernel and is not checked.
 */
export function checkQuant(t: Tensor): Problem[] {
  const q = t.quant;
  const range = ZERO_POINT_RANGE[t.dtype];
  if (q === undefined || range === undefined) return [];
  const p: Problem[] = [];
  const add = (message: string) => p.push({ code: GRAPH.quantization, message });
  if (q.scale.length === 0) add('has quantisation parameters without a scale');
  const badScale = q.scale.find((s) => !(Number.isFinite(s) && s > 0 && Math.fround(s) === s));
  if (badScale !== undefined)
    add(`scale ${badScale} is not a finite positive float32 (real = (q - zero point) * scale)`);
  if (q.zeroPoint.length !== q.scale.length)
    add(`${q.scale.length} scales but ${q.zeroPoint.length} zero points`);
  const badZp = q.zeroPoint.find((z) => !Number.isInteger(z) || z < range[0] || z > range[1]);
  if (badZp !== undefined)
    add(`zero point ${badZp} is outside the ${t.dtype} range ${range[0]}..${range[1]}`);
  if (q.scale.length > 1) {
    const rank = t.shape.length;
    if (!Number.isInteger(q.axis) || q.axis < 0 || q.axis >= rank)
      add(`per-channel quantisation along dimension ${q.axis} of a rank-${rank} tensor`);
    else if (t.shape[q.axis] !== q.scale.length)
      add(
        `${q.scale.length} per-channel scales for dimension ${q.axis} of size ${t.shape[q.axis]}`,
      );
    if (t.data === undefined)
      add(`activations are quantised per tensor, this one has ${q.scale.length} scales`);
  }
  return p;
}
