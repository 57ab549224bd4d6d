/**
 * The ARMv6-M exception model (ARM DDI0419 B1.5): priorities, pending and active state, exception
 * entry with stacking and exception return. Later profiles (v7-M BASEPRI/FAULTMASK, more priority
 * bits) extend `executionPriority` and `priorityBits`.
 */
import type { CortexM } from './core.js';
import { GuestFault } from './fault.js';
import { T } from './timing.js';

/** Exception numbers (ARMv6-M B1.5.2). External interrupt k is `EXC.IRQ0 + k`. */
export const EXC = {
  Reset: 1,
  NMI: 2,
  HardFault: 3,
  SVCall: 11,
  PendSV: 14,
  SysTick: 15,
  IRQ0: 16,
} as const;

/** 16 system exceptions plus 32 external interrupts (ARMv6-M supports up to 32). */
export const EXCEPTION_COUNT = 48;
/** Above every configurable priority: the execution priority with nothing active. */
const THREAD_PRIORITY = 256;

export class ExceptionState {
  readonly pending = new Uint8Array(EXCEPTION_COUNT);
  readonly active = new Uint8Array(EXCEPTION_COUNT);
  /** Priority of each exception: fixed -3..-1 for Reset/NMI/HardFault, else the implemented bits. */
  readonly priority = new Int16Array(EXCEPTION_COUNT);
  /** NVIC_ISER: bit k enables external interrupt k. */
  irqEnabled = 0;
  /** Implemented priority bits (top bits of each priority byte): 2 on ARMv6-M. */
  priorityBits = 2;

  reset(): void {
    this.pending.fill(0);
    this.active.fill(0);
    this.priority.fill(0);
    this.priority[EXC.Reset] = -3;
    this.priority[EXC.NMI] = -2;
    this.priority[EXC.HardFault] = -1;
    this.irqEnabled = 0;
  }

  /** Stores a priority byte written by software, keeping only the implemented bits. */
  setPriority(n: number, byte: number): void {
    if (n < 4) return;
    this.priority[n] = byte & ((0xff << (8 - this.priorityBits)) & 0xff);
  }

  /** Current execution priority (B1.5.4): the highest active priority, boosted by PRIMASK to 0. */
  executionPriority(primask: number): number {
    let p = THREAD_PRIORITY;
    for (let n = 1; n < EXCEPTION_COUNT; n++) {
      if (this.active[n] !== 0 && this.priority[n]! < p) p = this.priority[n]!;
    }
    return primask !== 0 && p > 0 ? 0 : p;
  }

  /** Highest-priority pending exception that could preempt `limit`, or 0 for none. */
  highestPending(limit: number): number {
    let best = 0;
    let bestPriority = limit;
    for (let n = 1; n < EXCEPTION_COUNT; n++) {
      if (this.pending[n] === 0) continue;
      if (n >= EXC.IRQ0 && ((this.irqEnabled >>> (n - EXC.IRQ0)) & 1) === 0) continue;
      if (this.priority[n]! < bestPriority) {
        best = n;
        bestPriority = this.priority[n]!;
      }
    }
    return best;
  }

  anyActive(): boolean {
    return this.active.some((a) => a !== 0);
  }
}

/** Takes the highest pending exception if it can preempt the current execution priority. */
export function takePendingException(cpu: CortexM): void {
  const exc = cpu.exceptions;
  const n = exc.highestPending(exc.executionPriority(cpu.primask));
  if (n !== 0) takeException(cpu, n, cpu.pc);
}

/** Exception entry (B1.5.6 PushStack + ExceptionTaken). `returnAddress` is stacked as the PC. */
export function takeException(cpu: CortexM, n: number, returnAddress: number): void {
  const sp = cpu.r[13]!;
  const frame = ((sp - 0x20) & ~4) >>> 0;
  const stackAlign = (sp >>> 2) & 1;
  const words = [cpu.r[0]!, cpu.r[1]!, cpu.r[2]!, cpu.r[3]!, cpu.r[12]!, cpu.r[14]!, returnAddress];
  for (let i = 0; i < words.length; i++) cpu.write32(frame + 4 * i, words[i]!);
  cpu.write32(frame + 28, (cpu.xpsr & ~(1 << 9)) | (stackAlign << 9));
  cpu.r[13] = frame;
  cpu.r[14] = cpu.handlerMode ? 0xfffffff1 : cpu.usingProcessStack ? 0xfffffffd : 0xfffffff9;
  cpu.selectStack(false);
  cpu.control &= ~2;
  cpu.ipsr = n;
  cpu.exceptions.pending[n] = 0;
  cpu.exceptions.active[n] = 1;
  const vector = cpu.read32((cpu.scs.vtor + 4 * n) >>> 0);
  cpu.pc = vector & ~1;
  if ((vector & 1) === 0) cpu.thumbBitClear = true;
  cpu.eventRegister = 1;
  cpu.cycles += cpu.priceCycles[T.exceptionEntry]!;
  cpu.attention = true;
}

/** Exception return (B1.5.8): called when BX/POP loads an EXC_RETURN value in Handler mode. */
export function exceptionReturn(cpu: CortexM, excReturn: number): void {
  const kind = excReturn & 0xf;
  if ((excReturn & 0x0ffffff0) !== 0x0ffffff0 || (kind !== 1 && kind !== 9 && kind !== 0xd)) {
    throw new GuestFault(`invalid EXC_RETURN 0x${(excReturn >>> 0).toString(16)}`);
  }
  const toProcess = kind === 0xd;
  const toThread = kind !== 1;
  cpu.exceptions.active[cpu.ipsr] = 0;
  // In Handler mode r13 is MSP and the inactive one is PSP.
  let msp = cpu.r[13]!;
  let psp = cpu.spInactive;
  const frame = toProcess ? psp : msp;
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(cpu.read32((frame + 4 * i) >>> 0));
  const psr = words[7]!;
  const restoredSp = ((frame + 0x20) | (((psr >>> 9) & 1) << 2)) >>> 0;
  if (toProcess) psp = restoredSp;
  else msp = restoredSp;
  for (let i = 0; i < 4; i++) cpu.r[i] = words[i]!;
  cpu.r[12] = words[4]!;
  cpu.r[14] = words[5]!;
  cpu.nextPc = words[6]! & ~1;
  cpu.n = psr >>> 31;
  cpu.z = (psr >>> 30) & 1;
  cpu.c = (psr >>> 29) & 1;
  cpu.v = (psr >>> 28) & 1;
  if (((psr >>> 24) & 1) === 0) cpu.thumbBitClear = true;
  cpu.ipsr = toThread ? 0 : psr & 0x3f;
  cpu.control = toProcess ? cpu.control | 2 : cpu.control & ~2;
  cpu.r[13] = cpu.usingProcessStack ? psp : msp;
  cpu.spInactive = cpu.usingProcessStack ? msp : psp;
  cpu.eventRegister = 1;
  cpu.cycles += cpu.priceCycles[T.exceptionReturn]!;
  cpu.attention = true;
  if (toThread && cpu.scs.sleepOnExit) cpu.sleep();
}
