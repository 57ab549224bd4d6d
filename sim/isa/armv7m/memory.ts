/**
 * Unaligned data accesses on ARMv7-M (ARM DDI0403E A3.2.1, A3.2.2): LDR, LDRH, LDRSH, STR, STRH
 * (every encoding, the 16-bit ARMv6-M ones included, and their T variants) and TBH use MemU, which
 * may be unaligned unless CCR.UNALIGN_TRP is set; then it is a UsageFault (UNALIGNED). The core's
 * MemU accessors (`CortexM.readU32` ...) come here for an unaligned address on a v7-M core; aligned
 * addresses and ARMv6-M cores (where MemU is MemA and faults) never do. LDM/STM, LDRD/STRD, the
 * exclusives and exception stacking use MemA (`read32` ...) and stay strict.
 *
 * The processor splits an unaligned access into aligned bus transfers (Cortex-M4 TRM, ARM 100166 /
 * DDI0439, section 3.3.2): a byte-aligned halfword into two bytes, a halfword-aligned word into two
 * halfwords, a byte-aligned word into a byte, a halfword and a byte. Each transfer beyond the first
 * costs the core model's `unalignedTransfer` price (M4: one cycle each), and the bus adds its wait
 * states per transfer ("these numbers increase if the memory stalls").
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import { GuestFault } from '../../core/cortex-m/fault.js';
import { HFSR_FORCED } from '../../core/cortex-m/fp-context.js';
import { V } from './timing.js';

/** CFSR.UFSR.UNALIGNED (B3.2.15). */
export const CFSR_UNALIGNED = 1 << 24;

function checkTrap(cpu: CortexM, addr: number, size: 2 | 4, write: boolean): void {
  if (!cpu.scs.unalignTrap) return;
  cpu.scs.cfsr |= CFSR_UNALIGNED;
  cpu.scs.hfsr |= HFSR_FORCED;
  const what = `${size === 4 ? 'word' : 'halfword'} ${write ? 'write' : 'read'}`;
  throw new GuestFault(
    `UsageFault (UNALIGNED) escalated to HardFault: unaligned ${what} at 0x${hex(addr)} ` +
      'with CCR.UNALIGN_TRP set',
  );
}

function charge(cpu: CortexM, extraTransfers: number): void {
  cpu.cycles += cpu.priceCycles[V.unalignedTransfer]! * extraTransfers;
}

/** MemU read of `size` bytes at an address that is not `size`-aligned. */
export function readUnaligned(cpu: CortexM, addr: number, size: 2 | 4): number {
  checkTrap(cpu, addr, size, false);
  if (size === 2) {
    const value = cpu.read8(addr) | (cpu.read8((addr + 1) >>> 0) << 8);
    charge(cpu, 1);
    return value;
  }
  if ((addr & 1) === 0) {
    const value = (cpu.read16(addr) | (cpu.read16((addr + 2) >>> 0) << 16)) >>> 0;
    charge(cpu, 1);
    return value;
  }
  const value =
    (cpu.read8(addr) |
      (cpu.read16((addr + 1) >>> 0) << 8) |
      (cpu.read8((addr + 3) >>> 0) << 24)) >>>
    0;
  charge(cpu, 2);
  return value;
}

/** MemU write of `size` bytes at an address that is not `size`-aligned. */
export function writeUnaligned(cpu: CortexM, addr: number, size: 2 | 4, value: number): void {
  checkTrap(cpu, addr, size, true);
  if (size === 2) {
    cpu.write8(addr, value & 0xff);
    cpu.write8((addr + 1) >>> 0, (value >>> 8) & 0xff);
    charge(cpu, 1);
  } else if ((addr & 1) === 0) {
    cpu.write16(addr, value & 0xffff);
    cpu.write16((addr + 2) >>> 0, value >>> 16);
    charge(cpu, 1);
  } else {
    cpu.write8(addr, value & 0xff);
    cpu.write16((addr + 1) >>> 0, (value >>> 8) & 0xffff);
    cpu.write8((addr + 3) >>> 0, value >>> 24);
    charge(cpu, 2);
  }
}

function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
