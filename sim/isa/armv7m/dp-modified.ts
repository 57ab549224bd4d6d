/**
 * Data processing with a modified immediate (ARM DDI0403E A5.3.1) and with a shifted register
 * (A5.3.11): AND BIC ORR ORN EOR ADD ADC SBC SUB RSB, their flag-only forms TST TEQ CMN CMP, MOV and
 * MVN, and PKHBT/PKHTB. One exec per (operation, operand form), built from the operation tables.
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { T } from '../../core/cortex-m/timing.js';
import { imm12Of, shiftImmC, shifterCarry, thumbExpandImmC } from './bits.js';
import { imm5Of, rdOf, rmOf, rnOf } from './fields.js';
import { addWithCarry, setLogicalFlags } from './flags.js';
import { V } from './timing.js';

type Logical = (a: number, b: number) => number;
type Arithmetic = (cpu: CortexM, a: number, b: number, setFlags: boolean) => number;

const LOGICAL: Record<string, readonly [number, Logical]> = {
  AND: [0b0000, (a, b) => a & b],
  BIC: [0b0001, (a, b) => a & ~b],
  ORR: [0b0010, (a, b) => a | b],
  ORN: [0b0011, (a, b) => a | ~b],
  EOR: [0b0100, (a, b) => a ^ b],
};

const ARITHMETIC: Record<string, readonly [number, Arithmetic]> = {
  ADD: [0b1000, (cpu, a, b, s) => addWithCarry(cpu, a, b, 0, s)],
  ADC: [0b1010, (cpu, a, b, s) => addWithCarry(cpu, a, b, cpu.c, s)],
  SBC: [0b1011, (cpu, a, b, s) => addWithCarry(cpu, a, ~b, cpu.c, s)],
  SUB: [0b1101, (cpu, a, b, s) => addWithCarry(cpu, a, ~b, 1, s)],
  RSB: [0b1110, (cpu, a, b, s) => addWithCarry(cpu, ~a, b, 1, s)],
};

/** Flag-only forms (Rd = 1111, S = 1) and the move forms (Rn = 1111). */
const TEST_FORMS: readonly [string, string][] = [
  ['TST', 'AND'],
  ['TEQ', 'EOR'],
  ['CMN', 'ADD'],
  ['CMP', 'SUB'],
];
const MOVE_FORMS: readonly [string, string][] = [
  ['MOV', 'ORR'],
  ['MVN', 'ORN'],
];

/** Second operand of each form; sets `shifterCarry` for the logical operations. */
type Operand = (cpu: CortexM, op: number) => number;
const FORMS: readonly { suffix: string; match: number; mask: number; operand: Operand }[] = [
  {
    suffix: '(immediate)',
    match: 0xf0000000,
    mask: 0xfa008000,
    operand: (cpu, op) => thumbExpandImmC(imm12Of(op), cpu.c),
  },
  {
    suffix: '(register)',
    match: 0xea000000,
    mask: 0xfe008000,
    operand: (cpu, op) => shiftImmC(cpu.r[rmOf(op)]!, (op >>> 4) & 3, imm5Of(op), cpu.c),
  },
];

const S_BIT = 0x00100000;
const RD_BITS = 0x00000f00;
const RN_BITS = 0x000f0000;

function entry(
  mnemonic: string,
  match: number,
  mask: number,
  exec: ThumbEntry['exec'],
): ThumbEntry {
  return { mnemonic, size: 4, match: match >>> 0, mask: mask >>> 0, ext: 'armv7m', exec };
}

function logicalExec(
  f: Logical,
  operand: Operand,
  writes: boolean,
  readsRn: boolean,
): ThumbEntry['exec'] {
  return (cpu, op) => {
    const b = operand(cpu, op);
    const carry = shifterCarry;
    const result = f(readsRn ? cpu.r[rnOf(op)]! : 0, b) >>> 0;
    if (writes) cpu.r[rdOf(op)] = result;
    if ((op & S_BIT) !== 0) setLogicalFlags(cpu, result, carry);
    return T.alu;
  };
}

function arithmeticExec(f: Arithmetic, operand: Operand, writes: boolean): ThumbEntry['exec'] {
  return (cpu, op) => {
    const result = f(cpu, cpu.r[rnOf(op)]!, operand(cpu, op), (op & S_BIT) !== 0);
    if (writes) cpu.r[rdOf(op)] = result;
    return T.alu;
  };
}

function dataProcessing(): ThumbEntry[] {
  const entries: ThumbEntry[] = [];
  for (const form of FORMS) {
    const opcodeMask = form.mask | 0x01e00000;
    const at = (opcode: number) => form.match | (opcode << 21);
    const name = (m: string) => `${m} ${form.suffix}`;
    for (const [m, [opcode, f]] of Object.entries(LOGICAL)) {
      entries.push(
        entry(name(m), at(opcode), opcodeMask, logicalExec(f, form.operand, true, true)),
      );
    }
    for (const [m, [opcode, f]] of Object.entries(ARITHMETIC)) {
      entries.push(entry(name(m), at(opcode), opcodeMask, arithmeticExec(f, form.operand, true)));
    }
    for (const [m, base] of TEST_FORMS) {
      const match = at((LOGICAL[base] ?? ARITHMETIC[base])![0]) | S_BIT | RD_BITS;
      const mask = opcodeMask | S_BIT | RD_BITS;
      const l = LOGICAL[base];
      const exec = l
        ? logicalExec(l[1], form.operand, false, true)
        : arithmeticExec(ARITHMETIC[base]![1], form.operand, false);
      entries.push(entry(name(m), match, mask, exec));
    }
    for (const [m, base] of MOVE_FORMS) {
      const match = at(LOGICAL[base]![0]) | RN_BITS;
      entries.push(
        entry(
          name(m),
          match,
          opcodeMask | RN_BITS,
          logicalExec(LOGICAL[base]![1], form.operand, true, false),
        ),
      );
    }
  }
  return entries;
}

/** PKHBT / PKHTB (A7.7.93): halfwords of Rn and of the shifted Rm packed into Rd. */
const pack: ThumbEntry = entry('PKHBT, PKHTB', 0xeac00000, 0xfff08010, (cpu, op) => {
  const n = cpu.r[rnOf(op)]!;
  const m = cpu.r[rmOf(op)]!;
  const imm5 = imm5Of(op);
  const topFromRn = (op & 0x20) !== 0; // tb: PKHTB
  const shifted = shiftImmC(m, topFromRn ? 2 : 0, imm5, 0);
  cpu.r[rdOf(op)] = topFromRn
    ? ((n & 0xffff0000) | (shifted & 0xffff)) >>> 0
    : ((shifted & 0xffff0000) | (n & 0xffff)) >>> 0;
  return V.dsp;
});

export const DATA_PROCESSING_MODIFIED: readonly ThumbEntry[] = [...dataProcessing(), pack];
