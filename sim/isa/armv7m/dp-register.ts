/**
 * Data processing (register), ARM DDI0403E A5.3.12-A5.3.15: shifts by a register, the extends with
 * rotation (SXTB/UXTH/SXTAB16...), REV/REV16/REVSH/RBIT/CLZ, the saturating QADD/QSUB/QDADD/QDSUB
 * and SEL. The parallel add/subtract family is in parallel.ts.
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { T } from '../../core/cortex-m/timing.js';
import { saturated, shiftC, shifterCarry, signedSat } from './bits.js';
import { rdOf, rmOf, rnOf } from './fields.js';
import { setLogicalFlags } from './flags.js';
import { v7 } from './state.js';
import { V } from './timing.js';

function entry(
  mnemonic: string,
  match: number,
  mask: number,
  exec: ThumbEntry['exec'],
  ext = 'armv7m',
): ThumbEntry {
  return { mnemonic, size: 4, match: match >>> 0, mask: mask >>> 0, ext, exec };
}

const SHIFT_NAMES = ['LSL', 'LSR', 'ASR', 'ROR'] as const;

/** LSL/LSR/ASR/ROR (register) T2: Rd = Rn shifted by Rm[7:0]. */
const registerShifts = SHIFT_NAMES.map((name, type) =>
  entry(`${name} (register) T2`, 0xfa00f000 | (type << 21), 0xffe0f0f0, (cpu, op) => {
    const result = shiftC(cpu.r[rnOf(op)]!, type, cpu.r[rmOf(op)]! & 0xff, cpu.c);
    cpu.r[rdOf(op)] = result;
    if ((op & 0x100000) !== 0) setLogicalFlags(cpu, result, shifterCarry);
    return T.alu;
  }),
);

/** Rm rotated right by 8 * rotate (hw2[5:4]). */
function rotated(cpu: CortexM, op: number): number {
  const m = cpu.r[rmOf(op)]!;
  const amount = (op >>> 1) & 0x18;
  return amount === 0 ? m : ((m >>> amount) | (m << (32 - amount))) >>> 0;
}

type Extend = (value: number, accumulator: number) => number;
const EXTENDS: readonly [string, string, number, Extend, string][] = [
  ['SXTAH', 'SXTH', 0b000, (x, a) => a + ((x << 16) >> 16), 'armv7m'],
  ['UXTAH', 'UXTH', 0b001, (x, a) => a + (x & 0xffff), 'armv7m'],
  ['SXTAB16', 'SXTB16', 0b010, (x, a) => add16((x << 24) >> 24, (x << 8) >> 24, a), 'dsp'],
  ['UXTAB16', 'UXTB16', 0b011, (x, a) => add16(x & 0xff, (x >>> 16) & 0xff, a), 'dsp'],
  ['SXTAB', 'SXTB', 0b100, (x, a) => a + ((x << 24) >> 24), 'armv7m'],
  ['UXTAB', 'UXTB', 0b101, (x, a) => a + (x & 0xff), 'armv7m'],
];

/** Two halfword sums: (a[15:0] + lo) and (a[31:16] + hi), each modulo 2^16. */
function add16(lo: number, hi: number, a: number): number {
  return (((a >>> 16) + hi) << 16) | (((a & 0xffff) + lo) & 0xffff);
}

const extendEntries = EXTENDS.flatMap(([accumulating, plain, opcode, f, ext]) => {
  const match = 0xfa00f080 | (opcode << 20);
  // The accumulating forms are DSP-extension instructions; SXTH/UXTH/SXTB/UXTB T2 are base v7-M.
  return [
    entry(
      `${accumulating} T1`,
      match,
      0xfff0f0c0,
      (cpu, op) => {
        cpu.r[rdOf(op)] = f(rotated(cpu, op), cpu.r[rnOf(op)]!) >>> 0;
        return V.dsp;
      },
      'dsp',
    ),
    entry(
      `${plain} T${ext === 'dsp' ? 1 : 2}`,
      match | 0xf0000,
      0xfffff0c0,
      (cpu, op) => {
        cpu.r[rdOf(op)] = f(rotated(cpu, op), 0) >>> 0;
        return ext === 'dsp' ? V.dsp : T.alu;
      },
      ext,
    ),
  ];
});

const MISC = 0xfa80f080;
const MISC_MASK = 0xfff0f0f0;
const misc = (op1: number, op2: number) => MISC | (op1 << 20) | (op2 << 4);

/** QADD/QSUB/QDADD/QDSUB (A7.7.97-104): Rd = sat(Rm +/- (doubled?) Rn), Q on saturation. */
function saturatingAdd(subtract: boolean, double: boolean): ThumbEntry['exec'] {
  return (cpu, op) => {
    let n = cpu.r[rnOf(op)]! | 0;
    let q = false;
    if (double) {
      n = signedSat(2 * n, 32);
      q = saturated;
    }
    const m = cpu.r[rmOf(op)]! | 0;
    const result = signedSat(subtract ? m - n : m + n, 32);
    if (q || saturated) v7(cpu).q = 1;
    cpu.r[rdOf(op)] = result >>> 0;
    return V.dsp;
  };
}

function unary(f: (x: number) => number): ThumbEntry['exec'] {
  return (cpu, op) => {
    cpu.r[rdOf(op)] = f(cpu.r[rmOf(op)]!) >>> 0;
    return T.alu;
  };
}

function reverseBits(x: number): number {
  let result = 0;
  for (let i = 0; i < 32; i++) result |= ((x >>> i) & 1) << (31 - i);
  return result;
}

const miscEntries: ThumbEntry[] = [
  entry('QADD T1', misc(0, 0), MISC_MASK, saturatingAdd(false, false), 'dsp'),
  entry('QDADD T1', misc(0, 1), MISC_MASK, saturatingAdd(false, true), 'dsp'),
  entry('QSUB T1', misc(0, 2), MISC_MASK, saturatingAdd(true, false), 'dsp'),
  entry('QDSUB T1', misc(0, 3), MISC_MASK, saturatingAdd(true, true), 'dsp'),
  entry(
    'REV T2',
    misc(1, 0),
    MISC_MASK,
    unary((x) => (x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)),
  ),
  entry(
    'REV16 T2',
    misc(1, 1),
    MISC_MASK,
    unary((x) => ((x & 0x00ff00ff) << 8) | ((x >>> 8) & 0x00ff00ff)),
  ),
  entry('RBIT T1', misc(1, 2), MISC_MASK, unary(reverseBits)),
  entry(
    'REVSH T2',
    misc(1, 3),
    MISC_MASK,
    unary((x) => (((x & 0xff) << 24) >> 16) | ((x >>> 8) & 0xff)),
  ),
  entry(
    'SEL T1',
    misc(2, 0),
    MISC_MASK,
    (cpu, op) => {
      const ge = v7(cpu).ge;
      const n = cpu.r[rnOf(op)]!;
      const m = cpu.r[rmOf(op)]!;
      let lanes = 0;
      for (let i = 0; i < 4; i++) if (((ge >>> i) & 1) !== 0) lanes |= 0xff << (8 * i);
      cpu.r[rdOf(op)] = ((n & lanes) | (m & ~lanes)) >>> 0;
      return V.dsp;
    },
    'dsp',
  ),
  entry(
    'CLZ T1',
    misc(3, 0),
    MISC_MASK,
    unary((x) => Math.clz32(x)),
  ),
];

export const DATA_PROCESSING_REGISTER: readonly ThumbEntry[] = [
  ...registerShifts,
  ...extendEntries,
  ...miscEntries,
];
