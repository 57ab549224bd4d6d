/**
 * Xh3power: Hazard3's sleep/wake hints between processors, the RISC-V counterpart of ARM's WFE/SEV
 * (Wren6991/Hazard3 doc/sections/custom_extensions.adoc "Xh3power"; RP2350 datasheet §3.8.6.3 and
 * §3.4 "Event signals (RISC-V)"). Both sit in the `slt` NOP-compatible hint space (rd = x0), so a
 * core without the extension runs them as the plain `slt` they are encoded as: a NOP.
 *
 * - h3.block   = slt x0, x0, x0: sleep as WFI does until an unblock arrives or an interrupt would
 *   end a WFI; falls through at once when an unblock arrived since the last h3.block.
 * - h3.unblock = slt x0, x0, x1: post an unblock to the other processors.
 *
 * The whole word is fixed (MASK_ALL): these entries overlap `slt` on purpose and win by mask.
 */
import type { TableEntry } from './types.js';
import { MASK_ALL, op32 } from './formats.js';

export const MATCH_H3_BLOCK = 0x00002033;
export const MATCH_H3_UNBLOCK = 0x00102033;

export const XH3POWER: TableEntry[] = [
  op32('h3.block', MATCH_H3_BLOCK, MASK_ALL, 'xh3power', 'NONE', (h) => h.block(), 0),
  op32('h3.unblock', MATCH_H3_UNBLOCK, MASK_ALL, 'xh3power', 'NONE', (h) => h.unblock(), 0),
];
