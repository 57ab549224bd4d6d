/**
 * ARMv6-M loads and stores (ARM DDI0419 A6.7): single transfers with register, immediate, SP- and
 * PC-relative addresses, and the multiple transfers LDM/STM/PUSH/POP. Alignment and the PPB are the
 * core's business: word and halfword singles use MemU (`cpu.readU32` ...), which faults when
 * unaligned on ARMv6-M and is split on ARMv7-M cores (which run these encodings too); the multiple
 * transfers use MemA (`cpu.read32` ...), which always faults.
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import { T, withCount } from '../../core/cortex-m/timing.js';
import { bxWritePc } from './control.js';

const LS = T.loadStore;

/** Address of the register-offset forms: Rn + Rm. */
function regAddress(cpu: CortexM, op: number): number {
  return (cpu.r[(op >>> 3) & 7]! + cpu.r[(op >>> 6) & 7]!) >>> 0;
}

/** Address of the immediate forms: Rn + imm5 * scale. */
function immAddress(cpu: CortexM, op: number, scale: number): number {
  return (cpu.r[(op >>> 3) & 7]! + ((op >>> 6) & 31) * scale) >>> 0;
}

export function strReg(cpu: CortexM, op: number): number {
  cpu.writeU32(regAddress(cpu, op), cpu.r[op & 7]!);
  return LS;
}
export function strhReg(cpu: CortexM, op: number): number {
  cpu.writeU16(regAddress(cpu, op), cpu.r[op & 7]! & 0xffff);
  return LS;
}
export function strbReg(cpu: CortexM, op: number): number {
  cpu.write8(regAddress(cpu, op), cpu.r[op & 7]! & 0xff);
  return LS;
}
export function ldrsbReg(cpu: CortexM, op: number): number {
  cpu.r[op & 7] = ((cpu.read8(regAddress(cpu, op)) << 24) >> 24) >>> 0;
  return LS;
}
export function ldrReg(cpu: CortexM, op: number): number {
  cpu.r[op & 7] = cpu.readU32(regAddress(cpu, op));
  return LS;
}
export function ldrhReg(cpu: CortexM, op: number): number {
  cpu.r[op & 7] = cpu.readU16(regAddress(cpu, op));
  return LS;
}
export function ldrbReg(cpu: CortexM, op: number): number {
  cpu.r[op & 7] = cpu.read8(regAddress(cpu, op));
  return LS;
}
export function ldrshReg(cpu: CortexM, op: number): number {
  cpu.r[op & 7] = ((cpu.readU16(regAddress(cpu, op)) << 16) >> 16) >>> 0;
  return LS;
}

export function strImm(cpu: CortexM, op: number): number {
  cpu.writeU32(immAddress(cpu, op, 4), cpu.r[op & 7]!);
  return LS;
}
export function ldrImm(cpu: CortexM, op: number): number {
  cpu.r[op & 7] = cpu.readU32(immAddress(cpu, op, 4));
  return LS;
}
export function strbImm(cpu: CortexM, op: number): number {
  cpu.write8(immAddress(cpu, op, 1), cpu.r[op & 7]! & 0xff);
  return LS;
}
export function ldrbImm(cpu: CortexM, op: number): number {
  cpu.r[op & 7] = cpu.read8(immAddress(cpu, op, 1));
  return LS;
}
export function strhImm(cpu: CortexM, op: number): number {
  cpu.writeU16(immAddress(cpu, op, 2), cpu.r[op & 7]! & 0xffff);
  return LS;
}
export function ldrhImm(cpu: CortexM, op: number): number {
  cpu.r[op & 7] = cpu.readU16(immAddress(cpu, op, 2));
  return LS;
}

/** STR Rt, [SP, #imm8 * 4]. */
export function strSp(cpu: CortexM, op: number): number {
  cpu.writeU32((cpu.r[13]! + (op & 0xff) * 4) >>> 0, cpu.r[(op >>> 8) & 7]!);
  return LS;
}
/** LDR Rt, [SP, #imm8 * 4]. */
export function ldrSp(cpu: CortexM, op: number): number {
  cpu.r[(op >>> 8) & 7] = cpu.readU32((cpu.r[13]! + (op & 0xff) * 4) >>> 0);
  return LS;
}
/** LDR Rt, [PC, #imm8 * 4] (literal): the base is Align(PC, 4). */
export function ldrLiteral(cpu: CortexM, op: number): number {
  cpu.r[(op >>> 8) & 7] = cpu.readU32(((cpu.r[15]! & ~3) + (op & 0xff) * 4) >>> 0);
  return LS;
}

function bitCount8(list: number): number {
  let n = 0;
  for (let v = list & 0xff; v !== 0; v &= v - 1) n++;
  return n;
}

/** STM Rn!, {list}: ascending from Rn, always writes back. */
export function stm(cpu: CortexM, op: number): number {
  const n = (op >>> 8) & 7;
  const list = op & 0xff;
  let addr = cpu.r[n]!;
  for (let i = 0; i < 8; i++) {
    if ((list >>> i) & 1) {
      cpu.write32(addr, cpu.r[i]!);
      addr = (addr + 4) >>> 0;
    }
  }
  cpu.r[n] = addr;
  return withCount(T.loadStoreMultiple, bitCount8(list));
}

/** LDM Rn{!}, {list}: writes back unless Rn is in the list. */
export function ldm(cpu: CortexM, op: number): number {
  const n = (op >>> 8) & 7;
  const list = op & 0xff;
  let addr = cpu.r[n]!;
  for (let i = 0; i < 8; i++) {
    if ((list >>> i) & 1) {
      cpu.r[i] = cpu.read32(addr);
      addr = (addr + 4) >>> 0;
    }
  }
  if (((list >>> n) & 1) === 0) cpu.r[n] = addr;
  return withCount(T.loadStoreMultiple, bitCount8(list));
}

/** PUSH {list, LR?}: the lowest register goes to the lowest address. */
export function push(cpu: CortexM, op: number): number {
  const count = bitCount8(op) + ((op >>> 8) & 1);
  const start = (cpu.r[13]! - 4 * count) >>> 0;
  let addr = start;
  for (let i = 0; i < 8; i++) {
    if ((op >>> i) & 1) {
      cpu.write32(addr, cpu.r[i]!);
      addr += 4;
    }
  }
  if (op & 0x100) cpu.write32(addr, cpu.r[14]!);
  cpu.r[13] = start;
  return withCount(T.loadStoreMultiple, count);
}

/** POP {list, PC?}: loading PC branches with interworking (and may return from an exception). */
export function pop(cpu: CortexM, op: number): number {
  const count = bitCount8(op) + ((op >>> 8) & 1);
  let addr = cpu.r[13]!;
  for (let i = 0; i < 8; i++) {
    if ((op >>> i) & 1) {
      cpu.r[i] = cpu.read32(addr);
      addr = (addr + 4) >>> 0;
    }
  }
  if (op & 0x100) {
    const target = cpu.read32(addr);
    cpu.r[13] = (addr + 4) >>> 0;
    bxWritePc(cpu, target);
    return withCount(T.popPc, count);
  }
  cpu.r[13] = addr;
  return withCount(T.loadStoreMultiple, count);
}
