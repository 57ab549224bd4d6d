/**
 * The ARMv7-M / ARMv7E-M / ARMv8-M Mainline decode table: every 32-bit Thumb-2 encoding arielsim
 * implements plus the 16-bit encodings ARMv6-M lacks (CBZ/CBNZ, IT, CPS with F). Extensions:
 * 'armv7m' (the integer base, also ARMv8-M Mainline's), 'dsp' (ARMv7E-M DSP), 'v8m' (what ARMv8-M
 * Mainline adds: load-acquire/store-release, acquire-release.ts), and the FPU tables in
 * sim/isa/vfp ('fpv4sp', 'fpv5sp'). A core enables ['armv6m', 'armv7m', ...]: the ARMv6-M table
 * supplies the shared 16-bit encodings, BL, MRS/MSR, the barriers.
 *
 * The decoder tries the more specific entry first; OVERLAP_ALLOWED lists every pair that shares
 * encodings on purpose (test/sim/armv7m/table.test.ts fails on any other overlap).
 */
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { ACQUIRE_RELEASE } from './acquire-release.js';
import { CONTROL } from './control.js';
import { DATA_PROCESSING_MODIFIED } from './dp-modified.js';
import { DATA_PROCESSING_PLAIN } from './dp-plain.js';
import { DATA_PROCESSING_REGISTER } from './dp-register.js';
import { DSP_MULTIPLY } from './dsp-mul.js';
import { LOAD_STORE_MULTIPLE } from './load-store-multiple.js';
import { LOAD_STORE_SINGLE } from './load-store.js';
import { MULTIPLY } from './mul.js';
import { PARALLEL } from './parallel.js';
import { sequenced } from './sequencing.js';

export const ARMV7M_TABLE: readonly ThumbEntry[] = [
  ...CONTROL,
  ...DATA_PROCESSING_MODIFIED,
  ...DATA_PROCESSING_PLAIN,
  ...DATA_PROCESSING_REGISTER,
  ...PARALLEL,
  ...MULTIPLY,
  ...DSP_MULTIPLY,
  ...LOAD_STORE_SINGLE,
  ...LOAD_STORE_MULTIPLE,
  ...ACQUIRE_RELEASE,
];

const flagOnlyForms = ['TST', 'TEQ', 'CMN', 'CMP', 'MOV', 'MVN'];
const flagOnlyBase: Record<string, string> = {
  TST: 'AND',
  TEQ: 'EOR',
  CMN: 'ADD',
  CMP: 'SUB',
  MOV: 'ORR',
  MVN: 'ORN',
};
const loads = ['LDRB', 'LDRH', 'LDR', 'LDRSB', 'LDRSH'];

/** Pairs [special case, general case] that overlap on purpose; the special case has more fixed bits. */
export const OVERLAP_ALLOWED: readonly (readonly [string, string])[] = [
  // Rd = 1111 with S = 1 is the flag-only form; Rn = 1111 is MOV/MVN (A5.3.1, A5.3.11).
  ...['(immediate)', '(register)'].flatMap((form) =>
    flagOnlyForms.map((m) => [`${m} ${form}`, `${flagOnlyBase[m]} ${form}`] as const),
  ),
  // Rn = 1111 is the PC-relative form (A5.3.7-A5.3.9). The register form has more fixed bits
  // than the literal form and wins; its exec hands Rn = 1111 to the literal address (load-store.ts).
  ...loads.flatMap((m) =>
    ['(immediate, imm12)', '(immediate, imm8)'].map(
      (form) => [`${m} (literal)`, `${m} ${form}`] as const,
    ),
  ),
  ...loads.map((m) => [`${m} (register)`, `${m} (literal)`] as const),
  ['ADR T3', 'ADDW (immediate) T4'],
  ['ADR T2', 'SUBW (immediate) T4'],
  ['SSAT16 T1', 'SSAT T1'],
  ['USAT16 T1', 'USAT T1'],
  ['BFC T1', 'BFI T1'],
  // Ra = 1111 is the non-accumulating multiply (A5.3.16).
  ['MUL T2', 'MLA T1'],
  ['SMUL<x><y> T1', 'SMLA<x><y> T1'],
  ['SMUAD T1', 'SMLAD T1'],
  ['SMUSD T1', 'SMLSD T1'],
  ['SMULW<y> T1', 'SMLAW<y> T1'],
  ['SMMUL T1', 'SMMLA T1'],
  ['USAD8 T1', 'USADA8 T1'],
  // Rn = 1111 is the non-accumulating extend (A5.3.12).
  ...['SXTH T2', 'UXTH T2', 'SXTB16 T1', 'UXTB16 T1', 'SXTB T2', 'UXTB T2'].map(
    (m, i) => [m, ['SXTAH', 'UXTAH', 'SXTAB16', 'UXTAB16', 'SXTAB', 'UXTAB'][i] + ' T1'] as const,
  ),
  // The specific hints inside the hint space (A5.3.4).
  ...['WFE.W T2', 'WFI.W T2', 'SEV.W T2'].map(
    (m) => [m, 'hint T1 (NOP.W, YIELD.W, DBG, unallocated)'] as const,
  ),
];

/**
 * The tables a v7-M core decodes with: every entry of `tables` (the ARMv6-M table and these) wrapped
 * in the ARMv7-M instruction sequencing (IT blocks, load pipelining, dual issue; sequencing.ts).
 */
export function armv7mTables(tables: readonly (readonly ThumbEntry[])[]): ThumbEntry[][] {
  return tables.map((table) => table.map(sequenced));
}
