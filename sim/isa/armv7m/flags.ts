/**
 * Condition codes and the APSR flag updates shared by the exec functions (ARM DDI0403E A7.3,
 * A2.2.1 AddWithCarry). Flags live on the core as 0/1 numbers.
 */
import type { CortexM } from '../../core/cortex-m/core.js';

/** ConditionPassed for a 4-bit condition code (A7.3, table A7-1). */
export function conditionPassed(cpu: CortexM, cond: number): boolean {
  let result: boolean;
  switch (cond >>> 1) {
    case 0:
      result = cpu.z === 1;
      break;
    case 1:
      result = cpu.c === 1;
      break;
    case 2:
      result = cpu.n === 1;
      break;
    case 3:
      result = cpu.v === 1;
      break;
    case 4:
      result = cpu.c === 1 && cpu.z === 0;
      break;
    case 5:
      result = cpu.n === cpu.v;
      break;
    case 6:
      result = cpu.z === 0 && cpu.n === cpu.v;
      break;
    default:
      return true;
  }
  return (cond & 1) === 1 ? !result : result;
}

/** AddWithCarry(x, y, carryIn): returns the 32-bit result and sets N Z C V when `setFlags`. */
export function addWithCarry(
  cpu: CortexM,
  x: number,
  y: number,
  carryIn: number,
  setFlags: boolean,
): number {
  const unsignedSum = (x >>> 0) + (y >>> 0) + carryIn;
  const result = unsignedSum >>> 0;
  if (setFlags) {
    const signedSum = (x | 0) + (y | 0) + carryIn;
    cpu.n = result >>> 31;
    cpu.z = result === 0 ? 1 : 0;
    cpu.c = unsignedSum > 0xffffffff ? 1 : 0;
    cpu.v = signedSum !== (result | 0) ? 1 : 0;
  }
  return result;
}

/** Sets N and Z from a result, and C from the shifter carry (logical operations). */
export function setLogicalFlags(cpu: CortexM, result: number, carry: number): void {
  cpu.n = result >>> 31;
  cpu.z = result >>> 0 === 0 ? 1 : 0;
  cpu.c = carry;
}
