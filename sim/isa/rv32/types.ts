/**
 * The RV32 instruction set as data: table entries, the decoded-instruction record, the hart state the
 * semantics operate on, and the timing classes an instruction reports (priced by platforms/cores/*).
 * Encodings follow the RISC-V Unprivileged ISA spec (20191213) and the Spike MATCH_/MASK_ convention.
 */
import type { Bus } from '../../memory/bus.js';

/**
 * ISA extensions a core model can enable. 'zca' is the C extension minus floating point; 'xh3power'
 * is Hazard3's custom h3.block / h3.unblock hints (xh3power.ts).
 */
export type Rv32Extension =
  'i' | 'm' | 'a' | 'zicsr' | 'zifencei' | 'zca' | 'zcb' | 'zba' | 'zbb' | 'zbs' | 'xh3power';

/**
 * What an instruction reports to the cycle model. The core model (platforms/cores/*) prices each class;
 * context-dependent costs (branch prediction, load-use stalls, unaligned jump targets) are added by
 * the core from the decoded records, never by the semantics.
 */
export const Timing = {
  ALU: 0,
  JAL: 1,
  JALR: 2,
  BRANCH_TAKEN: 3,
  BRANCH_NOT_TAKEN: 4,
  LOAD: 5,
  STORE: 6,
  MUL: 7,
  MULH: 8,
  DIV: 9,
  /** A signed divide or remainder whose result needs the sign-correction step. */
  DIV_SIGN_FIX: 10,
  CSR: 11,
  FENCE: 12,
  FENCE_I: 13,
  /** The instruction raised an exception (or ecall/ebreak): priced as a jump to mtvec. */
  TRAP: 14,
  MRET: 15,
  WFI: 16,
  LR: 17,
  SC: 18,
  AMO: 19,
} as const;
export type TimingClass = (typeof Timing)[keyof typeof Timing];
export const TIMING_CLASS_COUNT = 20;

/** Machine-mode exception causes (Privileged spec table 3.6). */
export const Cause = {
  INSTRUCTION_MISALIGNED: 0,
  INSTRUCTION_ACCESS_FAULT: 1,
  ILLEGAL_INSTRUCTION: 2,
  BREAKPOINT: 3,
  LOAD_MISALIGNED: 4,
  LOAD_ACCESS_FAULT: 5,
  STORE_MISALIGNED: 6,
  STORE_ACCESS_FAULT: 7,
  ECALL_M: 11,
} as const;

/** The architectural state the semantics touch. The core implements it. */
export interface Hart {
  /** x0..x31; x0 is forced back to 0 after every instruction. */
  readonly x: Int32Array;
  /** Address of the executing instruction. */
  pc: number;
  /** Where execution continues; preset to pc + size, jumps overwrite it. */
  nextPc: number;
  readonly bus: Bus;
  /** LR/SC reservation address, or -1. */
  reservation: number;
  /** Address of the last store (store, sc, amo): the core drops decoded instructions there. */
  storeAddr: number;
  /** Raises a synchronous exception; returns Timing.TRAP for the exec to return. */
  raise(cause: number, tval: number): TimingClass;
  /**
   * csrrw/csrrs/csrrc: reads CSR d.imm into d.rd and, when `writes`, stores the old value combined
   * with `operand` by `op`. Returns Timing.CSR, or Timing.TRAP when the access is illegal.
   */
  csrAccess(d: Decoded, op: CsrOp, operand: number, writes: boolean): TimingClass;
  /** Invalidates decoded instructions (fence.i). */
  flushDecodeCache(): void;
  ecall(): TimingClass;
  ebreak(): TimingClass;
  mret(): TimingClass;
  wfi(): TimingClass;
  /** h3.block (Xh3power): WFI that an unblock also ends; falls through on a latched unblock. */
  block(): TimingClass;
  /** h3.unblock (Xh3power): posts an unblock to the other harts. */
  unblock(): TimingClass;
}

export const CsrOp = { WRITE: 0, SET: 1, CLEAR: 2 } as const;
export type CsrOp = (typeof CsrOp)[keyof typeof CsrOp];

/** Semantics of one instruction: pure over the hart and its decoded operands. */
export type Exec = (h: Hart, d: Decoded) => TimingClass;

/** Register-use flags, for load-use interlocks: which source registers are read early (stage 2). */
export const USES_RS1 = 1;
export const USES_RS2 = 2;

/** Operands as the decoder extracts them; compressed entries expand into base-instruction operands. */
export interface Operands {
  rd: number;
  rs1: number;
  rs2: number;
  imm: number;
}

export interface TableEntry {
  mnemonic: string;
  match: number;
  mask: number;
  ext: Rv32Extension;
  exec: Exec;
  /** Operand extraction; undefined for an encoding that is reserved for these field values. */
  operands: (word: number) => Operands | undefined;
  /** USES_RS1 | USES_RS2: registers the instruction needs at issue (a store's data is not one). */
  uses: number;
  /** 2 for compressed instructions, 4 otherwise. */
  size: 2 | 4;
}

/** One decoded instruction, cached by pc. Fixed shape: every field set in the constructor. */
export class Decoded {
  constructor(
    readonly entry: TableEntry,
    readonly exec: Exec,
    readonly word: number,
    readonly size: 2 | 4,
    readonly rd: number,
    readonly rs1: number,
    readonly rs2: number,
    readonly imm: number,
    /** Bit i set when xi (i != 0) is read at issue. */
    readonly readsEarly: number,
  ) {}

  get mnemonic(): string {
    return this.entry.mnemonic;
  }
}
