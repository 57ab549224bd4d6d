/**
 * System Control Space registers that ARMv7-M adds or changes (ARM DDI0403E B3.2, B3.4): ICTR,
 * ACTLR, CCR (UNALIGN_TRP writable), SHPR1, SHCSR's enable/active/pending bits, the fault status
 * registers, STIR, and on a core with an FPU the FP context registers FPCCR/FPCAR/FPDSCR and the
 * media feature registers.
 */
import type { CortexM } from './core.js';
import { EXC } from './exceptions.js';
import { FPCCR_ASPEN, FPCCR_LSPACT, FPCCR_LSPEN } from '../../isa/armv7m/state.js';

const ICTR = 0xe000e004;
const ACTLR = 0xe000e008;
const CCR = 0xe000ed14;
const SHPR1 = 0xe000ed18;
const SHCSR = 0xe000ed24;
const CFSR = 0xe000ed28;
const HFSR = 0xe000ed2c;
const DFSR = 0xe000ed30;
const MMFAR = 0xe000ed34;
const BFAR = 0xe000ed38;
const AFSR = 0xe000ed3c;
const STIR = 0xe000ef00;
const FPCCR = 0xe000ef34;
const FPCAR = 0xe000ef38;
const FPDSCR = 0xe000ef3c;
const MVFR0 = 0xe000ef40;
const MVFR1 = 0xe000ef44;

/** CCR.STKALIGN (reset value on Cortex-M4 r0p1 and later; read-only here) and UNALIGN_TRP. */
const CCR_STKALIGN = 1 << 9;
const CCR_UNALIGN_TRP = 1 << 3;
/** FPDSCR holds AHP, DN, FZ and RMode (B3.2.22). */
const FPDSCR_BITS = 0x07c00000;
/** SHCSR.MEMFAULTENA, BUSFAULTENA, USGFAULTENA (B3.2.13). */
const SHCSR_ENABLES = 0x70000;

/** SHCSR active bits (bit -> exception) and pending bits (B3.2.13). */
const SHCSR_ACTIVE: readonly (readonly [number, number])[] = [
  [0, EXC.MemManage],
  [1, EXC.BusFault],
  [3, EXC.UsageFault],
  [7, EXC.SVCall],
  [10, EXC.PendSV],
  [11, EXC.SysTick],
  [12, -EXC.UsageFault],
  [13, -EXC.MemManage],
  [14, -EXC.BusFault],
  [15, -EXC.SVCall],
];

function shcsr(cpu: CortexM): number {
  const exc = cpu.exceptions;
  let value = cpu.scs.faultEnables;
  for (const [bit, n] of SHCSR_ACTIVE) {
    const set = n > 0 ? exc.active[n] : exc.pending[-n];
    if (set) value |= 1 << bit;
  }
  return value >>> 0;
}

/** The register's value, or undefined when `addr` is not a v7-M addition. */
export function readV7Register(cpu: CortexM, addr: number): number | undefined {
  const exc = cpu.exceptions;
  const st = cpu.armv7m!;
  switch (addr) {
    case ICTR:
      return Math.ceil((exc.count - EXC.IRQ0) / 32) - 1;
    case CCR:
      return CCR_STKALIGN | (cpu.scs.unalignTrap ? CCR_UNALIGN_TRP : 0);
    case ACTLR:
    case DFSR:
    case MMFAR:
    case BFAR:
    case AFSR:
      return 0;
    case SHPR1:
      return (
        (exc.priority[EXC.MemManage]! & 0xff) |
        ((exc.priority[EXC.BusFault]! & 0xff) << 8) |
        ((exc.priority[EXC.UsageFault]! & 0xff) << 16)
      );
    case SHCSR:
      return shcsr(cpu);
    case CFSR:
      return cpu.scs.cfsr;
    case HFSR:
      return cpu.scs.hfsr;
  }
  if (!cpu.hasFpu) return undefined;
  switch (addr) {
    case FPCCR:
      return st.fpccr;
    case FPCAR:
      return st.fpcar;
    case FPDSCR:
      return st.fpdscr;
    case MVFR0:
      return 0x10110021; // Cortex-M4 TRM (ARM 100166) table 7-2: single precision, square root, divide
    case MVFR1:
      return 0x11000011; // Cortex-M4 TRM table 7-2: FP fused MAC, half precision, FZ, DN
  }
  return undefined;
}

/** Writes a v7-M addition; false when `addr` is not one. */
export function writeV7Register(cpu: CortexM, addr: number, value: number): boolean {
  const exc = cpu.exceptions;
  const st = cpu.armv7m!;
  switch (addr) {
    case CCR:
      cpu.scs.unalignTrap = (value & CCR_UNALIGN_TRP) !== 0;
      return true;
    case SHPR1:
      exc.setPriority(EXC.MemManage, value);
      exc.setPriority(EXC.BusFault, value >>> 8);
      exc.setPriority(EXC.UsageFault, value >>> 16);
      return true;
    case SHCSR:
      cpu.scs.faultEnables = value & SHCSR_ENABLES;
      return true;
    case CFSR:
      cpu.scs.cfsr = (cpu.scs.cfsr & ~value) >>> 0; // write one to clear
      return true;
    case HFSR:
      cpu.scs.hfsr = (cpu.scs.hfsr & ~value) >>> 0;
      return true;
    case STIR:
      if ((value & 0x1ff) < exc.count - EXC.IRQ0) cpu.pend(EXC.IRQ0 + (value & 0x1ff));
      return true;
    case ICTR:
    case ACTLR:
    case DFSR:
    case MMFAR:
    case BFAR:
    case AFSR:
      return true; // read-only here, or nothing modelled behind them
  }
  if (!cpu.hasFpu) return false;
  switch (addr) {
    case FPCCR:
      st.fpccr = (value & (FPCCR_ASPEN | FPCCR_LSPEN | FPCCR_LSPACT)) >>> 0;
      return true;
    case FPCAR:
      st.fpcar = (value & ~7) >>> 0;
      return true;
    case FPDSCR:
      st.fpdscr = value & FPDSCR_BITS;
      return true;
    case MVFR0:
    case MVFR1:
      return true;
  }
  return false;
}
