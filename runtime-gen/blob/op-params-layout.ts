/**
 * Word layouts of the kernels' parameter records: the field lists of
 * runtime-gen/kernels/src/ars_params.h (`enum ars_layout_<NAME>`), in the same order and with the
 * same names (camelCase here, ARS_<NAME>_UPPER_SNAKE there; a test compares them). Every record is
 *
 *   header (4 words: words, kind, flags, inputs) | fixed fields of the layout | per-op arrays
 *
 * `flags` bit 0 is single rounding; `inputs` is op.inputs.length (the outputs follow the inputs in
 * the operand list). Shapes are right-aligned to 4 dims. See op-params.ts for each op's arrays.
 */
import type { DType } from '../../compiler/ir/graph.js';
import type { Rounding } from '../../compiler/ref/registry.js';

const D4 = (p: string) => [`${p}0`, `${p}1`, `${p}2`, `${p}3`] as const;

export const HEADER_FIELDS = ['words', 'kind', 'flags', 'inputs'] as const;
export const FLAG_SINGLE_ROUNDING = 1;

// prettier-ignore
export const LAYOUTS = {
  CONV: [
    'inN', 'inH', 'inW', 'inC', 'outH', 'outW', 'outC', 'kH', 'kW', 'filterC', 'outPerGroup',
    'strideH', 'strideW', 'dilationH', 'dilationW', 'padH', 'padW',
    'inputOffset', 'outputOffset', 'actMin', 'actMax',
  ],
  DW: [
    'inN', 'inH', 'inW', 'inC', 'outH', 'outW', 'outC', 'kH', 'kW', 'depthMultiplier',
    'strideH', 'strideW', 'dilationH', 'dilationW', 'padH', 'padW',
    'inputOffset', 'outputOffset', 'actMin', 'actMax',
  ],
  FC: [
    'outD0', 'outD1', 'outD2', 'outDepth', 'depth',
    'inputOffset', 'filterOffset', 'outputOffset', 'actMin', 'actMax',
  ],
  POOL: [
    'inN', 'inH', 'inW', 'channels', 'outH', 'outW', 'filterH', 'filterW',
    'strideH', 'strideW', 'padH', 'padW', 'actMin', 'actMax',
  ],
  ADD: [
    ...D4('outD'), ...D4('in1Stride'), ...D4('in2Stride'), 'outMultiplier', 'outShift',
    'outputOffset', 'actMin', 'actMax',
  ],
  MUL: [
    ...D4('outD'), ...D4('in1Stride'), ...D4('in2Stride'), 'outMultiplier', 'outShift',
    'outputOffset', 'actMin', 'actMax', 'in1Offset', 'in2Offset',
  ],
  RESHAPE: [...D4('outD'), 'elemBytes'],
  SOFTMAX: [...D4('d'), 'inputMultiplier', 'inputLeftShift', 'diffMin'],
  PAD: [...D4('inD'), ...D4('outD'), ...D4('before'), 'elemBytes', 'padValue', 'padOperand'],
  CONCAT: [...D4('outD'), 'axis', 'elemBytes', 'clamp', 'actMin', 'actMax'],
  MEAN: [
    ...D4('inD'), ...D4('reduce'), ...D4('outD'),
    'inputZeroPointTotal', 'outputZeroPoint', 'multiplier', 'shift', 'empty',
  ],
  QUANT: [
    ...D4('d'), 'inType', 'outType', 'inputZeroPoint', 'outputZeroPoint', 'qMin', 'qMax',
    'scaleBits', 'multiplier', 'shift',
  ],
  DEQUANT: [...D4('d'), 'inType', 'zeroPoint', 'scaleBits'],
  SIGMOID: [...D4('d'), 'inputZeroPoint', 'inputMultiplier', 'inputLeftShift', 'inputRangeRadius'],
} as const;

export type LayoutName = keyof typeof LAYOUTS;
export type Fields<L extends LayoutName> = Record<(typeof LAYOUTS)[L][number], number>;

/** Element type codes of the records (ars_kernels.h ARS_DT_*). */
const DTYPE_CODES: Partial<Record<DType, number>> = {
  int8: 0,
  uint8: 1,
  int16: 2,
  int32: 3,
  float32: 4,
};

export function dtypeCode(dtype: DType): number {
  const code = DTYPE_CODES[dtype];
  if (code === undefined) throw new Error(`the kernels have no element type code for ${dtype}`);
  return code;
}

/** One int32 word: integers in [-2^31, 2^32) (uint32 bit patterns wrap to int32). */
function word(value: number, what: string): number {
  if (!Number.isInteger(value) || value < -2147483648 || value > 4294967295) {
    throw new Error(`parameter ${what} = ${value} does not fit an int32 word`);
  }
  return value | 0;
}

/** Builds a record: header, the layout's fields in order, then the arrays. */
export function packRecord<L extends LayoutName>(
  kind: number,
  layout: L,
  inputs: number,
  rounding: Rounding,
  fields: Fields<L>,
  arrays: readonly ArrayLike<number>[] = [],
): Int32Array {
  const names: readonly string[] = LAYOUTS[layout];
  const values = fields as Record<string, number>;
  const extra = Object.keys(values).filter((k) => !names.includes(k));
  if (extra.length > 0) throw new Error(`${layout} record has unknown fields ${extra.join(', ')}`);
  const arrayWords = arrays.reduce((n, a) => n + a.length, 0);
  const words = HEADER_FIELDS.length + names.length + arrayWords;
  const out = new Int32Array(words);
  out[0] = words;
  out[1] = kind;
  out[2] = rounding === 'single' ? FLAG_SINGLE_ROUNDING : 0;
  out[3] = inputs;
  let at = HEADER_FIELDS.length;
  for (const name of names) {
    const v = values[name];
    if (v === undefined) throw new Error(`${layout} record misses field ${name}`);
    out[at++] = word(v, `${layout}.${name}`);
  }
  arrays.forEach((a, k) => {
    for (let i = 0; i < a.length; i++) out[at++] = word(a[i]!, `${layout} array ${k}[${i}]`);
  });
  return out;
}

/** A shape right-aligned to 4 dims; leading extent-1 dims beyond 4 are dropped. */
export function shape4(shape: readonly number[]): [number, number, number, number] {
  const extra = shape.length - 4;
  if (extra > 0 && shape.slice(0, extra).some((d) => d !== 1)) {
    throw new Error(`the kernels support at most 4 dims of extent > 1, got [${shape}]`);
  }
  const s = [1, 1, 1, 1, ...shape].slice(-4);
  return [s[0]!, s[1]!, s[2]!, s[3]!];
}

/** The fields `<prefix>0..3` of a 4-D shape or stride vector. */
export function dims4<P extends string>(
  prefix: P,
  v: readonly number[],
): Record<`${P}${0 | 1 | 2 | 3}`, number> {
  return {
    [`${prefix}0`]: v[0],
    [`${prefix}1`]: v[1],
    [`${prefix}2`]: v[2],
    [`${prefix}3`]: v[3],
  } as Record<`${P}${0 | 1 | 2 | 3}`, number>;
}

const f32 = new DataView(new ArrayBuffer(4));

/** The float32 bit pattern of `x`, which must be exactly a float32 (TFLite scales are). */
export function float32Bits(x: number, what: string): number {
  if (Math.fround(x) !== x) throw new Error(`${what} ${x} is not a float32 value`);
  f32.setFloat32(0, x, true);
  return f32.getInt32(0, true);
}
