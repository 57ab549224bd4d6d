/**
 * The core-private Private Peripheral Bus: System Control Space (SCB, NVIC, SysTick; ARMv6-M ARM
 * B3.2-B3.4, ARMv7-M ARM B3.2-B3.4) and the DWT cycle counter. Register addresses are the
 * architecture's; unknown PPB addresses fault, so firmware touching something unmodelled is
 * visible. The v7-M registers (fault status, SHPR1, FP context control) exist on v7-M cores only.
 */
import { BusFault } from '../../memory/bus.js';
import type { CortexM } from './core.js';
import { EXC } from './exceptions.js';
import { readV7Register, writeV7Register } from './scs-v7.js';

const DWT_CTRL = 0xe0001000;
const DWT_CYCCNT = 0xe0001004;
const SYST_CSR = 0xe000e010;
const SYST_RVR = 0xe000e014;
const SYST_CVR = 0xe000e018;
const SYST_CALIB = 0xe000e01c;
const NVIC_ISER = 0xe000e100;
const NVIC_IPR0 = 0xe000e400;
/** The NVIC bit-per-interrupt registers (ARMv7-M B3.4.3): ISER, ICER, ISPR, ICPR, IABR at 0x80
 * steps from 0xE000E100, 16 words each (words past the implemented interrupts read as zero). */
const NVIC_BITS_END = 0xe000e340;

function isNvicBitRegister(addr: number): boolean {
  return addr >= NVIC_ISER && addr < NVIC_BITS_END && ((addr - NVIC_ISER) & 0x7f) < 0x40;
}
const CPUID = 0xe000ed00;
const ICSR = 0xe000ed04;
const VTOR = 0xe000ed08;
const AIRCR = 0xe000ed0c;
const SCR = 0xe000ed10;
const CCR = 0xe000ed14;
const SHPR1 = 0xe000ed18;
const SHPR2 = 0xe000ed1c;
const SHPR3 = 0xe000ed20;
const SHCSR = 0xe000ed24;
const CPACR = 0xe000ed88;
const MPU_TYPE = 0xe000ed90;
const DEMCR = 0xe000edfc;

export class SystemControlSpace {
  vtor = 0;
  sleepOnExit = false;
  sleepDeep = false;
  sevOnPend = false;
  cpacr = 0;
  demcr = 0;
  /** Configurable and HardFault status (v7-M B3.2.15, B3.2.16); write-one-to-clear. */
  cfsr = 0;
  hfsr = 0;
  /** SHCSR.MEMFAULTENA/BUSFAULTENA/USGFAULTENA as written (v7-M); faults still escalate. */
  faultEnables = 0;
  /** CCR.UNALIGN_TRP (v7-M B3.2.8): unaligned LDR/STR/LDRH/STRH fault instead of being split. */
  unalignTrap = false;
  /** The end of the NVIC_IPR registers of the implemented interrupts. */
  private readonly iprEnd: number;
  private cycleCounterOn = false;
  /** CYCCNT = core cycles - cycleCounterBase while enabled. */
  private cycleCounterBase = 0;
  private cycleCounterFrozen = 0;

  constructor(
    private readonly cpu: CortexM,
    private readonly cpuid: number,
  ) {
    this.iprEnd = NVIC_IPR0 + ((cpu.exceptions.count - EXC.IRQ0 + 3) & ~3);
  }

  reset(): void {
    this.cpacr = this.demcr = this.cfsr = this.hfsr = this.faultEnables = 0;
    this.sleepOnExit = this.sleepDeep = this.sevOnPend = this.unalignTrap = false;
  }

  private isPriorityRegister(aligned: number): boolean {
    return (
      (aligned >= NVIC_IPR0 && aligned < this.iprEnd) ||
      aligned === SHPR1 ||
      aligned === SHPR2 ||
      aligned === SHPR3
    );
  }

  read(addr: number, size: 1 | 2 | 4): number {
    const word = this.readWord((addr & ~3) >>> 0, size);
    if (size === 4) return word >>> 0;
    const shift = (addr & 3) * 8;
    return (word >>> shift) & (size === 1 ? 0xff : 0xffff);
  }

  write(addr: number, size: 1 | 2 | 4, value: number): void {
    const aligned = (addr & ~3) >>> 0;
    if (size === 4) return this.writeWord(aligned, value >>> 0, size);
    const shift = (addr & 3) * 8;
    const mask = (size === 1 ? 0xff : 0xffff) << shift;
    // Priority registers merge the lanes; elsewhere untouched lanes are written as 0 (no-ops).
    const old = this.isPriorityRegister(aligned) ? this.readWord(aligned, 4) : 0;
    this.writeWord(aligned, ((old & ~mask) | ((value << shift) & mask)) >>> 0, size);
  }

  private readWord(addr: number, size: 1 | 2 | 4): number {
    this.checkAccess(addr, false, size);
    const exc = this.cpu.exceptions;
    if (addr >= NVIC_IPR0 && addr < this.iprEnd)
      return this.priorityWord(EXC.IRQ0 + (addr - NVIC_IPR0));
    if (isNvicBitRegister(addr)) return this.readNvicBits(addr);
    if (this.cpu.armv7m !== undefined) {
      const value = readV7Register(this.cpu, addr);
      if (value !== undefined) return value >>> 0;
    }
    switch (addr) {
      case DWT_CTRL:
        return this.cycleCounterOn ? 1 : 0;
      case DWT_CYCCNT:
        return this.cycleCount();
      case SYST_CSR:
        return this.cpu.sysTick.readCsr();
      case SYST_RVR:
        return this.cpu.sysTick.reload;
      case SYST_CVR:
        return this.cpu.sysTick.current();
      case SYST_CALIB:
        return 0xc0000000; // NOREF, SKEW: no reference clock, TENMS unknown
      case CPUID:
        return this.cpuid;
      case ICSR:
        return this.icsr();
      case VTOR:
        return this.vtor;
      case AIRCR:
        return 0xfa050000;
      case SCR:
        return (this.sevOnPend ? 16 : 0) | (this.sleepDeep ? 4 : 0) | (this.sleepOnExit ? 2 : 0);
      case CCR:
        // ARMv6-M: STKALIGN and UNALIGN_TRP read as one. (v7-M: scs-v7.ts.)
        return 0x208;
      case SHPR2:
        return (exc.priority[EXC.SVCall]! & 0xff) << 24;
      case SHPR3:
        return (
          (((exc.priority[EXC.SysTick]! & 0xff) << 24) |
            ((exc.priority[EXC.PendSV]! & 0xff) << 16)) >>>
          0
        );
      case SHCSR:
        return exc.pending[EXC.SVCall] ? 1 << 15 : 0;
      case CPACR:
        return this.cpacr;
      case MPU_TYPE:
        return 0;
      case DEMCR:
        return this.demcr;
    }
    throw new BusFault(addr, false, size);
  }

  private writeWord(addr: number, value: number, size: 1 | 2 | 4): void {
    this.checkAccess(addr, true, size);
    const cpu = this.cpu;
    const exc = cpu.exceptions;
    if (addr >= NVIC_IPR0 && addr < this.iprEnd) {
      for (let i = 0; i < 4; i++)
        exc.setPriority(EXC.IRQ0 + (addr - NVIC_IPR0) + i, value >>> (8 * i));
      cpu.attention = true;
      return;
    }
    if (isNvicBitRegister(addr)) {
      this.writeNvicBits(addr, value);
      cpu.attention = true;
      return;
    }
    if (cpu.armv7m !== undefined && writeV7Register(cpu, addr, value)) {
      cpu.attention = true;
      return;
    }
    switch (addr) {
      case DWT_CTRL:
        return this.setCycleCounter((value & 1) !== 0, this.cycleCount());
      case DWT_CYCCNT:
        return this.setCycleCounter(this.cycleCounterOn, value);
      case SYST_CSR:
        cpu.sysTick.writeCsr(value);
        break;
      case SYST_RVR:
        cpu.sysTick.writeRvr(value);
        break;
      case SYST_CVR:
        cpu.sysTick.writeCvr();
        break;
      case ICSR:
        this.writeIcsr(value);
        break;
      case VTOR:
        this.vtor = value & 0xffffff80;
        break;
      case AIRCR:
        if (value >>> 16 === 0x05fa && (value & 4) !== 0) {
          cpu.stop('SystemReset', 'the guest requested a system reset (AIRCR.SYSRESETREQ)');
        }
        break;
      case SCR:
        this.sleepOnExit = (value & 2) !== 0;
        this.sleepDeep = (value & 4) !== 0;
        this.sevOnPend = (value & 16) !== 0;
        break;
      case SHPR2:
        exc.setPriority(EXC.SVCall, value >>> 24);
        break;
      case SHPR3:
        exc.setPriority(EXC.PendSV, value >>> 16);
        exc.setPriority(EXC.SysTick, value >>> 24);
        break;
      case CPACR:
        this.cpacr = value;
        break;
      case DEMCR:
        this.demcr = value;
        break;
      case CPUID:
      case CCR:
      case SHCSR:
      case MPU_TYPE:
      case SYST_CALIB:
        break; // read-only (SHCSR is debug-only on ARMv6-M)
      default:
        throw new BusFault(addr, true, size);
    }
    cpu.attention = true;
  }

  /** Unprivileged software may not touch the SCS (ARMv6-M B3.2). */
  private checkAccess(addr: number, write: boolean, size: 1 | 2 | 4): void {
    if (!this.cpu.privileged) throw new BusFault(addr, write, size);
  }

  private priorityWord(first: number): number {
    const p = this.cpu.exceptions.priority;
    let word = 0;
    for (let i = 0; i < 4; i++) word |= (p[first + i]! & 0xff) << (8 * i);
    return word >>> 0;
  }

  /** The state array an NVIC bit register reads (enabled, pending, active) and its first IRQ. */
  private nvicBits(addr: number): { bits: Uint8Array; first: number; group: number; set: boolean } {
    const exc = this.cpu.exceptions;
    // 0x80-byte blocks: ISER, ICER, ISPR, ICPR, IABR; 16 words used in each.
    const block = (addr - NVIC_ISER) >>> 7;
    const group = block >>> 1; // 0 enable, 1 pending, 2 active
    const bits = group === 0 ? exc.enabled : group === 1 ? exc.pending : exc.active;
    return { bits, first: EXC.IRQ0 + 32 * ((addr >>> 2) & 15), group, set: (block & 1) === 0 };
  }

  private readNvicBits(addr: number): number {
    const { bits, first } = this.nvicBits(addr);
    let word = 0;
    for (let k = 0; k < 32 && first + k < bits.length; k++) if (bits[first + k]) word |= 1 << k;
    return word >>> 0;
  }

  private writeNvicBits(addr: number, value: number): void {
    const { bits, first, group, set } = this.nvicBits(addr);
    if (group === 2) return; // IABR is read-only
    for (let k = 0; k < 32 && first + k < bits.length; k++) {
      if (((value >>> k) & 1) === 0) continue;
      if (group === 1 && set) this.cpu.pend(first + k);
      else bits[first + k] = set ? 1 : 0;
      // ICPR of a level-sensitive interrupt whose line is still high: pending again.
      if (group === 1 && !set && this.cpu.exceptions.level[first + k] === 1)
        this.cpu.pend(first + k);
    }
  }

  private pendingIrqs(): number {
    const exc = this.cpu.exceptions;
    for (let n = EXC.IRQ0; n < exc.count; n++) if (exc.pending[n]) return 1;
    return 0;
  }

  private icsr(): number {
    const cpu = this.cpu;
    const exc = cpu.exceptions;
    const vectPending = exc.highestPending(256);
    const isrPending = this.pendingIrqs() !== 0 ? 1 << 22 : 0;
    const nmi = exc.pending[EXC.NMI] ? 1 << 31 : 0;
    const pendSv = exc.pending[EXC.PendSV] ? 1 << 28 : 0;
    const sysTick = exc.pending[EXC.SysTick] ? 1 << 26 : 0;
    return (nmi | pendSv | sysTick | isrPending | (vectPending << 12) | cpu.ipsr) >>> 0;
  }

  private writeIcsr(value: number): void {
    const cpu = this.cpu;
    if (value & (1 << 31)) cpu.pend(EXC.NMI);
    if (value & (1 << 28)) cpu.pend(EXC.PendSV);
    if (value & (1 << 27)) cpu.exceptions.pending[EXC.PendSV] = 0;
    if (value & (1 << 26)) cpu.pend(EXC.SysTick);
    if (value & (1 << 25)) cpu.exceptions.pending[EXC.SysTick] = 0;
  }

  private cycleCount(): number {
    return (
      (this.cycleCounterOn ? this.cpu.cycles - this.cycleCounterBase : this.cycleCounterFrozen) >>>
      0
    );
  }

  private setCycleCounter(on: boolean, value: number): void {
    this.cycleCounterOn = on;
    this.cycleCounterFrozen = value >>> 0;
    this.cycleCounterBase = this.cpu.cycles - (value >>> 0);
  }
}
