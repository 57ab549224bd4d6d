/**
 * The RV32 instruction table: every entry of every extension arielsim implements. The decoder is
 * derived from it (decode.ts); an overlap test (test/sim/rv32/table.test.ts) fails on any two entries
 * whose match/mask collide unless the pair is in OVERLAP_ALLOWED below.
 */
import type { Rv32Extension, TableEntry } from './types.js';
import { PRIVILEGED, RV32I, ZIFENCEI } from './rv32i.js';
import { RV32M } from './rv32m.js';
import { RV32A } from './rv32a.js';
import { ZICSR } from './zicsr.js';
import { ZBA, ZBB, ZBS } from './zb.js';
import { ZCA, ZCB } from './rvc.js';
import { XH3POWER } from './xh3power.js';

export const RV32_TABLE: readonly TableEntry[] = [
  ...RV32I,
  ...PRIVILEGED,
  ...ZIFENCEI,
  ...ZICSR,
  ...RV32M,
  ...RV32A,
  ...ZBA,
  ...ZBB,
  ...ZBS,
  ...ZCA,
  ...ZCB,
  ...XH3POWER,
];

/**
 * Pairs that share encodings on purpose: the entry with the longer mask (more fixed bits) is the
 * special case and wins (the decoder tries entries in order of decreasing mask popcount).
 */
export const OVERLAP_ALLOWED: readonly (readonly [string, string])[] = [
  ['c.addi16sp', 'c.lui'], // c.lui with rd = x2 is c.addi16sp
  ['c.jr', 'c.mv'], // c.mv with rs2 = x0 is c.jr
  ['c.ebreak', 'c.jalr'], // c.jalr with rs1 = x0 is c.ebreak
  ['c.ebreak', 'c.add'], // c.add with rd = rs2 = x0 is c.ebreak
  ['c.jalr', 'c.add'], // c.add with rs2 = x0 is c.jalr
  ['h3.block', 'slt'], // Xh3power hint: slt x0, x0, x0
  ['h3.unblock', 'slt'], // Xh3power hint: slt x0, x0, x1
];

/** The entries of the enabled extensions. */
export function entriesFor(extensions: readonly Rv32Extension[]): TableEntry[] {
  const on = new Set<Rv32Extension>(extensions);
  return RV32_TABLE.filter((e) => on.has(e.ext));
}
