/**
 * Register fields of 32-bit Thumb encodings (the word is hw1 << 16 | hw2) and small helpers shared by
 * the exec functions.
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import { exceptionReturn } from '../../core/cortex-m/exceptions.js';

/** hw1[3:0] */
export const rnOf = (op: number): number => (op >>> 16) & 0xf;
/** hw2[11:8] */
export const rdOf = (op: number): number => (op >>> 8) & 0xf;
/** hw2[15:12] */
export const rtOf = (op: number): number => (op >>> 12) & 0xf;
/** hw2[3:0] */
export const rmOf = (op: number): number => op & 0xf;
/** imm3:imm2 of the shifted-register encodings (hw2[14:12], hw2[7:6]). */
export const imm5Of = (op: number): number => ((op >>> 10) & 0x1c) | ((op >>> 6) & 3);

/** Align(PC, 4): the base of literal loads and ADR. */
export function alignedPc(cpu: CortexM): number {
  return cpu.r[15]! & ~3;
}

/**
 * BXWritePC / LoadWritePC (ARM DDI0403E A2.3.1): an interworking write to the PC. In Handler mode
 * an EXC_RETURN value returns from the exception; bit 0 clear faults on the next instruction.
 */
export function bxWritePc(cpu: CortexM, address: number): void {
  if (cpu.handlerMode && address >>> 28 === 0xf) {
    exceptionReturn(cpu, address >>> 0);
    return;
  }
  cpu.nextPc = address & ~1;
  if ((address & 1) === 0) {
    cpu.thumbBitClear = true;
    cpu.attention = true;
  }
}
