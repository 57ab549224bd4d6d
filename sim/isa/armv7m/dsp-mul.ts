/**
 * The DSP extension's multiplies (ARM DDI0403E A5.3.16, A5.3.17): SMLA<x><y>/SMUL<x><y>,
 * SMLAD(X)/SMUAD(X), SMLSD(X)/SMUSD(X), SMLAW<y>/SMULW<y>, SMMLA(R)/SMMUL(R)/SMMLS(R),
 * USAD8/USADA8, SMLAL<x><y>, SMLALD(X), SMLSLD(X). APSR.Q records a signed overflow of the
 * 32-bit accumulations. Encodings with Ra = 1111 are the non-accumulating forms.
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { T } from '../../core/cortex-m/timing.js';
import { rdOf, rmOf, rnOf, rtOf } from './fields.js';
import { v7 } from './state.js';
import { V } from './timing.js';
import { add64, multiply64, sub64, wide } from './wide.js';

function entry(
  mnemonic: string,
  match: number,
  mask: number,
  exec: ThumbEntry['exec'],
): ThumbEntry {
  return { mnemonic, size: 4, match: match >>> 0, mask: mask >>> 0, ext: 'dsp', exec };
}

const low = (x: number) => (x << 16) >> 16;
const high = (x: number) => x >> 16;

/** Writes a 32-bit signed sum to Rd, setting Q when it does not fit (SInt(result) != result). */
function writeWithQ(cpu: CortexM, d: number, sum: number): void {
  if (sum > 0x7fffffff || sum < -0x80000000) v7(cpu).q = 1;
  cpu.r[d] = sum >>> 0;
}

/**
 * Sum (or difference) of the two 16 x 16 products of SMLAD/SMLSD and relatives: bottom x bottom
 * +/- top x top, X (bit 4) swapping the halves of Rm.
 */
function dualProducts(cpu: CortexM, op: number, subtract: boolean): number {
  const n = cpu.r[rnOf(op)]!;
  let m = cpu.r[rmOf(op)]!;
  if ((op & 0x10) !== 0) m = ((m >>> 16) | (m << 16)) >>> 0;
  const top = high(n) * high(m);
  return low(n) * low(m) + (subtract ? -top : top);
}

/**
 * A multiply with an accumulating (Ra != 1111) and a plain (Ra = 1111) entry. `compute` gets the
 * accumulator value (0 for the plain form) and returns the sum, checked for Q.
 */
function pair(
  names: [string, string],
  match: number,
  mask: number,
  compute: (cpu: CortexM, op: number, ra: number) => number,
): ThumbEntry[] {
  return [
    entry(names[0], match, mask, (cpu, op) => {
      writeWithQ(cpu, rdOf(op), compute(cpu, op, cpu.r[rtOf(op)]! | 0));
      return V.mac;
    }),
    entry(names[1], match | 0xf000, mask | 0xf000, (cpu, op) => {
      writeWithQ(cpu, rdOf(op), compute(cpu, op, 0));
      return T.mul;
    }),
  ];
}

/** SMMLA/SMMLS/SMMUL: the top word of (Ra << 32) +/- Rn * Rm, rounded when R (bit 4) is set. */
function mostSignificant(cpu: CortexM, op: number, ra: number, subtract: boolean): number {
  multiply64(cpu.r[rnOf(op)]!, cpu.r[rmOf(op)]!, true);
  if (subtract) sub64(ra, 0, wide.hi, wide.lo);
  else add64(ra, 0, wide.hi, wide.lo);
  if ((op & 0x10) !== 0) add64(wide.hi, wide.lo, 0, 0x80000000);
  return wide.hi | 0;
}

function absoluteDifferences(cpu: CortexM, op: number): number {
  const n = cpu.r[rnOf(op)]!;
  const m = cpu.r[rmOf(op)]!;
  let sum = 0;
  for (let shift = 0; shift < 32; shift += 8) {
    sum += Math.abs(((n >>> shift) & 0xff) - ((m >>> shift) & 0xff));
  }
  return sum;
}

/** SMLAL<x><y>/SMLALD/SMLSLD: RdHi:RdLo += a 64-bit signed sum of 16 x 16 products. */
function longAccumulate(
  name: string,
  match: number,
  mask: number,
  products: (cpu: CortexM, op: number) => number,
): ThumbEntry {
  return entry(name, match, mask, (cpu, op) => {
    const r = cpu.r;
    const sum = products(cpu, op);
    // |sum| < 2^31 * 2 fits a double exactly; split it into a sign-extended 64-bit addend.
    const hiPart = Math.floor(sum / 4294967296);
    add64(r[rdOf(op)]!, r[rtOf(op)]!, hiPart >>> 0, (sum - hiPart * 4294967296) >>> 0);
    r[rtOf(op)] = wide.lo;
    r[rdOf(op)] = wide.hi;
    return V.mulLong;
  });
}

const halfOf = (x: number, top: boolean) => (top ? high(x) : low(x));

export const DSP_MULTIPLY: readonly ThumbEntry[] = [
  ...pair(['SMLA<x><y> T1', 'SMUL<x><y> T1'], 0xfb100000, 0xfff000c0, (cpu, op, ra) => {
    const n = halfOf(cpu.r[rnOf(op)]!, (op & 0x20) !== 0);
    const m = halfOf(cpu.r[rmOf(op)]!, (op & 0x10) !== 0);
    return n * m + ra;
  }),
  ...pair(['SMLAD T1', 'SMUAD T1'], 0xfb200000, 0xfff000e0, (cpu, op, ra) => {
    return dualProducts(cpu, op, false) + ra;
  }),
  ...pair(['SMLSD T1', 'SMUSD T1'], 0xfb400000, 0xfff000e0, (cpu, op, ra) => {
    return dualProducts(cpu, op, true) + ra;
  }),
  ...pair(['SMLAW<y> T1', 'SMULW<y> T1'], 0xfb300000, 0xfff000e0, (cpu, op, ra) => {
    const m = halfOf(cpu.r[rmOf(op)]!, (op & 0x10) !== 0);
    return Math.floor(((cpu.r[rnOf(op)]! | 0) * m) / 65536) + ra;
  }),
  ...pair(['SMMLA T1', 'SMMUL T1'], 0xfb500000, 0xfff000e0, (cpu, op, ra) =>
    mostSignificant(cpu, op, ra, false),
  ),
  entry('SMMLS T1', 0xfb600000, 0xfff000e0, (cpu, op) => {
    cpu.r[rdOf(op)] = mostSignificant(cpu, op, cpu.r[rtOf(op)]!, true) >>> 0;
    return V.mac;
  }),
  entry('USADA8 T1', 0xfb700000, 0xfff000f0, (cpu, op) => {
    cpu.r[rdOf(op)] = (absoluteDifferences(cpu, op) + cpu.r[rtOf(op)]!) >>> 0;
    return V.mac;
  }),
  entry('USAD8 T1', 0xfb70f000, 0xfff0f0f0, (cpu, op) => {
    cpu.r[rdOf(op)] = absoluteDifferences(cpu, op);
    return V.dsp;
  }),
  longAccumulate('SMLAL<x><y> T1', 0xfbc00080, 0xfff000c0, (cpu, op) => {
    return (
      halfOf(cpu.r[rnOf(op)]!, (op & 0x20) !== 0) * halfOf(cpu.r[rmOf(op)]!, (op & 0x10) !== 0)
    );
  }),
  longAccumulate('SMLALD T1', 0xfbc000c0, 0xfff000e0, (cpu, op) => {
    return dualProducts(cpu, op, false);
  }),
  longAccumulate('SMLSLD T1', 0xfbd000c0, 0xfff000e0, (cpu, op) => {
    return dualProducts(cpu, op, true);
  }),
];
