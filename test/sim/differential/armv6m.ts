/**
 * ARMv6-M blocks from the decode table (sim/isa/armv6m/table.ts), run on the Cortex-M0+ model and on
 * Unicorn's Cortex-M0. An entry is picked, its open bits filled at random, the constrained fields
 * patched, and the halfword must decode back to that entry.
 *
 * Data window (THUMB_DATA_BASE, 32 KiB): r7 is the base of every immediate/register-offset access,
 * r6 the index of the register-offset forms (a multiple of 4 below 4 KiB), SP the base of the
 * SP-relative forms and PUSH/POP. No generated instruction writes r6 or r7 other than LDM/STM
 * writeback (r7 grows by at most 32 bytes per instruction); SP moves only by ADD/SUB SP (at most 124
 * bytes, see below), PUSH and POP. All offsets are multiples of the access size: no access is
 * misaligned (v6-M faults on those) or leaves the window.
 */
import { Prng } from '../../../common/prng.js';
import { ThumbDecoder, type ThumbEntry } from '../../../sim/core/cortex-m/decode.js';
import { ARMV6M_TABLE } from '../../../sim/isa/armv6m/table.js';
import type { Generator, Instruction } from './harness.js';
import { randomBytes, randomValue } from './harness.js';
import { THUMB_DATA_BASE, THUMB_DATA_SIZE } from './thumb-target.js';

export const R7_OFFSET = 0x2000;
export const SP_OFFSET = 0x5000;
/** Registers a generated instruction never writes (data-window base and index). */
export const RESERVED = [6, 7];

/** Table entries left out of the generated blocks, and why. */
export const ARMV6M_EXCLUDED: Record<string, string> = {
  BX: 'leaves the block',
  'BLX (register)': 'leaves the block',
  'B<c> (cond 0-7)': 'leaves the block',
  'B<c> (cond 8-11)': 'leaves the block',
  'B<c> (cond 12-13)': 'leaves the block',
  'B (T2)': 'leaves the block',
  BL: 'leaves the block',
  UDF: 'faults',
  'UDF (T2)': 'faults',
  SVC: 'takes an exception',
  BKPT: 'debug event / semihosting',
  WFE: 'sleeps',
  WFI: 'sleeps',
  SEV: 'only sets the event register, which is not compared',
  YIELD: 'a hint that Unicorn (QEMU) turns into an exit from the emulation loop',
  CPS: 'changes PRIMASK (not compared; exception state is out of scope)',
  MSR: 'writes special registers (stack pointers, PRIMASK, CONTROL)',
  MRS: 'reads IPSR/MSP/PSP/CONTROL, whose values depend on how each simulator starts',
};

const set = (word: number, value: number, lo: number, width: number): number => {
  const mask = ((1 << width) - 1) << lo;
  return ((word & ~mask) | ((value << lo) & mask)) >>> 0;
};

/** A low register (r0-r5) the block may write. */
const lowWritable = (prng: Prng): number => prng.int(0, 5);
/** Any register the block may write: r0-r5, r8-r12, lr. */
const anyWritable = (prng: Prng): number => {
  const choices = [0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 14];
  return choices[prng.int(0, choices.length - 1)]!;
};
/** A non-empty register list over r0-r7 without r6 and r7. */
const lowList = (prng: Prng): number => prng.nextU32() & 0x3f || 1 << prng.int(0, 5);

type Constraint = (word: number, prng: Prng) => number;

const rdLow: Constraint = (w, p) => set(w, lowWritable(p), 0, 3);
const rdHigh: Constraint = (w, p) => set(w, lowWritable(p), 8, 3);
/** Immediate-offset access through r7: Rn = r7 (bits 5:3); a load's Rt avoids r6/r7. */
const viaR7: Constraint = (w, p) => set(rdLow(w, p), 7, 3, 3);
/** Register-offset access: Rn = r7, Rm = r6. */
const viaR7R6: Constraint = (w, p) => set(set(rdLow(w, p), 7, 3, 3), 6, 6, 3);
/** Hi-register forms: Rdn = DN:Rdn (bits 7, 2:0). */
const rdnHigh = (w: number, r: number): number => set(set(w, r >> 3, 7, 1), r & 7, 0, 3);

const barrier: Constraint = (w) => ((w & ~0x000f2f00) | 0x000f0f00) >>> 0;

const CONSTRAINTS: Record<string, Constraint> = {
  'ADD (register T2)': (w, p) => rdnHigh(w, anyWritable(p)),
  'MOV (register T1)': (w, p) => rdnHigh(w, anyWritable(p)),
  // UNPREDICTABLE when both registers are low or either is the PC (ARMv6-M ARM A6.7.18).
  'CMP (register T2)': (w, p) => {
    const hi = [8, 9, 10, 11, 12, 13, 14];
    const n = p.int(0, 1) ? hi[p.int(0, 6)]! : p.int(0, 7);
    const m = n < 8 ? hi[p.int(0, 6)]! : p.int(0, 14);
    return set(rdnHigh(w, n), m, 3, 4);
  },
  'LDR (literal)': rdHigh,
  'STR (register)': viaR7R6,
  'STRH (register)': viaR7R6,
  'STRB (register)': viaR7R6,
  'LDRSB (register)': viaR7R6,
  'LDR (register)': viaR7R6,
  'LDRH (register)': viaR7R6,
  'LDRB (register)': viaR7R6,
  'LDRSH (register)': viaR7R6,
  'STR (immediate T1)': viaR7,
  'LDR (immediate T1)': viaR7,
  'STRB (immediate)': viaR7,
  'LDRB (immediate)': viaR7,
  'STRH (immediate)': viaR7,
  'LDRH (immediate)': viaR7,
  'STR (immediate T2, SP)': rdHigh,
  'LDR (immediate T2, SP)': rdHigh,
  ADR: rdHigh,
  'ADD (SP plus immediate T1)': rdHigh,
  // Bounded SP moves keep SP-relative accesses in the window.
  'ADD (SP plus immediate T2)': (w, p) => set(w, p.int(0, 31), 0, 7),
  'SUB (SP minus immediate)': (w, p) => set(w, p.int(0, 31), 0, 7),
  PUSH: (w, p) => set(w, p.int(1, 0xff), 0, 8),
  POP: (w, p) => set(set(w, lowList(p), 0, 8), 0, 8, 1), // never the PC
  // Base r7, never in the list (STM: UNPREDICTABLE unless lowest; LDM: no writeback).
  STM: (w, p) => set(set(w, 7, 8, 3), lowList(p), 0, 8),
  LDM: (w, p) => set(set(w, 7, 8, 3), lowList(p), 0, 8),
  'MOVS (immediate)': rdHigh,
  'CMP (immediate)': (w) => w,
  'ADDS (immediate T2)': rdHigh,
  'SUBS (immediate T2)': rdHigh,
  'TST (register)': (w) => w,
  'CMP (register T1)': (w) => w,
  'CMN (register)': (w) => w,
  NOP: (w) => w,
  // The (1)/(0) should-be bits at their required values (hw1[3:0] = 1111, hw2[13] = 0,
  // hw2[11:8] = 1111); other values are UNPREDICTABLE and Unicorn rejects them.
  DSB: barrier,
  DMB: barrier,
  ISB: barrier,
};

/** Every other entry writes a low register in bits 2:0 (shifts, ALU, extends, REV, MULS). */
export function constrainArmv6m(e: ThumbEntry, word: number, prng: Prng): number {
  return (CONSTRAINTS[e.mnemonic] ?? rdLow)(word, prng);
}

/** Instructions from `entries`, checked against `decoder`. */
export function pickInstruction(
  entries: readonly ThumbEntry[],
  decoder: ThumbDecoder,
  constrainFn: (e: ThumbEntry, word: number, prng: Prng) => number,
  prng: Prng,
): Instruction {
  for (let attempt = 0; attempt < 100; attempt++) {
    const e = entries[prng.int(0, entries.length - 1)]!;
    const width = e.size === 2 ? 0xffff : 0xffffffff;
    const word =
      (constrainFn(e, (e.match | (prng.nextU32() & ~e.mask)) & width, prng) & width) >>> 0;
    const d = e.size === 2 ? decoder.decode16(word) : decoder.decode32(word);
    if (d === e) return { word, size: e.size, mnemonic: e.mnemonic };
  }
  throw new Error('thumb generator: no valid instruction in 100 draws');
}

/** Initial registers: random, with r6, r7 and SP set up for the data window. */
export function thumbInitialValues(prng: Prng, extra: number): number[] {
  const values = Array.from({ length: 15 + 4 + extra }, () => randomValue(prng));
  values[6] = prng.int(0, 0x3ff) * 4;
  values[7] = THUMB_DATA_BASE + R7_OFFSET;
  values[13] = THUMB_DATA_BASE + SP_OFFSET;
  for (let f = 15; f < 19; f++) values[f] = prng.int(0, 1);
  return values;
}

export function armv6mGenerator(): Generator {
  const decoder = new ThumbDecoder([ARMV6M_TABLE], ['armv6m']);
  const entries = ARMV6M_TABLE.filter((e) => ARMV6M_EXCLUDED[e.mnemonic] === undefined);
  return {
    block: (prng, length) =>
      Array.from({ length }, () => pickInstruction(entries, decoder, constrainArmv6m, prng)),
    initialState: (prng) => ({
      values: thumbInitialValues(prng, 0),
      data: randomBytes(prng, THUMB_DATA_SIZE),
    }),
  };
}
