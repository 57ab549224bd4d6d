/**
 * Semihosting: host services a guest requests with a trap (ARM: `BKPT 0xAB`; RISC-V: the
 * `slli x0,x0,0x1f; ebreak; srai x0,x0,7` sequence), with the operation number in r0/a0 and a
 * parameter in r1/a1. This module is ISA-neutral: the core hands over the operation, the parameter,
 * its bus and its simulated time, and writes `value` back to r0/a0 (or halts on `exit`).
 *
 * Facts from the ARM "Semihosting for AArch32 and AArch64" specification (v2.0) and QEMU's
 * semihosting/arm-compat-semi.c behaviour, which arielsim matches so the same ELF exits alike:
 * - SYS_EXIT (0x18) on 32-bit targets takes the reason code directly in the parameter register
 *   (not a block); ADP_Stopped_ApplicationExit (0x20026) means exit status 0, anything else 1.
 * - SYS_EXIT_EXTENDED (0x20) takes a block {reason, subcode}; with ApplicationExit the exit status
 *   is the subcode, otherwise 1 (as QEMU does).
 */
import type { Bus } from './memory/bus.js';
import type { SemihostingHost } from './core/core.js';

export const SYS = {
  OPEN: 0x01,
  CLOSE: 0x02,
  WRITEC: 0x03,
  WRITE0: 0x04,
  WRITE: 0x05,
  ISTTY: 0x09,
  CLOCK: 0x10,
  ERRNO: 0x13,
  HEAPINFO: 0x16,
  EXIT: 0x18,
  EXIT_EXTENDED: 0x20,
  ELAPSED: 0x30,
  TICKFREQ: 0x31,
} as const;

export const ADP_STOPPED_APPLICATION_EXIT = 0x20026;

export interface SemihostingRequest {
  /** Operation number (r0 / a0). */
  op: number;
  /** Parameter (r1 / a1): a value or the address of a parameter block of 32-bit words. */
  param: number;
  /** The guest's memory, for parameter blocks and buffers. */
  bus: Bus;
  host: SemihostingHost;
  /** Simulated time: cycles since reset of the calling core, and its clock. */
  elapsedCycles: number;
  clockHz: number;
}

export type SemihostingOutcome =
  | { kind: 'return'; value: number }
  | { kind: 'exit'; code: number }
  | { kind: 'unsupported'; detail: string };

/** Handles one semihosting call. Bad guest pointers raise the bus's BusFault (a guest fault). */
export function semihostingCall(req: SemihostingRequest): SemihostingOutcome {
  const { bus, param } = req;
  const arg = (i: number) => bus.read32((param + 4 * i) >>> 0);
  switch (req.op) {
    case SYS.WRITEC:
      req.host.writeStdout(Uint8Array.of(bus.read8(param)));
      return { kind: 'return', value: 0 };
    case SYS.WRITE0:
      req.host.writeStdout(readCString(bus, param));
      return { kind: 'return', value: 0 };
    case SYS.WRITE: {
      const [handle, addr, length] = [arg(0), arg(1), arg(2)];
      if (handle !== 1 && handle !== 2) return { kind: 'return', value: length };
      req.host.writeStdout(readBytes(bus, addr, length));
      return { kind: 'return', value: 0 }; // number of bytes NOT written
    }
    case SYS.OPEN:
      // Only the console (":tt") exists: modes 0-3 read (stdin 0), 4-7 write (stdout 1), else stderr.
      if (new TextDecoder().decode(readCString(bus, arg(0))) !== ':tt')
        return { kind: 'return', value: -1 };
      return { kind: 'return', value: arg(1) < 4 ? 0 : arg(1) < 8 ? 1 : 2 };
    case SYS.CLOSE:
      return { kind: 'return', value: 0 };
    case SYS.ISTTY:
      return { kind: 'return', value: 1 };
    case SYS.ERRNO:
      return { kind: 'return', value: 0 };
    case SYS.HEAPINFO:
      // Four zero words: "no information", newlib then uses its link-time defaults.
      for (let i = 0; i < 4; i++) bus.write32((bus.read32(param) + 4 * i) >>> 0, 0);
      return { kind: 'return', value: 0 };
    case SYS.CLOCK:
      return { kind: 'return', value: Math.floor((req.elapsedCycles * 100) / req.clockHz) };
    case SYS.ELAPSED:
      bus.write32(param, req.elapsedCycles % 2 ** 32);
      bus.write32((param + 4) >>> 0, Math.floor(req.elapsedCycles / 2 ** 32));
      return { kind: 'return', value: 0 };
    case SYS.TICKFREQ:
      return { kind: 'return', value: req.clockHz };
    case SYS.EXIT:
      return { kind: 'exit', code: param === ADP_STOPPED_APPLICATION_EXIT ? 0 : 1 };
    case SYS.EXIT_EXTENDED:
      return { kind: 'exit', code: arg(0) === ADP_STOPPED_APPLICATION_EXIT ? arg(1) | 0 : 1 };
    default:
      return {
        kind: 'unsupported',
        detail: `unsupported semihosting operation 0x${(req.op >>> 0).toString(16)}`,
      };
  }
}

function readBytes(bus: Bus, addr: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = bus.read8((addr + i) >>> 0);
  return out;
}

/** A NUL-terminated string (at most 64 KiB, so a missing terminator cannot hang the host). */
function readCString(bus: Bus, addr: number): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < 0x10000; i++) {
    const b = bus.read8((addr + i) >>> 0);
    if (b === 0) break;
    bytes.push(b);
  }
  return Uint8Array.from(bytes);
}
