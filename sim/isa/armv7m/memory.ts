/**
 * Data accesses with ARMv7-M alignment rules (ARM DDI0403E A3.2): LDR/STR/LDRH/STRH/LDRSH and
 * their T variants may be unaligned (CCR.UNALIGN_TRP = 0, the reset value); the core's accessors
 * fault on unaligned addresses (ARMv6-M rules), so unaligned accesses are split into bytes here.
 * LDM/STM, LDRD/STRD and the exclusives stay strict and use the core's accessors directly.
 */
import type { CortexM } from '../../core/cortex-m/core.js';

export function load32(cpu: CortexM, addr: number): number {
  addr >>>= 0;
  if ((addr & 3) === 0) return cpu.read32(addr);
  return (
    (cpu.read8(addr) |
      (cpu.read8(addr + 1) << 8) |
      (cpu.read8(addr + 2) << 16) |
      (cpu.read8(addr + 3) << 24)) >>>
    0
  );
}

export function load16(cpu: CortexM, addr: number): number {
  addr >>>= 0;
  if ((addr & 1) === 0) return cpu.read16(addr);
  return cpu.read8(addr) | (cpu.read8(addr + 1) << 8);
}

export function store32(cpu: CortexM, addr: number, value: number): void {
  addr >>>= 0;
  if ((addr & 3) === 0) return cpu.write32(addr, value);
  for (let i = 0; i < 4; i++) cpu.write8(addr + i, (value >>> (8 * i)) & 0xff);
}

export function store16(cpu: CortexM, addr: number, value: number): void {
  addr >>>= 0;
  if ((addr & 1) === 0) return cpu.write16(addr, value & 0xffff);
  cpu.write8(addr, value & 0xff);
  cpu.write8(addr + 1, (value >>> 8) & 0xff);
}
