/**
 * ARMv7E-M (Thumb-2 + DSP) blocks from the v7-M decode table (sim/isa/armv7m/table.ts) plus the
 * 16-bit ARMv6-M encodings, run on the Cortex-M4 model (built the way test/sim/armv7m/harness.ts
 * builds it) and on Unicorn's Cortex-M4.
 *
 * Register fields follow the Thumb-2 layout (Rn 19:16, Rt/Ra/RdLo 15:12, Rd/RdHi/Rt2 11:8, Rm 3:0).
 * Read registers avoid SP and PC (UNPREDICTABLE as operands of most Thumb-2 encodings, ARM DDI0403E
 * A5.1.2), written registers also avoid the data-window base r7 and index r6 (see armv6m.ts). Loads
 * and stores go through r7 (or PC for the literal forms, within the mapped code region); writeback
 * moves r7 by multiples of 4 so the strict-alignment forms (LDRD/STRD, LDM/STM, exclusives) stay
 * aligned. Other single loads/stores may be unaligned: v7-M allows it with CCR.UNALIGN_TRP = 0.
 */
import { Prng } from '../../../common/prng.js';
import { ThumbDecoder, type ThumbEntry } from '../../../sim/core/cortex-m/decode.js';
import { ARMV6M_TABLE } from '../../../sim/isa/armv6m/table.js';
import { ARMV7M_TABLE, armv7mTables } from '../../../sim/isa/armv7m/table.js';
import type { Generator } from './harness.js';
import { randomBytes } from './harness.js';
import { ARMV6M_EXCLUDED, constrainArmv6m, pickInstruction, thumbInitialValues } from './armv6m.js';
import { THUMB_DATA_SIZE } from './thumb-target.js';

/** v7-M entries left out of the generated blocks, and why (16-bit ones: ARMV6M_EXCLUDED). */
export const ARMV7EM_EXCLUDED: Record<string, string> = {
  'CBZ T1': 'leaves the block',
  'CBNZ T1': 'leaves the block',
  'B T3 (EQ-VC)': 'leaves the block',
  'B T3 (HI-LT)': 'leaves the block',
  'B T3 (GT, LE)': 'leaves the block',
  'B T4': 'leaves the block',
  'TBB T1': 'leaves the block',
  'TBH T1': 'leaves the block',
  'IT T1 (4 instructions)': 'not generated yet: IT blocks need conditional-body generation',
  'IT T1 (3 instructions)': 'not generated yet: IT blocks need conditional-body generation',
  'IT T1 (2 instructions)': 'not generated yet: IT blocks need conditional-body generation',
  'IT T1 (1 instruction)': 'not generated yet: IT blocks need conditional-body generation',
  'CPS T1 (FAULTMASK)': 'changes FAULTMASK (exception state is not compared)',
  'hint T1 (NOP.W, YIELD.W, DBG, unallocated)': 'YIELD/DBG/unallocated hints: see YIELD',
  'WFE.W T2': 'sleeps',
  'WFI.W T2': 'sleeps',
  'SEV.W T2': 'only sets the event register',
  // Byte/halfword exclusives: a STREX whose size differs from the preceding LDREX is UNPREDICTABLE
  // (ARM DDI0403E A3.4.5); Unicorn fails it, arielsim lets it succeed. Word exclusives stay in.
  'LDREXB T1': 'mixing exclusive sizes is UNPREDICTABLE',
  'LDREXH T1': 'mixing exclusive sizes is UNPREDICTABLE',
  'STREXB T1': 'mixing exclusive sizes is UNPREDICTABLE',
  'STREXH T1': 'mixing exclusive sizes is UNPREDICTABLE',
  'MRS BASEPRI': 'exception-priority state is not compared',
  'MSR BASEPRI': 'exception-priority state is not compared',
  'MRS BASEPRI_MAX': 'exception-priority state is not compared',
  'MSR BASEPRI_MAX': 'exception-priority state is not compared',
  'MRS FAULTMASK': 'exception-priority state is not compared',
  'MSR FAULTMASK': 'exception-priority state is not compared',
};

const set = (word: number, value: number, lo: number, width: number): number => {
  const mask = width === 32 ? -1 : ((1 << width) - 1) << lo;
  return ((word & ~mask) | ((value << lo) & mask)) >>> 0;
};
const field = (word: number, lo: number, width: number): number =>
  (word >>> lo) & ((1 << width) - 1);

const READABLE = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14];
const WRITABLE = [0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 14];
const pick = (prng: Prng, from: readonly number[]): number => from[prng.int(0, from.length - 1)]!;
/** Two different writable registers (RdLo != RdHi, Rt != Rt2). */
function twoWritable(prng: Prng): [number, number] {
  const a = pick(prng, WRITABLE);
  for (;;) {
    const b = pick(prng, WRITABLE);
    if (b !== a) return [a, b];
  }
}

/** True when the entry leaves a whole 4-bit field at `lo` open. */
const open = (e: ThumbEntry, lo: number): boolean => field(e.mask, lo, 4) === 0;

const LONG_MULTIPLY = /^(SMULL|UMULL|SMLAL|UMLAL|UMAAL|SMLAL<x><y>|SMLALD|SMLSLD) T1$/;
const SINGLE = /^(LDR|STR)(B|H|SB|SH)? \((immediate, imm12|immediate, imm8|register|literal)\)$/;
/** P U W values of the imm8 forms: offset (P=1, W=0, not the unprivileged 110), pre- and post-index. */
const PUW = [0b100, 0b111, 0b101, 0b001, 0b011];

function singleLoadStore(e: ThumbEntry, w: number, prng: Prng, m: RegExpMatchArray): number {
  const load = m[1] === 'LDR';
  w = set(w, load ? pick(prng, WRITABLE) : pick(prng, READABLE), 12, 4);
  const form = m[3]!;
  if (form === 'literal') return w; // PC ± 4095 lies in the mapped code region
  w = set(w, 7, 16, 4);
  if (form === 'register') return set(set(w, 6, 0, 4), prng.int(0, 1), 4, 2);
  if (form === 'immediate, imm12') return w;
  const puw = pick(prng, PUW);
  w = set(w, puw, 8, 3);
  return (puw & 1) === 1 ? set(w, prng.int(0, 63) * 4, 0, 8) : w;
}

function multipleLoadStore(e: ThumbEntry, w: number, prng: Prng): number {
  const load = e.mnemonic.startsWith('LDM');
  // At least two registers, never r7 (the base, written back), SP or PC; loads also skip r6.
  const pool = load ? WRITABLE : READABLE.filter((r) => r !== 7);
  let list = 0;
  while (list === 0 || (list & (list - 1)) === 0) list |= 1 << pick(prng, pool);
  for (const r of pool) if (prng.int(0, 3) === 0) list |= 1 << r;
  return set(set(w, 7, 16, 4), list, 0, 16);
}

/**
 * (1)/(0) should-be bits the table leaves open, set to their required values ([mask, value] on the
 * 32-bit word): other values are UNPREDICTABLE and Unicorn (QEMU's decoder) rejects or reinterprets
 * them (ARM DDI0403E encodings).
 */
const SHOULD_BE: Record<string, readonly [number, number]> = {
  'LDREX T1': [0x00000f00, 0x00000f00],
  'SSAT16 T1': [0x04000030, 0],
  'USAT16 T1': [0x04000030, 0],
  'SSAT T1': [0x04000020, 0],
  'USAT T1': [0x04000020, 0],
  'SBFX T1': [0x04000020, 0],
  'UBFX T1': [0x04000020, 0],
  'BFI T1': [0x04000020, 0],
  'BFC T1': [0x04000020, 0],
  'SDIV T1': [0x0000f000, 0x0000f000],
  'UDIV T1': [0x0000f000, 0x0000f000],
};

function constrainArmv7em(e: ThumbEntry, w: number, prng: Prng): number {
  const [mask, value] = SHOULD_BE[e.mnemonic] ?? [0, 0];
  return ((constrainFields(e, w, prng) & ~mask) | value) >>> 0;
}

function constrainFields(e: ThumbEntry, w: number, prng: Prng): number {
  if (e.size === 2 || e.ext === 'armv6m') return constrainArmv6m(e, w, prng);
  const name = e.mnemonic;
  const single = name.match(SINGLE);
  if (single) return singleLoadStore(e, w, prng, single);
  if (/^(LDM|STM)/.test(name)) return multipleLoadStore(e, w, prng);
  if (/^(LDRD|STRD)/.test(name)) {
    const [t, t2] = name.startsWith('LDRD')
      ? twoWritable(prng)
      : [pick(prng, READABLE), pick(prng, READABLE)];
    // Offsets up to 124 keep writeback drift small; P = 0 (post-index) needs W = 1.
    w = set(set(set(w, 7, 16, 4), t, 12, 4), t2, 8, 4);
    w = set(w, prng.int(0, 31), 0, 8);
    return field(w, 24, 1) === 0 ? set(w, 1, 21, 1) : w;
  }
  if (/^(LDREX|STREX)/.test(name)) {
    // The status register Rd differs from Rt and the base (UNPREDICTABLE otherwise).
    const [t, d] = twoWritable(prng);
    w = set(set(w, 7, 16, 4), t, 12, 4);
    if (name === 'STREX T1') return set(set(w, d, 8, 4), prng.int(0, 63), 0, 8);
    if (name === 'LDREX T1') return set(w, prng.int(0, 63), 0, 8);
    return name.startsWith('STREX') ? set(w, d, 0, 4) : w;
  }
  if (LONG_MULTIPLY.test(name)) {
    const [lo, hi] = twoWritable(prng);
    w = set(set(w, lo, 12, 4), hi, 8, 4);
    return set(set(w, pick(prng, READABLE), 16, 4), pick(prng, READABLE), 0, 4);
  }
  if (name === 'MSR APSR') return set(set(w, pick(prng, READABLE), 16, 4), prng.int(1, 3), 10, 2);
  if (name === 'MRS APSR') return set(w, pick(prng, WRITABLE), 8, 4);
  // Generic register fields.
  if (open(e, 16)) w = set(w, pick(prng, READABLE), 16, 4);
  if (open(e, 12)) w = set(w, pick(prng, READABLE), 12, 4);
  if (open(e, 8)) w = set(w, pick(prng, WRITABLE), 8, 4);
  if (open(e, 0)) w = set(w, pick(prng, READABLE), 0, 4);
  // REV, REV16, RBIT, REVSH, CLZ name Rm twice; both copies must agree.
  if (/^(REV|REV16|RBIT|REVSH|CLZ) T/.test(name)) w = set(w, field(w, 0, 4), 16, 4);
  const lsb = (field(w, 12, 3) << 2) | field(w, 6, 2);
  if (/^(BFI|BFC) T1$/.test(name)) w = set(w, prng.int(lsb, 31), 0, 5); // msb >= lsb
  if (/^(SBFX|UBFX) T1$/.test(name)) w = set(w, prng.int(0, 31 - lsb), 0, 5); // lsb + width <= 32
  return w;
}

export function armv7emGenerator(): Generator {
  const [v7table, v6table] = armv7mTables([ARMV7M_TABLE, ARMV6M_TABLE]) as [
    ThumbEntry[],
    ThumbEntry[],
  ];
  const decoder = new ThumbDecoder([v7table, v6table], ['armv6m', 'armv7m', 'dsp']);
  const entries = [
    ...v7table.filter((e) => ARMV7EM_EXCLUDED[e.mnemonic] === undefined),
    ...v6table.filter((e) => ARMV6M_EXCLUDED[e.mnemonic] === undefined),
  ];
  return {
    block: (prng, length) =>
      Array.from({ length }, () => pickInstruction(entries, decoder, constrainArmv7em, prng)),
    initialState: (prng) => {
      const values = thumbInitialValues(prng, 2);
      values[19] = prng.int(0, 1); // Q
      values[20] = prng.int(0, 15); // GE
      return { values, data: randomBytes(prng, THUMB_DATA_SIZE) };
    },
  };
}
