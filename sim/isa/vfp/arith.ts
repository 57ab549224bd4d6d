/**
 * VFP data processing, single precision (ARM DDI0403E A6.4, table A6-2): VMLA VMLS VNMLA VNMLS VMUL
 * VNMUL VADD VSUB VDIV VFMA VFMS VFNMA VFNMS, and the "other" group: VMOV (immediate, register),
 * VABS VNEG VSQRT, VCMP/VCMPE (register, zero), VCVT between F32 and S32/U32, VRINTZ/R/X (FPv5).
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { v7 } from '../armv7m/state.js';
import { V } from '../armv7m/timing.js';
import {
  conversionInvalid,
  expandImmediate,
  fusedMultiplyAdd,
  roundIntegral,
  toFixed32,
} from './float.js';
import { FPSCR_DZC, FPSCR_IOC, rmodeOf, sdOf, smOf, snOf, vfpEntry } from './fields.js';

type Binary = (d: number, n: number, m: number) => number;

/** opc1 (bits 23, 21:20) and op (bit 6) of the three-operand instructions. */
const THREE_OPERAND: readonly [string, number, number, Binary, 'fpu' | 'fpuMac' | 'fpuDiv'][] = [
  ['VMLA', 0b000, 0, (d, n, m) => Math.fround(d + Math.fround(n * m)), 'fpuMac'],
  ['VMLS', 0b000, 1, (d, n, m) => Math.fround(d - Math.fround(n * m)), 'fpuMac'],
  ['VNMLS', 0b001, 0, (d, n, m) => Math.fround(-d + Math.fround(n * m)), 'fpuMac'],
  ['VNMLA', 0b001, 1, (d, n, m) => Math.fround(-d - Math.fround(n * m)), 'fpuMac'],
  ['VMUL', 0b010, 0, (_d, n, m) => Math.fround(n * m), 'fpu'],
  ['VNMUL', 0b010, 1, (_d, n, m) => -Math.fround(n * m), 'fpu'],
  ['VADD', 0b011, 0, (_d, n, m) => Math.fround(n + m), 'fpu'],
  ['VSUB', 0b011, 1, (_d, n, m) => Math.fround(n - m), 'fpu'],
  ['VDIV', 0b100, 0, (_d, n, m) => Math.fround(n / m), 'fpuDiv'],
  ['VFNMS', 0b101, 0, (d, n, m) => fusedMultiplyAdd(n, m, -d), 'fpuMac'],
  ['VFNMA', 0b101, 1, (d, n, m) => fusedMultiplyAdd(-n, m, -d), 'fpuMac'],
  ['VFMA', 0b110, 0, (d, n, m) => fusedMultiplyAdd(n, m, d), 'fpuMac'],
  ['VFMS', 0b110, 1, (d, n, m) => fusedMultiplyAdd(-n, m, d), 'fpuMac'],
];

/** Bits 23 and 21:20 of the word from a 3-bit opc1. */
const opc1Bits = (opc1: number) => (((opc1 >>> 2) & 1) << 23) | ((opc1 & 3) << 20);

const threeOperand: ThumbEntry[] = THREE_OPERAND.map(([name, opc1, op, f, timing]) =>
  vfpEntry(
    `${name} T1`,
    0xee000a00 | opc1Bits(opc1) | (op << 6),
    0xffb00f50,
    'fpv4sp',
    (cpu, word) => {
      const s = v7(cpu).fpu.s;
      const m = s[smOf(word)]!;
      if (name === 'VDIV' && m === 0 && Number.isFinite(s[snOf(word)]!) && s[snOf(word)] !== 0) {
        v7(cpu).fpu.fpscr |= FPSCR_DZC;
      }
      s[sdOf(word)] = f(s[sdOf(word)]!, s[snOf(word)]!, m);
      return V[timing];
    },
  ),
);

/** The "other" group: opc1 = 1011, selected by opc2 (bits 19:16) and opc3 bit 6/7. */
const OTHER = 0xeeb00a40;
const OTHER_MASK = 0xffbf0fd0; // opc2 and bit 7 fixed
const other = (opc2: number, bit7: number) => OTHER | (opc2 << 16) | (bit7 << 7);

type Unary = (cpu: CortexM, m: number) => number;

function unary(
  name: string,
  match: number,
  ext: 'fpv4sp' | 'fpv5sp',
  f: Unary,
  timing: number,
): ThumbEntry {
  return vfpEntry(name, match, OTHER_MASK, ext, (cpu, word) => {
    const s = v7(cpu).fpu.s;
    s[sdOf(word)] = f(cpu, s[smOf(word)]!);
    return timing;
  });
}

/** VCMP/VCMPE (A7.7.223): FPSCR.NZCV = 0110 equal, 1000 less, 0010 greater, 0011 unordered. */
function compare(withZero: boolean): ThumbEntry['exec'] {
  return (cpu, word) => {
    const fpu = v7(cpu).fpu;
    const a = fpu.s[sdOf(word)]!;
    const b = withZero ? 0 : fpu.s[smOf(word)]!;
    let nzcv: number;
    if (Number.isNaN(a) || Number.isNaN(b)) {
      nzcv = 0b0011;
      if ((word & 0x80) !== 0) fpu.fpscr |= FPSCR_IOC; // VCMPE: any NaN is invalid
    } else nzcv = a === b ? 0b0110 : a < b ? 0b1000 : 0b0010;
    fpu.fpscr = ((fpu.fpscr & 0x0fffffff) | (nzcv << 28)) >>> 0;
    return V.fpu;
  };
}

/** VCVT F32 -> S32/U32 (A7.7.225): bit 7 set rounds toward zero, clear uses FPSCR.RMode (VCVTR). */
function toInteger(signed: boolean): ThumbEntry['exec'] {
  return (cpu, word) => {
    const fpu = v7(cpu).fpu;
    const mode = (word & 0x80) !== 0 ? 3 : rmodeOf(fpu.fpscr);
    fpu.bits[sdOf(word)] = toFixed32(fpu.s[smOf(word)]!, signed, mode);
    if (conversionInvalid) fpu.fpscr |= FPSCR_IOC;
    return V.fpu;
  };
}

/** VCVT S32/U32 -> F32: bit 7 says signed; rounding is to nearest (Math.fround of an exact int). */
const fromInteger: ThumbEntry['exec'] = (cpu, word) => {
  const fpu = v7(cpu).fpu;
  const bits = fpu.bits[smOf(word)]!;
  fpu.s[sdOf(word)] = (word & 0x80) !== 0 ? bits | 0 : bits;
  return V.fpu;
};

const otherGroup: ThumbEntry[] = [
  vfpEntry('VMOV (immediate) T1', 0xeeb00a00, 0xffb00ff0, 'fpv4sp', (cpu, word) => {
    v7(cpu).fpu.bits[sdOf(word)] = expandImmediate(((word >>> 12) & 0xf0) | (word & 0xf));
    return V.fpu;
  }),
  unary('VMOV (register) T1', other(0b0000, 0), 'fpv4sp', (_cpu, m) => m, V.fpu),
  unary('VABS T1', other(0b0000, 1), 'fpv4sp', (_cpu, m) => Math.abs(m), V.fpu),
  unary('VNEG T1', other(0b0001, 0), 'fpv4sp', (_cpu, m) => -m, V.fpu),
  unary('VSQRT T1', other(0b0001, 1), 'fpv4sp', (_cpu, m) => Math.fround(Math.sqrt(m)), V.fpuDiv),
  vfpEntry('VCMP{E} T1', other(0b0100, 0), 0xffbf0f50, 'fpv4sp', compare(false)),
  vfpEntry('VCMP{E} T2 (zero)', other(0b0101, 0), 0xffbf0f50, 'fpv4sp', compare(true)),
  vfpEntry(
    'VCVT (to integer) T1, unsigned',
    other(0b1100, 0),
    0xffbf0f50,
    'fpv4sp',
    toInteger(false),
  ),
  vfpEntry('VCVT (to integer) T1, signed', other(0b1101, 0), 0xffbf0f50, 'fpv4sp', toInteger(true)),
  vfpEntry('VCVT (from integer) T1', other(0b1000, 0), 0xffbf0f50, 'fpv4sp', fromInteger),
  unary(
    'VRINTR T1',
    other(0b0110, 0),
    'fpv5sp',
    (cpu, m) => Math.fround(roundIntegral(m, rmodeOf(v7(cpu).fpu.fpscr))),
    V.fpu,
  ),
  unary('VRINTZ T1', other(0b0110, 1), 'fpv5sp', (_cpu, m) => Math.fround(Math.trunc(m)), V.fpu),
  unary(
    'VRINTX T1',
    other(0b0111, 0),
    'fpv5sp',
    (cpu, m) => Math.fround(roundIntegral(m, rmodeOf(v7(cpu).fpu.fpscr))),
    V.fpu,
  ),
];

export const VFP_ARITHMETIC: readonly ThumbEntry[] = [...threeOperand, ...otherGroup];
