/**
 * Data processing with a plain binary immediate (ARM DDI0403E A5.3.3): ADDW/SUBW, ADR, MOVW/MOVT,
 * the bit-field instructions SBFX/UBFX/BFI/BFC and the saturations SSAT/USAT/SSAT16/USAT16.
 */
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { T } from '../../core/cortex-m/timing.js';
import { saturated, shiftC, signedSat, signExtend, unsignedSat } from './bits.js';
import { alignedPc, rdOf, rnOf } from './fields.js';
import { v7 } from './state.js';
import { V } from './timing.js';

function entry(
  mnemonic: string,
  match: number,
  mask: number,
  exec: ThumbEntry['exec'],
  ext = 'armv7m',
): ThumbEntry {
  return { mnemonic, size: 4, match: match >>> 0, mask: mask >>> 0, ext, exec };
}

/** i:imm3:imm8, zero-extended. */
const imm12 = (op: number) => ((op >>> 15) & 0x800) | ((op >>> 4) & 0x700) | (op & 0xff);
/** imm4:i:imm3:imm8 of MOVW/MOVT. */
const imm16 = (op: number) => ((op >>> 4) & 0xf000) | imm12(op);
/** imm3:imm2: the shift amount or the lsb of the bit-field and saturation encodings. */
const lsbOf = (op: number) => ((op >>> 10) & 0x1c) | ((op >>> 6) & 3);

const PLAIN = 0xfbf08000; // 11110 i 1 op(5) Rn, hw2 bit 15 = 0: mask with i free
const FIXED = 0xfff08000; // the same with i = 0 required

/** SSAT/USAT (A7.7.143, A7.7.176): shift Rn by sh:imm5 then saturate; Q records clamping. */
function saturate(signed: boolean): ThumbEntry['exec'] {
  return (cpu, op) => {
    const shiftType = (op >>> 20) & 2; // sh (bit 21): 0 LSL, 1 ASR -> SRType 0 or 2
    const amount = lsbOf(op);
    const operand =
      shiftC(cpu.r[rnOf(op)]!, shiftType, shiftType === 2 && amount === 0 ? 32 : amount, 0) | 0;
    const bits = signed ? (op & 0x1f) + 1 : op & 0x1f;
    const result = signed ? signedSat(operand, bits) : unsignedSat(operand, bits);
    if (saturated) v7(cpu).q = 1;
    cpu.r[rdOf(op)] = result >>> 0;
    return V.dsp;
  };
}

/** SSAT16/USAT16 (A7.7.144, A7.7.177): both signed halfwords saturated. */
function saturate16(signed: boolean): ThumbEntry['exec'] {
  return (cpu, op) => {
    const n = cpu.r[rnOf(op)]!;
    const bits = signed ? (op & 0xf) + 1 : op & 0xf;
    const clamp = signed ? signedSat : unsignedSat;
    const lo = clamp(signExtend(n, 16), bits);
    let q = saturated;
    const hi = clamp(n >> 16, bits);
    q ||= saturated;
    if (q) v7(cpu).q = 1;
    cpu.r[rdOf(op)] = (((hi & 0xffff) << 16) | (lo & 0xffff)) >>> 0;
    return V.dsp;
  };
}

function bitField(kind: 'SBFX' | 'UBFX'): ThumbEntry['exec'] {
  return (cpu, op) => {
    const lsb = lsbOf(op);
    const width = (op & 0x1f) + 1;
    const field = cpu.r[rnOf(op)]! << (32 - lsb - width);
    cpu.r[rdOf(op)] = (kind === 'SBFX' ? field >> (32 - width) : field >>> (32 - width)) >>> 0;
    return T.alu;
  };
}

/** BFI (A7.7.14) and, with Rn = 1111, BFC (A7.7.13): Rd[msb:lsb] = Rn[width-1:0] or zeros. */
function bitFieldInsert(clear: boolean): ThumbEntry['exec'] {
  return (cpu, op) => {
    const lsb = lsbOf(op);
    const msb = op & 0x1f;
    if (msb < lsb) return T.alu; // UNPREDICTABLE: left unchanged
    const fieldMask = (0xffffffff >>> (31 - msb + lsb)) << lsb;
    const source = clear ? 0 : cpu.r[rnOf(op)]! << lsb;
    const d = rdOf(op);
    cpu.r[d] = ((cpu.r[d]! & ~fieldMask) | (source & fieldMask)) >>> 0;
    return T.alu;
  };
}

export const DATA_PROCESSING_PLAIN: readonly ThumbEntry[] = [
  entry('ADDW (immediate) T4', 0xf2000000, PLAIN, (cpu, op) => {
    cpu.r[rdOf(op)] = (cpu.r[rnOf(op)]! + imm12(op)) >>> 0;
    return T.alu;
  }),
  entry('ADR T3', 0xf20f0000, PLAIN | 0xf0000, (cpu, op) => {
    cpu.r[rdOf(op)] = (alignedPc(cpu) + imm12(op)) >>> 0;
    return T.alu;
  }),
  entry('SUBW (immediate) T4', 0xf2a00000, PLAIN, (cpu, op) => {
    cpu.r[rdOf(op)] = (cpu.r[rnOf(op)]! - imm12(op)) >>> 0;
    return T.alu;
  }),
  entry('ADR T2', 0xf2af0000, PLAIN | 0xf0000, (cpu, op) => {
    cpu.r[rdOf(op)] = (alignedPc(cpu) - imm12(op)) >>> 0;
    return T.alu;
  }),
  entry('MOVW T3', 0xf2400000, PLAIN, (cpu, op) => {
    cpu.r[rdOf(op)] = imm16(op);
    return T.alu;
  }),
  entry('MOVT T1', 0xf2c00000, PLAIN, (cpu, op) => {
    const d = rdOf(op);
    cpu.r[d] = ((imm16(op) << 16) | (cpu.r[d]! & 0xffff)) >>> 0;
    return T.alu;
  }),
  entry('SSAT T1', 0xf3000000, 0xffd08000, saturate(true)),
  entry('SSAT16 T1', 0xf3200000, 0xfff0f0c0, saturate16(true), 'dsp'),
  entry('USAT T1', 0xf3800000, 0xffd08000, saturate(false)),
  entry('USAT16 T1', 0xf3a00000, 0xfff0f0c0, saturate16(false), 'dsp'),
  entry('SBFX T1', 0xf3400000, FIXED, bitField('SBFX')),
  entry('UBFX T1', 0xf3c00000, FIXED, bitField('UBFX')),
  entry('BFI T1', 0xf3600000, FIXED, bitFieldInsert(false)),
  entry('BFC T1', 0xf36f0000, FIXED | 0xf0000, bitFieldInsert(true)),
];
