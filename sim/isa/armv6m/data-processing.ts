/**
 * ARMv6-M data-processing semantics (ARM DDI0419 A6.7): shifts, add/subtract, compare, logical,
 * multiply, moves, extends and byte reversal. Each function decodes its own fields from the opcode
 * and returns a timing code.
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import { T } from '../../core/cortex-m/timing.js';
import { addFlags, setNZ, subFlags } from './flags.js';

const ALU = T.alu;

// --- shift (immediate), add, subtract, move, compare: 00xxxx -----------------------------------

export function lslImm(cpu: CortexM, op: number): number {
  const r = cpu.r;
  const x = r[(op >>> 3) & 7]!;
  const shift = (op >>> 6) & 31;
  if (shift === 0) {
    r[op & 7] = x; // MOVS Rd, Rm: C unchanged
    setNZ(cpu, x);
    return ALU;
  }
  const result = (x << shift) >>> 0;
  cpu.c = (x >>> (32 - shift)) & 1;
  r[op & 7] = result;
  setNZ(cpu, result);
  return ALU;
}

export function lsrImm(cpu: CortexM, op: number): number {
  const r = cpu.r;
  const x = r[(op >>> 3) & 7]!;
  const shift = (op >>> 6) & 31 || 32;
  cpu.c = (x >>> (shift - 1)) & 1;
  const result = shift === 32 ? 0 : x >>> shift;
  r[op & 7] = result;
  setNZ(cpu, result);
  return ALU;
}

export function asrImm(cpu: CortexM, op: number): number {
  const r = cpu.r;
  const x = r[(op >>> 3) & 7]! | 0;
  const shift = (op >>> 6) & 31 || 32;
  cpu.c = (x >> (shift - 1)) & 1;
  const result = (shift === 32 ? x >> 31 : x >> shift) >>> 0;
  r[op & 7] = result;
  setNZ(cpu, result);
  return ALU;
}

export function addsReg(cpu: CortexM, op: number): number {
  const r = cpu.r;
  r[op & 7] = addFlags(cpu, r[(op >>> 3) & 7]!, r[(op >>> 6) & 7]!, 0);
  return ALU;
}

export function subsReg(cpu: CortexM, op: number): number {
  const r = cpu.r;
  r[op & 7] = subFlags(cpu, r[(op >>> 3) & 7]!, r[(op >>> 6) & 7]!);
  return ALU;
}

export function addsImm3(cpu: CortexM, op: number): number {
  const r = cpu.r;
  r[op & 7] = addFlags(cpu, r[(op >>> 3) & 7]!, (op >>> 6) & 7, 0);
  return ALU;
}

export function subsImm3(cpu: CortexM, op: number): number {
  const r = cpu.r;
  r[op & 7] = subFlags(cpu, r[(op >>> 3) & 7]!, (op >>> 6) & 7);
  return ALU;
}

export function movsImm8(cpu: CortexM, op: number): number {
  const imm = op & 0xff;
  cpu.r[(op >>> 8) & 7] = imm;
  cpu.n = 0;
  cpu.z = imm === 0 ? 1 : 0;
  return ALU;
}

export function cmpImm8(cpu: CortexM, op: number): number {
  subFlags(cpu, cpu.r[(op >>> 8) & 7]!, op & 0xff);
  return ALU;
}

export function addsImm8(cpu: CortexM, op: number): number {
  const d = (op >>> 8) & 7;
  cpu.r[d] = addFlags(cpu, cpu.r[d]!, op & 0xff, 0);
  return ALU;
}

export function subsImm8(cpu: CortexM, op: number): number {
  const d = (op >>> 8) & 7;
  cpu.r[d] = subFlags(cpu, cpu.r[d]!, op & 0xff);
  return ALU;
}

// --- data processing: 010000 opcode Rm Rdn -----------------------------------------------------

export function ands(cpu: CortexM, op: number): number {
  const d = op & 7;
  const result = (cpu.r[d]! & cpu.r[(op >>> 3) & 7]!) >>> 0;
  cpu.r[d] = result;
  setNZ(cpu, result);
  return ALU;
}

export function eors(cpu: CortexM, op: number): number {
  const d = op & 7;
  const result = (cpu.r[d]! ^ cpu.r[(op >>> 3) & 7]!) >>> 0;
  cpu.r[d] = result;
  setNZ(cpu, result);
  return ALU;
}

export function orrs(cpu: CortexM, op: number): number {
  const d = op & 7;
  const result = (cpu.r[d]! | cpu.r[(op >>> 3) & 7]!) >>> 0;
  cpu.r[d] = result;
  setNZ(cpu, result);
  return ALU;
}

export function bics(cpu: CortexM, op: number): number {
  const d = op & 7;
  const result = (cpu.r[d]! & ~cpu.r[(op >>> 3) & 7]!) >>> 0;
  cpu.r[d] = result;
  setNZ(cpu, result);
  return ALU;
}

export function mvns(cpu: CortexM, op: number): number {
  const result = ~cpu.r[(op >>> 3) & 7]! >>> 0;
  cpu.r[op & 7] = result;
  setNZ(cpu, result);
  return ALU;
}

export function tst(cpu: CortexM, op: number): number {
  setNZ(cpu, cpu.r[op & 7]! & cpu.r[(op >>> 3) & 7]!);
  return ALU;
}

/** Register-controlled shifts: LSL/LSR/ASR/ROR Rdn, Rm (shift amount = Rm[7:0]). */
export function lslReg(cpu: CortexM, op: number): number {
  const d = op & 7;
  const x = cpu.r[d]!;
  const shift = cpu.r[(op >>> 3) & 7]! & 0xff;
  let result = x;
  if (shift >= 33) {
    result = 0;
    cpu.c = 0;
  } else if (shift === 32) {
    result = 0;
    cpu.c = x & 1;
  } else if (shift > 0) {
    result = (x << shift) >>> 0;
    cpu.c = (x >>> (32 - shift)) & 1;
  }
  cpu.r[d] = result;
  setNZ(cpu, result);
  return ALU;
}

export function lsrReg(cpu: CortexM, op: number): number {
  const d = op & 7;
  const x = cpu.r[d]!;
  const shift = cpu.r[(op >>> 3) & 7]! & 0xff;
  let result = x;
  if (shift >= 33) {
    result = 0;
    cpu.c = 0;
  } else if (shift === 32) {
    result = 0;
    cpu.c = x >>> 31;
  } else if (shift > 0) {
    result = x >>> shift;
    cpu.c = (x >>> (shift - 1)) & 1;
  }
  cpu.r[d] = result;
  setNZ(cpu, result);
  return ALU;
}

export function asrReg(cpu: CortexM, op: number): number {
  const d = op & 7;
  const x = cpu.r[d]! | 0;
  const shift = cpu.r[(op >>> 3) & 7]! & 0xff;
  let result = x >>> 0;
  if (shift >= 32) {
    result = (x >> 31) >>> 0;
    cpu.c = x >>> 31;
  } else if (shift > 0) {
    result = (x >> shift) >>> 0;
    cpu.c = (x >> (shift - 1)) & 1;
  }
  cpu.r[d] = result;
  setNZ(cpu, result);
  return ALU;
}

export function rorReg(cpu: CortexM, op: number): number {
  const d = op & 7;
  const x = cpu.r[d]!;
  const shift = cpu.r[(op >>> 3) & 7]! & 0xff;
  let result = x;
  if (shift !== 0) {
    const rot = shift & 31;
    result = rot === 0 ? x : ((x >>> rot) | (x << (32 - rot))) >>> 0;
    cpu.c = result >>> 31;
  }
  cpu.r[d] = result;
  setNZ(cpu, result);
  return ALU;
}

export function adcs(cpu: CortexM, op: number): number {
  const d = op & 7;
  cpu.r[d] = addFlags(cpu, cpu.r[d]!, cpu.r[(op >>> 3) & 7]!, cpu.c);
  return ALU;
}

export function sbcs(cpu: CortexM, op: number): number {
  const d = op & 7;
  cpu.r[d] = subFlags(cpu, cpu.r[d]!, cpu.r[(op >>> 3) & 7]!, cpu.c);
  return ALU;
}

/** RSBS Rd, Rn, #0 (NEGS). */
export function rsbs(cpu: CortexM, op: number): number {
  cpu.r[op & 7] = subFlags(cpu, 0, cpu.r[(op >>> 3) & 7]!);
  return ALU;
}

export function cmpReg(cpu: CortexM, op: number): number {
  subFlags(cpu, cpu.r[op & 7]!, cpu.r[(op >>> 3) & 7]!);
  return ALU;
}

export function cmn(cpu: CortexM, op: number): number {
  addFlags(cpu, cpu.r[op & 7]!, cpu.r[(op >>> 3) & 7]!, 0);
  return ALU;
}

/** MULS Rdm, Rn, Rdm: N and Z set, C and V unchanged on ARMv6-M. */
export function muls(cpu: CortexM, op: number): number {
  const d = op & 7;
  const result = Math.imul(cpu.r[d]!, cpu.r[(op >>> 3) & 7]!) >>> 0;
  cpu.r[d] = result;
  setNZ(cpu, result);
  return T.mul;
}

// --- special data processing: 010001 (high registers) ------------------------------------------

/** ADD Rdn, Rm (T2, any registers, no flags); Rdn = PC branches. */
export function addHigh(cpu: CortexM, op: number): number {
  const d = ((op >>> 4) & 8) | (op & 7);
  const result = (cpu.r[d]! + cpu.r[(op >>> 3) & 15]!) >>> 0;
  if (d === 15) {
    cpu.nextPc = result & ~1;
    return T.pcWrite;
  }
  cpu.r[d] = d === 13 ? result & ~3 : result;
  return ALU;
}

export function cmpHigh(cpu: CortexM, op: number): number {
  const n = ((op >>> 4) & 8) | (op & 7);
  subFlags(cpu, cpu.r[n]!, cpu.r[(op >>> 3) & 15]!);
  return ALU;
}

/** MOV Rd, Rm (T1, any registers, no flags); Rd = PC branches. */
export function movHigh(cpu: CortexM, op: number): number {
  const d = ((op >>> 4) & 8) | (op & 7);
  const value = cpu.r[(op >>> 3) & 15]!;
  if (d === 15) {
    cpu.nextPc = value & ~1;
    return T.pcWrite;
  }
  cpu.r[d] = d === 13 ? value & ~3 : value;
  return ALU;
}

// --- PC/SP-relative address generation, SP adjustment ------------------------------------------

/** ADR Rd, label: Align(PC, 4) + imm8 * 4. */
export function adr(cpu: CortexM, op: number): number {
  cpu.r[(op >>> 8) & 7] = ((cpu.r[15]! & ~3) + (op & 0xff) * 4) >>> 0;
  return ALU;
}

/** ADD Rd, SP, #imm8 * 4. */
export function addSpImm8(cpu: CortexM, op: number): number {
  cpu.r[(op >>> 8) & 7] = (cpu.r[13]! + (op & 0xff) * 4) >>> 0;
  return ALU;
}

export function addSpImm7(cpu: CortexM, op: number): number {
  cpu.r[13] = (cpu.r[13]! + (op & 0x7f) * 4) >>> 0;
  return ALU;
}

export function subSpImm7(cpu: CortexM, op: number): number {
  cpu.r[13] = (cpu.r[13]! - (op & 0x7f) * 4) >>> 0;
  return ALU;
}

// --- extend and reverse ------------------------------------------------------------------------

export function sxth(cpu: CortexM, op: number): number {
  cpu.r[op & 7] = ((cpu.r[(op >>> 3) & 7]! << 16) >> 16) >>> 0;
  return ALU;
}

export function sxtb(cpu: CortexM, op: number): number {
  cpu.r[op & 7] = ((cpu.r[(op >>> 3) & 7]! << 24) >> 24) >>> 0;
  return ALU;
}

export function uxth(cpu: CortexM, op: number): number {
  cpu.r[op & 7] = cpu.r[(op >>> 3) & 7]! & 0xffff;
  return ALU;
}

export function uxtb(cpu: CortexM, op: number): number {
  cpu.r[op & 7] = cpu.r[(op >>> 3) & 7]! & 0xff;
  return ALU;
}

export function rev(cpu: CortexM, op: number): number {
  const x = cpu.r[(op >>> 3) & 7]!;
  cpu.r[op & 7] = ((x >>> 24) | ((x >>> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24)) >>> 0;
  return ALU;
}

export function rev16(cpu: CortexM, op: number): number {
  const x = cpu.r[(op >>> 3) & 7]!;
  cpu.r[op & 7] = (((x >>> 8) & 0x00ff00ff) | ((x << 8) & 0xff00ff00)) >>> 0;
  return ALU;
}

export function revsh(cpu: CortexM, op: number): number {
  const x = cpu.r[(op >>> 3) & 7]!;
  cpu.r[op & 7] = ((((x & 0xff) << 24) >> 16) | ((x >>> 8) & 0xff)) >>> 0;
  return ALU;
}
