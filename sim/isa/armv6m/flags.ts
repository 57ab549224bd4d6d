/** APSR helpers shared by the ARMv6-M semantics (ARM DDI0419 A2.2 pseudocode, AddWithCarry). */
import type { CortexM } from '../../core/cortex-m/core.js';

/** AddWithCarry(x, y, carry) setting N, Z, C, V; x and y are unsigned 32-bit values. */
export function addFlags(cpu: CortexM, x: number, y: number, carry: number): number {
  const sum = x + y + carry;
  const result = sum >>> 0;
  cpu.n = result >>> 31;
  cpu.z = result === 0 ? 1 : 0;
  cpu.c = sum > 0xffffffff ? 1 : 0;
  cpu.v = ((x ^ result) & (y ^ result)) >>> 31;
  return result;
}

/** x - y - (1 - carry) with flags: AddWithCarry(x, NOT(y), carry). */
export function subFlags(cpu: CortexM, x: number, y: number, carry = 1): number {
  return addFlags(cpu, x, ~y >>> 0, carry);
}

/** Sets N and Z from a 32-bit result (C and V unchanged). */
export function setNZ(cpu: CortexM, result: number): void {
  cpu.n = result >>> 31;
  cpu.z = (result | 0) === 0 ? 1 : 0;
}

/** ConditionPassed for the 4-bit condition field (A7.3). */
export function conditionPassed(cpu: CortexM, cond: number): boolean {
  switch (cond >>> 1) {
    case 0:
      return (cpu.z === 1) !== ((cond & 1) === 1); // EQ / NE
    case 1:
      return (cpu.c === 1) !== ((cond & 1) === 1); // CS / CC
    case 2:
      return (cpu.n === 1) !== ((cond & 1) === 1); // MI / PL
    case 3:
      return (cpu.v === 1) !== ((cond & 1) === 1); // VS / VC
    case 4:
      return (cpu.c === 1 && cpu.z === 0) !== ((cond & 1) === 1); // HI / LS
    case 5:
      return (cpu.n === cpu.v) !== ((cond & 1) === 1); // GE / LT
    case 6:
      return (cpu.z === 0 && cpu.n === cpu.v) !== ((cond & 1) === 1); // GT / LE
    default:
      return true; // AL
  }
}
