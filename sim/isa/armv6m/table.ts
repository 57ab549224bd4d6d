/**
 * The ARMv6-M Thumb instruction set as a decode table (ARM DDI0419, ARMv6-M Architecture Reference
 * Manual, chapter A5 encodings and A6.7 instruction details). The decoder is derived from this list
 * (sim/core/cortex-m/decode.ts); test/sim/armv6m/table.test.ts fails on any overlap not listed in
 * OVERLAP_ALLOWED. 32-bit entries match on (hw1 << 16 | hw2).
 */
import type { ThumbEntry, ThumbExec } from '../../core/cortex-m/decode.js';
import * as dp from './data-processing.js';
import * as ls from './load-store.js';
import * as ctl from './control.js';

const EXT = 'armv6m';

function t16(mnemonic: string, match: number, mask: number, exec: ThumbExec): ThumbEntry {
  return { mnemonic, size: 2, match, mask, ext: EXT, exec };
}
/** Marks an entry that reads other cores' effects outside the bus (ThumbEntry.observesOthers). */
function observes(entry: ThumbEntry): ThumbEntry {
  return { ...entry, observesOthers: true };
}
function t32(mnemonic: string, match: number, mask: number, exec: ThumbExec): ThumbEntry {
  return { mnemonic, size: 4, match: match >>> 0, mask: mask >>> 0, ext: EXT, exec };
}

export const ARMV6M_TABLE: readonly ThumbEntry[] = [
  // Shift (immediate), add, subtract, move, and compare (A5.2.1). LSLS #0 is MOVS Rd, Rm (T2).
  t16('LSLS (immediate)', 0x0000, 0xf800, dp.lslImm),
  t16('LSRS (immediate)', 0x0800, 0xf800, dp.lsrImm),
  t16('ASRS (immediate)', 0x1000, 0xf800, dp.asrImm),
  t16('ADDS (register)', 0x1800, 0xfe00, dp.addsReg),
  t16('SUBS (register)', 0x1a00, 0xfe00, dp.subsReg),
  t16('ADDS (immediate T1)', 0x1c00, 0xfe00, dp.addsImm3),
  t16('SUBS (immediate T1)', 0x1e00, 0xfe00, dp.subsImm3),
  t16('MOVS (immediate)', 0x2000, 0xf800, dp.movsImm8),
  t16('CMP (immediate)', 0x2800, 0xf800, dp.cmpImm8),
  t16('ADDS (immediate T2)', 0x3000, 0xf800, dp.addsImm8),
  t16('SUBS (immediate T2)', 0x3800, 0xf800, dp.subsImm8),
  // Data processing (A5.2.2).
  t16('ANDS (register)', 0x4000, 0xffc0, dp.ands),
  t16('EORS (register)', 0x4040, 0xffc0, dp.eors),
  t16('LSLS (register)', 0x4080, 0xffc0, dp.lslReg),
  t16('LSRS (register)', 0x40c0, 0xffc0, dp.lsrReg),
  t16('ASRS (register)', 0x4100, 0xffc0, dp.asrReg),
  t16('ADCS (register)', 0x4140, 0xffc0, dp.adcs),
  t16('SBCS (register)', 0x4180, 0xffc0, dp.sbcs),
  t16('RORS (register)', 0x41c0, 0xffc0, dp.rorReg),
  t16('TST (register)', 0x4200, 0xffc0, dp.tst),
  t16('RSBS (immediate)', 0x4240, 0xffc0, dp.rsbs),
  t16('CMP (register T1)', 0x4280, 0xffc0, dp.cmpReg),
  t16('CMN (register)', 0x42c0, 0xffc0, dp.cmn),
  t16('ORRS (register)', 0x4300, 0xffc0, dp.orrs),
  t16('MULS', 0x4340, 0xffc0, dp.muls),
  t16('BICS (register)', 0x4380, 0xffc0, dp.bics),
  t16('MVNS (register)', 0x43c0, 0xffc0, dp.mvns),
  // Special data instructions and branch and exchange (A5.2.3).
  t16('ADD (register T2)', 0x4400, 0xff00, dp.addHigh),
  t16('CMP (register T2)', 0x4500, 0xff00, dp.cmpHigh),
  t16('MOV (register T1)', 0x4600, 0xff00, dp.movHigh),
  t16('BX', 0x4700, 0xff87, ctl.bx),
  t16('BLX (register)', 0x4780, 0xff87, ctl.blx),
  t16('LDR (literal)', 0x4800, 0xf800, ls.ldrLiteral),
  // Load/store single data item (A5.2.4).
  t16('STR (register)', 0x5000, 0xfe00, ls.strReg),
  t16('STRH (register)', 0x5200, 0xfe00, ls.strhReg),
  t16('STRB (register)', 0x5400, 0xfe00, ls.strbReg),
  t16('LDRSB (register)', 0x5600, 0xfe00, ls.ldrsbReg),
  t16('LDR (register)', 0x5800, 0xfe00, ls.ldrReg),
  t16('LDRH (register)', 0x5a00, 0xfe00, ls.ldrhReg),
  t16('LDRB (register)', 0x5c00, 0xfe00, ls.ldrbReg),
  t16('LDRSH (register)', 0x5e00, 0xfe00, ls.ldrshReg),
  t16('STR (immediate T1)', 0x6000, 0xf800, ls.strImm),
  t16('LDR (immediate T1)', 0x6800, 0xf800, ls.ldrImm),
  t16('STRB (immediate)', 0x7000, 0xf800, ls.strbImm),
  t16('LDRB (immediate)', 0x7800, 0xf800, ls.ldrbImm),
  t16('STRH (immediate)', 0x8000, 0xf800, ls.strhImm),
  t16('LDRH (immediate)', 0x8800, 0xf800, ls.ldrhImm),
  t16('STR (immediate T2, SP)', 0x9000, 0xf800, ls.strSp),
  t16('LDR (immediate T2, SP)', 0x9800, 0xf800, ls.ldrSp),
  t16('ADR', 0xa000, 0xf800, dp.adr),
  t16('ADD (SP plus immediate T1)', 0xa800, 0xf800, dp.addSpImm8),
  // Miscellaneous 16-bit instructions (A5.2.5).
  t16('ADD (SP plus immediate T2)', 0xb000, 0xff80, dp.addSpImm7),
  t16('SUB (SP minus immediate)', 0xb080, 0xff80, dp.subSpImm7),
  t16('SXTH', 0xb200, 0xffc0, dp.sxth),
  t16('SXTB', 0xb240, 0xffc0, dp.sxtb),
  t16('UXTH', 0xb280, 0xffc0, dp.uxth),
  t16('UXTB', 0xb2c0, 0xffc0, dp.uxtb),
  t16('PUSH', 0xb400, 0xfe00, ls.push),
  t16('CPS', 0xb662, 0xffef, ctl.cps),
  t16('REV', 0xba00, 0xffc0, dp.rev),
  t16('REV16', 0xba40, 0xffc0, dp.rev16),
  t16('REVSH', 0xbac0, 0xffc0, dp.revsh),
  t16('POP', 0xbc00, 0xfe00, ls.pop),
  observes(t16('BKPT', 0xbe00, 0xff00, ctl.bkpt)),
  // Hints (A5.2.5): other values of the hint space are reserved (NOP-compatible on v7-M, UNDEFINED here).
  t16('NOP', 0xbf00, 0xffff, ctl.nop),
  t16('YIELD', 0xbf10, 0xffff, ctl.nop),
  observes(t16('WFE', 0xbf20, 0xffff, ctl.wfe)),
  observes(t16('WFI', 0xbf30, 0xffff, ctl.wfi)),
  t16('SEV', 0xbf40, 0xffff, ctl.sev),
  // Load/store multiple (A5.2).
  t16('STM', 0xc000, 0xf800, ls.stm),
  t16('LDM', 0xc800, 0xf800, ls.ldm),
  // Conditional branch, UDF, SVC (A5.2.6). cond 0b1110 is UDF, 0b1111 is SVC: split so no overlap.
  t16('B<c> (cond 0-7)', 0xd000, 0xf800, ctl.bCond),
  t16('B<c> (cond 8-11)', 0xd800, 0xfc00, ctl.bCond),
  t16('B<c> (cond 12-13)', 0xdc00, 0xfe00, ctl.bCond),
  t16('UDF', 0xde00, 0xff00, ctl.udf),
  t16('SVC', 0xdf00, 0xff00, ctl.svc),
  t16('B (T2)', 0xe000, 0xf800, ctl.b),
  // 32-bit instructions (A5.3): branch and miscellaneous control.
  t32('BL', 0xf000d000, 0xf800d000, ctl.bl),
  t32('MSR', 0xf3808000, 0xffe0d000, ctl.msr),
  t32('MRS', 0xf3e08000, 0xffe0d000, ctl.mrs),
  t32('DSB', 0xf3b08040, 0xfff0d0f0, ctl.barrier),
  t32('DMB', 0xf3b08050, 0xfff0d0f0, ctl.barrier),
  t32('ISB', 0xf3b08060, 0xfff0d0f0, ctl.isb),
  t32('UDF (T2)', 0xf7f0a000, 0xfff0f000, ctl.udf),
];

/**
 * Pairs of mnemonics whose encodings may overlap, the more specific mask winning. Empty for ARMv6-M:
 * the encodings above are disjoint.
 */
export const OVERLAP_ALLOWED: readonly (readonly [string, string])[] = [];
