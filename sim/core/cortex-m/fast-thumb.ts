/**
 * Fast ids of the hottest ARMv6-M instructions (STYLE.md point 2: a speed trick wrapped around the
 * semantics from outside). The run loop (inner-loop.ts) runs an instruction whose decoded exec
 * function has a fast id inline, in one switch, instead of calling `entry.exec`; the inline case
 * is the body of that exec function (data-processing.ts, load-store.ts, control.ts), with the same
 * flag helpers. test/sim/armv6m/fast-thumb.test.ts runs every fast case against its exec function.
 * Entries wrapped by the ARMv7-M sequencing have other exec functions and so no fast id.
 */
import type { ThumbExec } from './decode.js';
import * as dp from '../../isa/armv6m/data-processing.js';
import * as ls from '../../isa/armv6m/load-store.js';
import * as ctl from '../../isa/armv6m/control.js';

/** Fast ids; 0 and 1 are the code cache's NOT_DECODED and GENERIC. */
export const F = {
  MOVS_IMM8: 2,
  CMP_IMM8: 3,
  ADDS_IMM8: 4,
  SUBS_IMM8: 5,
  ADDS_REG: 6,
  SUBS_REG: 7,
  ADDS_IMM3: 8,
  SUBS_IMM3: 9,
  LSLS_IMM: 10,
  LSRS_IMM: 11,
  ANDS: 12,
  ORRS: 13,
  EORS: 14,
  TST: 15,
  CMP_REG: 16,
  MULS: 17,
  MOV_HIGH: 18,
  ADD_HIGH: 19,
  LDR_IMM: 20,
  STR_IMM: 21,
  LDRB_IMM: 22,
  STRB_IMM: 23,
  LDR_REG: 24,
  LDRSB_REG: 25,
  LDRB_REG: 26,
  LDR_SP: 27,
  STR_SP: 28,
  LDR_LITERAL: 29,
  B_COND: 30,
  B: 31,
  UXTB: 32,
} as const;

/** The exec function each fast id stands for. */
export const FAST_EXECS: readonly (readonly [number, ThumbExec])[] = [
  [F.MOVS_IMM8, dp.movsImm8],
  [F.CMP_IMM8, dp.cmpImm8],
  [F.ADDS_IMM8, dp.addsImm8],
  [F.SUBS_IMM8, dp.subsImm8],
  [F.ADDS_REG, dp.addsReg],
  [F.SUBS_REG, dp.subsReg],
  [F.ADDS_IMM3, dp.addsImm3],
  [F.SUBS_IMM3, dp.subsImm3],
  [F.LSLS_IMM, dp.lslImm],
  [F.LSRS_IMM, dp.lsrImm],
  [F.ANDS, dp.ands],
  [F.ORRS, dp.orrs],
  [F.EORS, dp.eors],
  [F.TST, dp.tst],
  [F.CMP_REG, dp.cmpReg],
  [F.MULS, dp.muls],
  [F.MOV_HIGH, dp.movHigh],
  [F.ADD_HIGH, dp.addHigh],
  [F.LDR_IMM, ls.ldrImm],
  [F.STR_IMM, ls.strImm],
  [F.LDRB_IMM, ls.ldrbImm],
  [F.STRB_IMM, ls.strbImm],
  [F.LDR_REG, ls.ldrReg],
  [F.LDRSB_REG, ls.ldrsbReg],
  [F.LDRB_REG, ls.ldrbReg],
  [F.LDR_SP, ls.ldrSp],
  [F.STR_SP, ls.strSp],
  [F.LDR_LITERAL, ls.ldrLiteral],
  [F.B_COND, ctl.bCond],
  [F.B, ctl.b],
  [F.UXTB, dp.uxtb],
];

const byExec = new Map<ThumbExec, number>(FAST_EXECS.map(([id, exec]) => [exec, id]));

/** The fast id of an exec function, or undefined when the run loop must call it. */
export function fastIdOf(exec: ThumbExec): number | undefined {
  return byExec.get(exec);
}
