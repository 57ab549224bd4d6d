/**
 * Raspberry Pi RP2350 (Pico 2), in its Arm (2 x Cortex-M33) and RISC-V (2 x Hazard3) configurations.
 * Source: RP2350 datasheet, pico-sdk `addressmap.h`, /work/shared/spec/platform-facts.md.
 */
import type { z } from 'zod';
import { lockRegister } from './devices.js';
import type { Board, BoardCoreType } from './schema.js';

function rp2350(name: string, type: BoardCoreType, what: string): z.input<typeof Board> {
  return {
    name,
    description: `Raspberry Pi RP2350: 2 x ${what} @150 MHz, 8 word-striped SRAM banks + SRAM8/9`,
    cores: [
      // Datasheet §1.1: two Cortex-M33 or two Hazard3 cores (chosen at boot), 150 MHz.
      { id: 0, type, clockHz: 150e6, name: 'core0' },
      { id: 1, type, clockHz: 150e6, name: 'core1' },
    ],
    memories: [
      // addressmap.h: ROM_BASE 0x0000_0000, 32 KB.
      { name: 'ROM', base: 0x0000_0000, size: 32 * 1024, kind: 'rom', banks: 1, striping: 'none' },
      // §4.4: XIP at 0x1000_0000 behind a 16 KB 2-way cache with 8-byte lines; 4 MB on the Pico 2.
      // Uncached access cost as RP2040 (~50 cycles, unverified).
      {
        name: 'XIP',
        base: 0x1000_0000,
        size: 4 * 1024 * 1024,
        kind: 'flash',
        banks: 1,
        striping: 'none',
        waitStates: 50,
        cache: { sizeBytes: 16 * 1024, ways: 2, lineBytes: 8, hitCycles: 1 },
      },
      // §2.2.3 / addressmap.h: SRAM0-7, 8 x 64 KB word-striped at 0x2000_0000.
      {
        name: 'SRAM',
        base: 0x2000_0000,
        size: 512 * 1024,
        kind: 'sram',
        banks: 8,
        striping: 'word',
      },
      // addressmap.h: SRAM8 at 0x2008_0000 and SRAM9 at 0x2008_1000, 4 KB each.
      {
        name: 'SRAM8',
        base: 0x2008_0000,
        size: 4 * 1024,
        kind: 'sram',
        banks: 1,
        striping: 'none',
      },
      {
        name: 'SRAM9',
        base: 0x2008_1000,
        size: 4 * 1024,
        kind: 'sram',
        banks: 1,
        striping: 'none',
      },
    ],
    // §2.1: AHB5 crossbar; a same-bank collision stalls one master a cycle (as on RP2040).
    interconnect: { kind: 'crossbar', bankConflictCycles: 1, description: 'AHB5 crossbar' },
    // §3.1: SIO with 32 spinlocks, two inter-core FIFOs 4 entries deep (§3.1.5; unverified), doorbells.
    sync: {
      kind: 'sio',
      locks: 32,
      fifos: 2,
      fifoDepth: 4,
      description: 'SIO: CPUID, 32 spinlocks, 2 x 4-deep FIFOs, doorbells',
    },
    // §3.1: the SIO keeps RP2040's offsets for CPUID, the FIFOs and the spinlocks; no divider.
    devices: [
      {
        kind: 'sio',
        name: 'SIO',
        base: 0xd000_0000,
        size: 0x1000,
        divider: false,
        source: 'RP2350 datasheet §3.1',
      },
    ],
    boot: {
      // §5.3: core 1 waits in the boot ROM for the FIFO launch sequence, as on RP2040.
      secondaryStart: 'fifo-launch-sequence',
      busPriority: 'lowest-core-id',
      queueLock: { kind: 'read-claim', register: lockRegister('sio', 0xd000_0000, 31) },
      // Cortex-M33: WFE/SEV; Hazard3: h3.block/h3.unblock (§3.8.6 Xh3power).
      wake: { kind: 'event' },
    },
    targets:
      type === 'cortex-m33'
        ? // mps2-an521 is a stand-in with two M33s (different memory map), per platform-facts.md.
          { arielOs: 'rpi-pico2', qemu: 'mps2-an521', renode: null }
        : { arielOs: null, qemu: 'virt', renode: null },
    iss: true,
  };
}

export const RP2350_ARM = rp2350('rp2350-arm', 'cortex-m33', 'Cortex-M33');
export const RP2350_RISCV = rp2350('rp2350-riscv', 'hazard3', 'Hazard3');
