/**
 * ARMv6-M branches, exception-generating and system instructions (ARM DDI0419 A6.7): B, BL, BX,
 * BLX, SVC, BKPT (semihosting), UDF, the hints, CPS, MRS/MSR and the barriers.
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import { GuestFault } from '../../core/cortex-m/fault.js';
import { EXC, exceptionReturn } from '../../core/cortex-m/exceptions.js';
import { T } from '../../core/cortex-m/timing.js';
import { semihostingCall } from '../../semihosting.js';
import { conditionPassed } from './flags.js';

/** BXWritePC: interworking branch; in Handler mode 0xFxxxxxxx is an exception return. */
export function bxWritePc(cpu: CortexM, target: number): void {
  if (cpu.handlerMode && target >>> 28 === 0xf) return exceptionReturn(cpu, target);
  cpu.nextPc = target & ~1;
  if ((target & 1) === 0) {
    cpu.thumbBitClear = true;
    cpu.attention = true;
  }
}

/** B<cond> label (T1): imm8 * 2, signed. */
export function bCond(cpu: CortexM, op: number): number {
  if (!conditionPassed(cpu, (op >>> 8) & 15)) return T.branchNotTaken;
  cpu.nextPc = (cpu.r[15]! + ((op << 24) >> 23)) >>> 0;
  return T.branchTaken;
}

/** B label (T2): imm11 * 2, signed. */
export function b(cpu: CortexM, op: number): number {
  cpu.nextPc = (cpu.r[15]! + ((op << 21) >> 20)) >>> 0;
  return T.branch;
}

/** BL label (32-bit): offset = S:I1:I2:imm10:imm11:0 with I = NOT(J XOR S). */
export function bl(cpu: CortexM, op: number): number {
  const s = (op >>> 26) & 1;
  const i1 = ~((op >>> 13) ^ s) & 1;
  const i2 = ~((op >>> 11) ^ s) & 1;
  const imm =
    (s << 24) | (i1 << 23) | (i2 << 22) | (((op >>> 16) & 0x3ff) << 12) | ((op & 0x7ff) << 1);
  cpu.r[14] = (cpu.nextPc | 1) >>> 0;
  cpu.nextPc = (cpu.r[15]! + ((imm << 7) >> 7)) >>> 0;
  return T.branchLink;
}

export function bx(cpu: CortexM, op: number): number {
  bxWritePc(cpu, cpu.r[(op >>> 3) & 15]!);
  return T.branchExchange;
}

export function blx(cpu: CortexM, op: number): number {
  const target = cpu.r[(op >>> 3) & 15]!;
  cpu.r[14] = (cpu.nextPc | 1) >>> 0;
  cpu.nextPc = target & ~1;
  if ((target & 1) === 0) {
    cpu.thumbBitClear = true;
    cpu.attention = true;
  }
  return T.branchExchange;
}

/** SVC #imm8: SVCall is taken after this instruction, or escalates to HardFault if it cannot be. */
export function svc(cpu: CortexM, _op: number): number {
  const exc = cpu.exceptions;
  if (exc.priority[EXC.SVCall]! >= cpu.executionPriority()) {
    throw new GuestFault('SVC executed where SVCall cannot preempt (escalated to HardFault)');
  }
  cpu.pend(EXC.SVCall);
  return T.trap;
}

/** BKPT #imm8: 0xAB is a semihosting call (r0 = operation, r1 = parameter); others fault. */
export function bkpt(cpu: CortexM, op: number): number {
  if ((op & 0xff) !== 0xab)
    throw new GuestFault(`BKPT #${op & 0xff} with no debugger attached`, op & 0xff);
  const outcome = semihostingCall({
    op: cpu.r[0]!,
    param: cpu.r[1]!,
    bus: cpu.bus,
    host: cpu.host,
    elapsedCycles: cpu.cycles,
    clockHz: cpu.clockHz,
  });
  cpu.bus.waitCycles = 0;
  if (outcome.kind === 'return') cpu.r[0] = outcome.value >>> 0;
  else if (outcome.kind === 'exit') cpu.halt = { kind: 'semihosting', code: outcome.code };
  else cpu.stop('semihosting', outcome.detail);
  cpu.attention = cpu.attention || cpu.halt !== undefined;
  return T.trap;
}

export function udf(_cpu: CortexM, _op: number): number {
  throw new GuestFault('undefined instruction (UDF)');
}

export function nop(_cpu: CortexM, _op: number): number {
  return T.alu;
}

export function wfi(cpu: CortexM, _op: number): number {
  cpu.sleep();
  return T.sleep;
}

export function wfe(cpu: CortexM, _op: number): number {
  if (cpu.eventRegister !== 0) cpu.eventRegister = 0;
  else cpu.sleep();
  return T.sleep;
}

export function sev(cpu: CortexM, _op: number): number {
  cpu.eventRegister = 1;
  cpu.sendEvent();
  return T.alu;
}

/** CPSIE i / CPSID i (privileged only; ignored otherwise). */
export function cps(cpu: CortexM, op: number): number {
  if (cpu.privileged) {
    cpu.primask = (op >>> 4) & 1;
    cpu.attention = true;
  }
  return T.alu;
}

/** DMB, DSB: memory accesses complete in order here, so nothing to wait for. */
export function barrier(_cpu: CortexM, _op: number): number {
  return T.system;
}

/**
 * ISB: the decoded-instruction cache already follows stores to code, so nothing stale is left to
 * flush; what remains is the pipeline refill, priced by the core model.
 */
export function isb(_cpu: CortexM, _op: number): number {
  return T.instructionBarrier;
}

/** MRS Rd, <spec_reg> (32-bit): Rd = hw2[11:8], SYSm = hw2[7:0]. */
export function mrs(cpu: CortexM, op: number): number {
  cpu.r[(op >>> 8) & 15] = readSpecial(cpu, op & 0xff) >>> 0;
  return T.system;
}

/** MSR <spec_reg>, Rn (32-bit): Rn = hw1[3:0], SYSm = hw2[7:0]. */
export function msr(cpu: CortexM, op: number): number {
  writeSpecial(cpu, op & 0xff, cpu.r[(op >>> 16) & 15]!);
  cpu.attention = true;
  return T.system;
}

/** SYSm encodings: ARMv6-M B5.2.2. A v7-M core adds BASEPRI (17, 18) and FAULTMASK (19). */
function readSpecial(cpu: CortexM, sysm: number): number {
  if (sysm < 8) {
    const apsr = (sysm & 4) === 0 ? cpu.xpsr & 0xf80f0000 : 0; // N Z C V, and Q GE[3:0] on v7-M
    return apsr | ((sysm & 1) !== 0 ? cpu.ipsr : 0); // EPSR reads as zero
  }
  switch (sysm) {
    case 8:
      return cpu.usingProcessStack ? cpu.spInactive : cpu.r[13]!;
    case 9:
      return cpu.usingProcessStack ? cpu.r[13]! : cpu.spInactive;
    case 16:
      return cpu.primask;
    case 20:
      return cpu.control;
    default:
      return 0;
  }
}

function writeSpecial(cpu: CortexM, sysm: number, value: number): void {
  if (sysm < 4) {
    cpu.n = value >>> 31;
    cpu.z = (value >>> 30) & 1;
    cpu.c = (value >>> 29) & 1;
    cpu.v = (value >>> 28) & 1;
    return;
  }
  if (!cpu.privileged) return;
  switch (sysm) {
    case 8:
      if (cpu.usingProcessStack) cpu.spInactive = value & ~3;
      else cpu.r[13] = value & ~3;
      return;
    case 9:
      if (cpu.usingProcessStack) cpu.r[13] = value & ~3;
      else cpu.spInactive = value & ~3;
      return;
    case 16:
      cpu.primask = value & 1;
      return;
    case 20:
      if (!cpu.handlerMode) {
        cpu.selectStack((value & 2) !== 0);
        cpu.control = value & cpu.controlWritable;
      } else {
        cpu.control = (cpu.control & 2) | (value & cpu.controlWritable & ~2);
      }
      return;
  }
}
