/**
 * The instructions the core's inner loop runs inline: a small integer id per hot instruction (ALU,
 * loads/stores, branches, jumps, mul), so the loop is one `switch` instead of a megamorphic call
 * through the table's exec. The table stays the definition: ids are attached by the exec function
 * of a table entry (compressed entries share their base instruction's exec, so they get its id),
 * and test/sim/rv32/fast-ops.test.ts checks every inline case against the table's exec.
 * Id 0 (TABLE) means "call the table's exec".
 */
import type { Exec, TableEntry } from '../../isa/rv32/types.js';

export const FastOp = {
  TABLE: 0,
  LUI: 1,
  AUIPC: 2,
  JAL: 3,
  JALR: 4,
  BEQ: 5,
  BNE: 6,
  BLT: 7,
  BGE: 8,
  BLTU: 9,
  BGEU: 10,
  LB: 11,
  LH: 12,
  LW: 13,
  LBU: 14,
  LHU: 15,
  SB: 16,
  SH: 17,
  SW: 18,
  ADDI: 19,
  SLTI: 20,
  SLTIU: 21,
  XORI: 22,
  ORI: 23,
  ANDI: 24,
  SLLI: 25,
  SRLI: 26,
  SRAI: 27,
  ADD: 28,
  SUB: 29,
  SLL: 30,
  SLT: 31,
  SLTU: 32,
  XOR: 33,
  SRL: 34,
  SRA: 35,
  OR: 36,
  AND: 37,
  MUL: 38,
} as const;
export type FastOp = (typeof FastOp)[keyof typeof FastOp];

/** Table mnemonic → inline id. */
export const FAST_OP_OF_MNEMONIC: Readonly<Record<string, FastOp>> = Object.fromEntries(
  Object.entries(FastOp)
    .filter(([name]) => name !== 'TABLE')
    .map(([name, id]) => [name.toLowerCase(), id]),
);

/** Maps the exec of every 32-bit entry with an inline id to that id. */
export function fastOpsByExec(entries: readonly TableEntry[]): Map<Exec, FastOp> {
  const byExec = new Map<Exec, FastOp>();
  for (const e of entries) {
    const id = FAST_OP_OF_MNEMONIC[e.mnemonic];
    if (id !== undefined && e.size === 4) byExec.set(e.exec, id);
  }
  return byExec;
}
