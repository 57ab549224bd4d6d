/**
 * RISC-V semihosting entry (RISC-V Semihosting spec v0.2): the uncompressed, 4-byte-aligned sequence
 *
 *     slli x0, x0, 0x1f   (0x01f01013)
 *     ebreak              (0x00100073)
 *     srai x0, x0, 7      (0x40705013)
 *
 * asks the host for service: a0 = operation, a1 = parameter, result in a0. The operations themselves
 * are handled by the ISA-neutral sim/semihosting.ts.
 */
import type { Bus } from '../../memory/bus.js';

export const SEMIHOSTING_ENTRY = 0x01f01013;
export const SEMIHOSTING_EXIT_MARK = 0x40705013;

/** True when the ebreak at `pc` sits inside the semihosting sequence. */
export function isSemihostingCall(bus: Bus, pc: number): boolean {
  if (pc & 3) return false;
  const saved = bus.waitCycles;
  try {
    return bus.read32(pc - 4) === SEMIHOSTING_ENTRY && bus.read32(pc + 4) === SEMIHOSTING_EXIT_MARK;
  } catch {
    return false;
  } finally {
    bus.waitCycles = saved; // the debugger's look at the code costs the guest nothing
  }
}
