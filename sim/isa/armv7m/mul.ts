/**
 * Multiply, multiply-accumulate and divide of the ARMv7-M base set (ARM DDI0403E A5.3.16, A5.3.17):
 * MUL MLA MLS, SMULL UMULL SMLAL UMLAL, SDIV UDIV. The DSP multiplies are in dsp-mul.ts.
 */
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { T, withCount } from '../../core/cortex-m/timing.js';
import { rdOf, rmOf, rnOf, rtOf } from './fields.js';
import { V } from './timing.js';
import { add64, multiply64, wide } from './wide.js';

function entry(
  mnemonic: string,
  match: number,
  mask: number,
  exec: ThumbEntry['exec'],
): ThumbEntry {
  return { mnemonic, size: 4, match: match >>> 0, mask: mask >>> 0, ext: 'armv7m', exec };
}

/**
 * Extra cycles of SDIV/UDIV beyond the 2-cycle minimum. The Cortex-M4 TRM (ARM 100166, table 3-1)
 * gives only "2-12, early termination depending on the size of the operands". Assumed here: the
 * divider needs ceil(10·q/32) more cycles for q significant quotient bits, q = clz(|divisor|) -
 * clz(|dividend|) + 1, so that both ends of the documented range are met (*unverified*).
 */
export function divideSteps(dividend: number, divisor: number): number {
  if (divisor === 0 || dividend >>> 0 < divisor >>> 0) return 0;
  const q = Math.clz32(divisor) - Math.clz32(dividend) + 1;
  return q <= 0 ? 0 : Math.ceil((10 * q) / 32);
}

const abs32 = (x: number) => (x < 0 ? -x : x) >>> 0;

export const MULTIPLY: readonly ThumbEntry[] = [
  entry('MUL T2', 0xfb00f000, 0xfff0f0f0, (cpu, op) => {
    cpu.r[rdOf(op)] = Math.imul(cpu.r[rnOf(op)]!, cpu.r[rmOf(op)]!) >>> 0;
    return T.mul;
  }),
  entry('MLA T1', 0xfb000000, 0xfff000f0, (cpu, op) => {
    cpu.r[rdOf(op)] = (Math.imul(cpu.r[rnOf(op)]!, cpu.r[rmOf(op)]!) + cpu.r[rtOf(op)]!) >>> 0;
    return V.mac;
  }),
  entry('MLS T1', 0xfb000010, 0xfff000f0, (cpu, op) => {
    cpu.r[rdOf(op)] = (cpu.r[rtOf(op)]! - Math.imul(cpu.r[rnOf(op)]!, cpu.r[rmOf(op)]!)) >>> 0;
    return V.mac;
  }),
  entry('SMULL T1', 0xfb800000, 0xfff000f0, (cpu, op) => {
    multiply64(cpu.r[rnOf(op)]!, cpu.r[rmOf(op)]!, true);
    cpu.r[rtOf(op)] = wide.lo;
    cpu.r[rdOf(op)] = wide.hi;
    return V.mulLong;
  }),
  entry('UMULL T1', 0xfba00000, 0xfff000f0, (cpu, op) => {
    multiply64(cpu.r[rnOf(op)]!, cpu.r[rmOf(op)]!, false);
    cpu.r[rtOf(op)] = wide.lo;
    cpu.r[rdOf(op)] = wide.hi;
    return V.mulLong;
  }),
  entry('SMLAL T1', 0xfbc00000, 0xfff000f0, (cpu, op) => accumulateLong(cpu.r, op, true)),
  entry('UMLAL T1', 0xfbe00000, 0xfff000f0, (cpu, op) => accumulateLong(cpu.r, op, false)),
  entry('UMAAL T1', 0xfbe00060, 0xfff000f0, (cpu, op) => {
    const r = cpu.r;
    multiply64(r[rnOf(op)]!, r[rmOf(op)]!, false);
    add64(wide.hi, wide.lo, 0, r[rtOf(op)]!);
    add64(wide.hi, wide.lo, 0, r[rdOf(op)]!);
    r[rtOf(op)] = wide.lo;
    r[rdOf(op)] = wide.hi;
    return V.mulLong;
  }),
  entry('SDIV T1', 0xfb9000f0, 0xfff000f0, (cpu, op) => {
    const n = cpu.r[rnOf(op)]! | 0;
    const m = cpu.r[rmOf(op)]! | 0;
    cpu.r[rdOf(op)] = m === 0 ? 0 : Math.trunc(n / m) >>> 0;
    return withCount(V.div, divideSteps(abs32(n), abs32(m)));
  }),
  entry('UDIV T1', 0xfbb000f0, 0xfff000f0, (cpu, op) => {
    const n = cpu.r[rnOf(op)]!;
    const m = cpu.r[rmOf(op)]!;
    cpu.r[rdOf(op)] = m === 0 ? 0 : Math.floor(n / m) >>> 0;
    return withCount(V.div, divideSteps(n, m));
  }),
];

/** SMLAL/UMLAL: RdHi:RdLo += Rn * Rm. */
function accumulateLong(r: Uint32Array, op: number, signed: boolean): number {
  multiply64(r[rnOf(op)]!, r[rmOf(op)]!, signed);
  add64(wide.hi, wide.lo, r[rdOf(op)]!, r[rtOf(op)]!);
  r[rtOf(op)] = wide.lo;
  r[rdOf(op)] = wide.hi;
  return V.mulLong;
}
