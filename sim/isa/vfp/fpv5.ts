/**
 * FPv5-SP additions (Cortex-M7, Cortex-M33; ARM DDI0403E A7.7 / ARMv8-M ARM): VMAXNM/VMINNM,
 * VRINTA/N/P/M, VCVTA/N/P/M (to S32/U32 with a directed rounding), VSEL<cc>.
 */
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { conditionPassed } from '../armv7m/flags.js';
import { v7 } from '../armv7m/state.js';
import { V } from '../armv7m/timing.js';
import { conversionInvalid, RMODE, roundIntegral, toFixed32 } from './float.js';
import { FPSCR_IOC, sdOf, smOf, snOf, vfpEntry } from './fields.js';

/** The RM field (bits 17:16) of VRINT/VCVT: A (ties away), N (ties even), P (+inf), M (-inf). */
const DIRECTED = ['away', RMODE.nearest, RMODE.plusInfinity, RMODE.minusInfinity] as const;

/** IEEE 754-2008 maxNum/minNum: a quiet NaN operand loses to a number. */
function maxMinNum(min: boolean): ThumbEntry['exec'] {
  return (cpu, word) => {
    const s = v7(cpu).fpu.s;
    const n = s[snOf(word)]!;
    const m = s[smOf(word)]!;
    let r: number;
    if (Number.isNaN(n)) r = m;
    else if (Number.isNaN(m)) r = n;
    else if (n === 0 && m === 0) r = min ? (Object.is(n, -0) ? n : m) : Object.is(n, -0) ? m : n;
    else r = min ? Math.min(n, m) : Math.max(n, m);
    s[sdOf(word)] = r;
    return V.fpu;
  };
}

const roundDirected: ThumbEntry['exec'] = (cpu, word) => {
  const s = v7(cpu).fpu.s;
  s[sdOf(word)] = roundIntegral(s[smOf(word)]!, DIRECTED[(word >>> 16) & 3]!);
  return V.fpu;
};

const convertDirected: ThumbEntry['exec'] = (cpu, word) => {
  const fpu = v7(cpu).fpu;
  fpu.bits[sdOf(word)] = toFixed32(
    fpu.s[smOf(word)]!,
    (word & 0x80) !== 0,
    DIRECTED[(word >>> 16) & 3]!,
  );
  if (conversionInvalid) fpu.fpscr |= FPSCR_IOC;
  return V.fpu;
};

/** VSEL: cc (bits 21:20) is EQ, VS, GE, GT on the APSR flags. */
const SELECT_CONDITIONS = [0b0000, 0b0110, 0b1010, 0b1100];
const select: ThumbEntry['exec'] = (cpu, word) => {
  const s = v7(cpu).fpu.s;
  const pass = conditionPassed(cpu, SELECT_CONDITIONS[(word >>> 20) & 3]!);
  s[sdOf(word)] = pass ? s[snOf(word)]! : s[smOf(word)]!;
  return V.fpu;
};

export const VFP_V5: readonly ThumbEntry[] = [
  vfpEntry('VMAXNM T1', 0xfe800a00, 0xffb00f50, 'fpv5sp', maxMinNum(false)),
  vfpEntry('VMINNM T1', 0xfe800a40, 0xffb00f50, 'fpv5sp', maxMinNum(true)),
  vfpEntry('VRINT{A,N,P,M} T1', 0xfeb80a40, 0xffbc0fd0, 'fpv5sp', roundDirected),
  vfpEntry('VCVT{A,N,P,M} T1', 0xfebc0a40, 0xffbc0f50, 'fpv5sp', convertDirected),
  vfpEntry('VSEL T1', 0xfe000a00, 0xff800f50, 'fpv5sp', select),
];
