/**
 * The exception model of ARMv6-M (ARM DDI0419 B1.5) and ARMv7-M (ARM DDI0403E B1.5): priorities,
 * pending and active state, exception entry with stacking and exception return. On a v7-M core
 * (`cpu.armv7m` present) entry and return also carry Q, GE and ITSTATE in the stacked xPSR, clear
 * the exclusive monitor, and stack the FP context (fp-context.ts) when CONTROL.FPCA is set.
 */
import type { CortexM } from './core.js';
import { GuestFault } from './fault.js';
import { T } from './timing.js';
import { popFpContext, pushFpContext, FP_FRAME_BYTES } from './fp-context.js';

/** Exception numbers (ARMv7-M B1.5.2). External interrupt k is `EXC.IRQ0 + k`. */
export const EXC = {
  Reset: 1,
  NMI: 2,
  HardFault: 3,
  MemManage: 4,
  BusFault: 5,
  UsageFault: 6,
  SVCall: 11,
  PendSV: 14,
  SysTick: 15,
  IRQ0: 16,
} as const;

/** Above every configurable priority: the execution priority with nothing active. */
const THREAD_PRIORITY = 256;

/** What the NVIC of a core model implements. */
export interface NvicConfig {
  /** Implemented priority bits (top bits of each priority byte): 2 on ARMv6-M, 3..8 on v7-M. */
  priorityBits: number;
  /** External interrupts (ARMv6-M: up to 32; ARMv7-M: up to 496). */
  interrupts: number;
}

export const ARMV6M_NVIC: NvicConfig = { priorityBits: 2, interrupts: 32 };

export class ExceptionState {
  /** 16 system exceptions plus the external interrupts. */
  readonly count: number;
  readonly pending: Uint8Array;
  readonly active: Uint8Array;
  /** NVIC_ISER: 1 where external interrupt k (index IRQ0 + k) is enabled; system ones always 1. */
  readonly enabled: Uint8Array;
  /**
   * 1 while an external interrupt's input line is high (level-sensitive, as the RP2040's are):
   * the interrupt pends again when its handler returns or software clears it while the line stays
   * high (ARMv6-M B3.4.1). Outside the core, so a core reset keeps it.
   */
  readonly level: Uint8Array;
  /** Priority of each exception: fixed -3..-1 for Reset/NMI/HardFault, else the implemented bits. */
  readonly priority: Int16Array;
  readonly priorityBits: number;
  /** The implemented bits of a priority byte. */
  readonly priorityMask: number;

  constructor(nvic: NvicConfig = ARMV6M_NVIC) {
    this.count = EXC.IRQ0 + nvic.interrupts;
    this.pending = new Uint8Array(this.count);
    this.active = new Uint8Array(this.count);
    this.enabled = new Uint8Array(this.count);
    this.level = new Uint8Array(this.count);
    this.priority = new Int16Array(this.count);
    this.priorityBits = nvic.priorityBits;
    this.priorityMask = (0xff << (8 - nvic.priorityBits)) & 0xff;
  }

  reset(): void {
    this.pending.fill(0);
    this.active.fill(0);
    this.priority.fill(0);
    this.enabled.fill(0);
    this.enabled.fill(1, 0, EXC.IRQ0);
    this.priority[EXC.Reset] = -3;
    this.priority[EXC.NMI] = -2;
    this.priority[EXC.HardFault] = -1;
  }

  /** Stores a priority byte written by software, keeping only the implemented bits. */
  setPriority(n: number, byte: number): void {
    if (n < 4 || n >= this.count) return;
    this.priority[n] = byte & this.priorityMask;
  }

  /**
   * Current execution priority (v7-M B1.5.4): the highest active priority, boosted to 0 by PRIMASK,
   * to BASEPRI (implemented bits) when that is higher, and to -1 by FAULTMASK. PRIGROUP is 0, so
   * with at most 7 implemented bits every bit is group priority.
   */
  executionPriority(primask: number, basepri = 0, faultmask = 0): number {
    let p = THREAD_PRIORITY;
    for (let n = 1; n < this.count; n++) {
      if (this.active[n] !== 0 && this.priority[n]! < p) p = this.priority[n]!;
    }
    const base = basepri & this.priorityMask;
    if (base !== 0 && base < p) p = base;
    if (primask !== 0 && p > 0) p = 0;
    if (faultmask !== 0 && p > -1) p = -1;
    return p;
  }

  /** Highest-priority pending exception that could preempt `limit`, or 0 for none. */
  highestPending(limit: number): number {
    let best = 0;
    let bestPriority = limit;
    for (let n = 1; n < this.count; n++) {
      if (this.pending[n] === 0 || this.enabled[n] === 0) continue;
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
  const n = cpu.exceptions.highestPending(cpu.executionPriority());
  if (n !== 0) takeException(cpu, n, cpu.pc);
}

/** Exception entry (v7-M B1.5.6 PushStack + ExceptionTaken). `returnAddress` is stacked as the PC. */
export function takeException(cpu: CortexM, n: number, returnAddress: number): void {
  const fpContext = (cpu.control & 4) !== 0;
  const frameBytes = fpContext ? FP_FRAME_BYTES : 0x20;
  const sp = cpu.r[13]!;
  const frame = ((sp - frameBytes) & ~4) >>> 0;
  const stackAlign = (sp >>> 2) & 1;
  const words = [cpu.r[0]!, cpu.r[1]!, cpu.r[2]!, cpu.r[3]!, cpu.r[12]!, cpu.r[14]!, returnAddress];
  for (let i = 0; i < words.length; i++) cpu.write32(frame + 4 * i, words[i]!);
  cpu.write32(frame + 28, (cpu.xpsr & ~(1 << 9)) | (stackAlign << 9));
  if (fpContext) pushFpContext(cpu, frame);
  cpu.r[13] = frame;
  const mode = cpu.handlerMode ? 0x1 : cpu.usingProcessStack ? 0xd : 0x9;
  cpu.r[14] = (0xffffffe0 | (fpContext ? 0 : 0x10) | mode) >>> 0;
  cpu.selectStack(false);
  cpu.control &= ~6; // SPSEL and FPCA
  cpu.ipsr = n;
  const st = cpu.armv7m;
  if (st !== undefined) {
    st.itstate = 0;
    st.exclusiveAddress = -1;
  }
  cpu.exceptions.pending[n] = 0;
  cpu.exceptions.active[n] = 1;
  const vector = cpu.read32((cpu.scs.vtor + 4 * n) >>> 0);
  cpu.pc = vector & ~1;
  if ((vector & 1) === 0) cpu.thumbBitClear = true;
  cpu.eventRegister = 1;
  cpu.cycles += cpu.priceCycles[T.exceptionEntry]!;
  cpu.attention = true;
}

/** Checks an EXC_RETURN value (v7-M B1.5.8): bit 4 clear (FP frame) only on a core with an FPU. */
function checkExcReturn(cpu: CortexM, excReturn: number): void {
  const kind = excReturn & 0xf;
  const fpFrameAllowed = cpu.hasFpu ? 0x10 : 0;
  const fixedOk = ((excReturn | fpFrameAllowed) & 0x0ffffff0) === 0x0ffffff0;
  if (!fixedOk || (kind !== 1 && kind !== 9 && kind !== 0xd)) {
    throw new GuestFault(`invalid EXC_RETURN 0x${(excReturn >>> 0).toString(16)}`);
  }
}

/** Exception return (B1.5.8): called when BX/POP/LDM loads an EXC_RETURN value in Handler mode. */
export function exceptionReturn(cpu: CortexM, excReturn: number): void {
  checkExcReturn(cpu, excReturn);
  const kind = excReturn & 0xf;
  const fpFrame = (excReturn & 0x10) === 0;
  const toProcess = kind === 0xd;
  const toThread = kind !== 1;
  const st = cpu.armv7m;
  if (st !== undefined && cpu.ipsr !== EXC.NMI) st.faultmask = 0;
  const returning = cpu.ipsr;
  cpu.exceptions.active[returning] = 0;
  if (cpu.exceptions.level[returning] === 1) cpu.pend(returning);
  // In Handler mode r13 is MSP and the inactive one is PSP.
  let msp = cpu.r[13]!;
  let psp = cpu.spInactive;
  const frame = toProcess ? psp : msp;
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(cpu.read32((frame + 4 * i) >>> 0));
  if (fpFrame) popFpContext(cpu, frame);
  const psr = words[7]!;
  const frameBytes = fpFrame ? FP_FRAME_BYTES : 0x20;
  const restoredSp = ((frame + frameBytes) | (((psr >>> 9) & 1) << 2)) >>> 0;
  if (toProcess) psp = restoredSp;
  else msp = restoredSp;
  for (let i = 0; i < 4; i++) cpu.r[i] = words[i]!;
  cpu.r[12] = words[4]!;
  cpu.r[14] = words[5]!;
  cpu.nextPc = words[6]! & ~1;
  restorePsr(cpu, psr);
  cpu.ipsr = toThread ? 0 : psr & 0x1ff;
  cpu.control = toProcess ? cpu.control | 2 : cpu.control & ~2;
  cpu.control = fpFrame ? cpu.control | 4 : cpu.control & ~4;
  cpu.r[13] = cpu.usingProcessStack ? psp : msp;
  cpu.spInactive = cpu.usingProcessStack ? msp : psp;
  cpu.eventRegister = 1;
  cpu.cycles += cpu.priceCycles[T.exceptionReturn]!;
  cpu.attention = true;
  if (toThread && cpu.scs.sleepOnExit) cpu.sleep();
}

/** APSR (N Z C V, and on v7-M Q and GE) and EPSR (T, ITSTATE) from a stacked xPSR. */
function restorePsr(cpu: CortexM, psr: number): void {
  cpu.n = psr >>> 31;
  cpu.z = (psr >>> 30) & 1;
  cpu.c = (psr >>> 29) & 1;
  cpu.v = (psr >>> 28) & 1;
  if (((psr >>> 24) & 1) === 0) cpu.thumbBitClear = true;
  const st = cpu.armv7m;
  if (st === undefined) return;
  st.q = (psr >>> 27) & 1;
  st.ge = (psr >>> 16) & 0xf;
  st.itstate = ((psr >>> 8) & 0xfc) | ((psr >>> 25) & 3);
}
