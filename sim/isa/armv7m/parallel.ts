/**
 * Parallel addition and subtraction (ARM DDI0403E A5.3.13, A5.3.14), DSP extension:
 * {S,Q,SH,U,UQ,UH} x {ADD16, ASX, SAX, SUB16, ADD8, SUB8}. The plain signed/unsigned forms set
 * APSR.GE per lane (signed: result >= 0; unsigned add: carry out; unsigned subtract: no borrow).
 */
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { rdOf, rmOf, rnOf } from './fields.js';
import { v7 } from './state.js';
import { V } from './timing.js';

/** The operation: lane width and, per lane, whether Rm's lane (or its swapped partner) is added. */
const OPERATIONS: readonly {
  name: string;
  op1: number;
  width: 8 | 16;
  subtract: readonly boolean[];
  exchange: boolean;
}[] = [
  { name: 'ADD16', op1: 0b001, width: 16, subtract: [false, false], exchange: false },
  { name: 'ASX', op1: 0b010, width: 16, subtract: [true, false], exchange: true },
  { name: 'SAX', op1: 0b110, width: 16, subtract: [false, true], exchange: true },
  { name: 'SUB16', op1: 0b101, width: 16, subtract: [true, true], exchange: false },
  { name: 'ADD8', op1: 0b000, width: 8, subtract: [false, false, false, false], exchange: false },
  { name: 'SUB8', op1: 0b100, width: 8, subtract: [true, true, true, true], exchange: false },
];

type Variant = 'S' | 'Q' | 'SH' | 'U' | 'UQ' | 'UH';
const VARIANTS: readonly [Variant, number][] = [
  ['S', 0b000],
  ['Q', 0b001],
  ['SH', 0b010],
  ['U', 0b100],
  ['UQ', 0b101],
  ['UH', 0b110],
];

function lane(x: number, index: number, width: number, signed: boolean): number {
  const shift = 32 - width;
  const field = x << (shift - index * width);
  return signed ? field >> shift : field >>> shift;
}

function makeExec(operation: (typeof OPERATIONS)[number], variant: Variant): ThumbEntry['exec'] {
  const { width, subtract, exchange } = operation;
  const lanes = subtract.length;
  const signed = variant === 'S' || variant === 'Q' || variant === 'SH';
  const setsGe = variant === 'S' || variant === 'U';
  const modulus = 2 ** width;
  const geBitsPerLane = width === 16 ? 3 : 1;
  return (cpu, op) => {
    const n = cpu.r[rnOf(op)]!;
    const m = cpu.r[rmOf(op)]!;
    let result = 0;
    let ge = 0;
    for (let i = 0; i < lanes; i++) {
      const a = lane(n, i, width, signed);
      const b = lane(m, exchange ? 1 - i : i, width, signed);
      const sum = subtract[i] ? a - b : a + b;
      let value: number;
      if (variant === 'Q') value = Math.min(Math.max(sum, -modulus / 2), modulus / 2 - 1);
      else if (variant === 'UQ') value = Math.min(Math.max(sum, 0), modulus - 1);
      else if (variant === 'SH' || variant === 'UH') value = Math.floor(sum / 2);
      else value = sum;
      result |= (value & (modulus - 1)) << (i * width);
      const geSet = signed || subtract[i] ? sum >= 0 : sum >= modulus;
      if (geSet) ge |= geBitsPerLane << (i * (width / 8));
    }
    cpu.r[rdOf(op)] = result >>> 0;
    if (setsGe) v7(cpu).ge = ge;
    return V.dsp;
  };
}

export const PARALLEL: readonly ThumbEntry[] = OPERATIONS.flatMap((operation) =>
  VARIANTS.map(([variant, op2]) => ({
    mnemonic: `${variant}${operation.name} T1`,
    size: 4 as const,
    match: (0xfa80f000 | (operation.op1 << 20) | (op2 << 4)) >>> 0,
    mask: 0xfff0f0f0,
    ext: 'dsp',
    exec: makeExec(operation, variant),
  })),
);
