/**
 * The FP context of an ARMv7-M core with an FPU (ARM DDI0403E B1.5.6-B1.5.8, B3.2.20-B3.2.22):
 * the extended exception frame (S0-S15 and FPSCR after the basic frame), lazy stacking
 * (FPCCR.LSPEN: the frame's FP area is reserved at entry and written only when the handler first
 * executes an FP instruction), and the checks every FP instruction makes first (ExecuteFPCheck):
 * coprocessor access in CPACR, a pending lazy save, a new FP context (CONTROL.FPCA, FPDSCR).
 */
import type { CortexM } from './core.js';
import { GuestFault } from './fault.js';
import { FPCCR_ASPEN, FPCCR_LSPACT, FPCCR_LSPEN } from '../../isa/armv7m/state.js';
import { V } from '../../isa/armv7m/timing.js';

/** Basic frame (8 words) + S0-S15 + FPSCR + a reserved word. */
export const FP_FRAME_BYTES = 0x68;
/** Offset of S0 in the extended frame. */
const FP_AREA = 0x20;
/** CFSR.UFSR.NOCP (B3.2.15) and HFSR.FORCED (B3.2.16). */
export const CFSR_NOCP = 1 << 19;
export const HFSR_FORCED = 1 << 30;

function state(cpu: CortexM) {
  const st = cpu.armv7m;
  if (st === undefined) throw new Error('FP context on a core without ARMv7-M state');
  return st;
}

/** Stores S0-S15 and FPSCR at `area` (the FP part of an extended frame). */
function storeFpRegisters(cpu: CortexM, area: number): void {
  const fpu = state(cpu).fpu;
  for (let i = 0; i < 16; i++) cpu.write32((area + 4 * i) >>> 0, fpu.bits[i]!);
  cpu.write32((area + 0x40) >>> 0, fpu.fpscr);
  cpu.cycles += cpu.priceCycles[V.fpuContext]!;
}

/** Exception entry with CONTROL.FPCA set: save the FP registers now, or reserve space (lazy). */
export function pushFpContext(cpu: CortexM, frame: number): void {
  const st = state(cpu);
  if ((st.fpccr & FPCCR_LSPEN) === 0) return storeFpRegisters(cpu, frame + FP_AREA);
  st.fpcar = (frame + FP_AREA) >>> 0;
  st.fpccr = (st.fpccr | FPCCR_LSPACT) >>> 0;
}

/** Exception return to an extended frame: reload the FP registers unless they were never saved. */
export function popFpContext(cpu: CortexM, frame: number): void {
  const st = state(cpu);
  if ((st.fpccr & FPCCR_LSPACT) !== 0) {
    st.fpccr = (st.fpccr & ~FPCCR_LSPACT) >>> 0; // the registers still hold the caller's values
    return;
  }
  const area = frame + FP_AREA;
  for (let i = 0; i < 16; i++) st.fpu.bits[i] = cpu.read32((area + 4 * i) >>> 0);
  st.fpu.fpscr = cpu.read32((area + 0x40) >>> 0);
}

/**
 * ExecuteFPCheck (B1.4.7 / B3.2.20): runs before every FP instruction. CP10 access 0b00 or 0b10, or
 * 0b01 when unprivileged, is a UsageFault (NOCP); with the fault exceptions disabled it escalates to
 * HardFault.
 */
export function executeFpCheck(cpu: CortexM): void {
  const cp10 = (cpu.scs.cpacr >>> 20) & 3;
  if (cp10 === 0 || cp10 === 2 || (cp10 === 1 && !cpu.privileged)) {
    cpu.scs.cfsr |= CFSR_NOCP;
    cpu.scs.hfsr |= HFSR_FORCED;
    throw new GuestFault(
      'UsageFault (NOCP) escalated to HardFault: FPU instruction with CP10/CP11 disabled in CPACR',
    );
  }
  const st = state(cpu);
  if ((st.fpccr & FPCCR_LSPACT) !== 0) {
    st.fpccr = (st.fpccr & ~FPCCR_LSPACT) >>> 0;
    storeFpRegisters(cpu, st.fpcar);
  }
  if ((st.fpccr & FPCCR_ASPEN) !== 0 && (cpu.control & 4) === 0) {
    st.fpu.fpscr = st.fpdscr;
    cpu.control |= 4;
  }
}
