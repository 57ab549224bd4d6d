/**
 * Raspberry Pi RP2040 (Raspberry Pi Pico). Source: RP2040 datasheet (build 2023-06) and
 * /work/shared/spec/platform-facts.md.
 */
import type { z } from 'zod';
import { lockRegister } from './devices.js';
import type { Board } from './schema.js';

export const RP2040: z.input<typeof Board> = {
  name: 'rp2040',
  description: 'Raspberry Pi RP2040: 2 x Cortex-M0+ @125 MHz, 4 word-striped SRAM banks + SRAM4/5',
  cores: [
    // §2.1: two Cortex-M0+ (with the single-cycle multiplier); §2.15.1: 125 MHz default clk_sys.
    { id: 0, type: 'cortex-m0plus', clockHz: 125e6, name: 'core0' },
    { id: 1, type: 'cortex-m0plus', clockHz: 125e6, name: 'core1' },
  ],
  memories: [
    // §2.2.1 address map: 16 KB boot ROM at 0x0000_0000.
    { name: 'ROM', base: 0x0000_0000, size: 16 * 1024, kind: 'rom', banks: 1, striping: 'none' },
    // §2.6.3: XIP flash at 0x1000_0000 behind a 16 KB 2-way cache with 8-byte lines; 2 MB on the
    // Pico (W25Q16JV). An uncached access measured ~400 ns (~50 cycles at 125 MHz, unverified).
    {
      name: 'XIP',
      base: 0x1000_0000,
      size: 2 * 1024 * 1024,
      kind: 'flash',
      banks: 1,
      striping: 'none',
      waitStates: 50,
      cache: { sizeBytes: 16 * 1024, ways: 2, lineBytes: 8, hitCycles: 1 },
    },
    // §2.6.2: SRAM0-3, 4 x 64 KB, word-striped at 0x2000_0000 (address bits [3:2] pick the bank).
    { name: 'SRAM', base: 0x2000_0000, size: 256 * 1024, kind: 'sram', banks: 4, striping: 'word' },
    // §2.6.2: SRAM4 and SRAM5, 4 KB each, not striped.
    { name: 'SRAM4', base: 0x2004_0000, size: 4 * 1024, kind: 'sram', banks: 1, striping: 'none' },
    { name: 'SRAM5', base: 0x2004_1000, size: 4 * 1024, kind: 'sram', banks: 1, striping: 'none' },
    // §2.6.2: non-striped alias of SRAM0-3 at 0x2100_0000 (bank 0 first, then 1, 2, 3).
    {
      name: 'SRAM_NONSTRIPED',
      base: 0x2100_0000,
      size: 256 * 1024,
      kind: 'sram',
      banks: 4,
      striping: 'none',
      aliasOf: 'SRAM',
    },
  ],
  // §2.1.1: 4:10 fully connected AHB-Lite crossbar; a same-bank collision stalls one master a cycle.
  interconnect: {
    kind: 'crossbar',
    bankConflictCycles: 1,
    description: '4:10 AHB-Lite crossbar (core0, core1, DMA read, DMA write)',
  },
  // §2.3.1: SIO with CPUID, 32 spinlocks, two 8-deep inter-core FIFOs, divider, interpolators;
  // §2.8.2: core 1 is launched by the FIFO sequence (0, 0, 1, vector table, stack pointer, entry).
  sync: {
    kind: 'sio',
    locks: 32,
    fifos: 2,
    fifoDepth: 8,
    description: 'SIO: CPUID, 32 spinlocks, 2 x 8-deep FIFOs, hardware divider, interpolators',
  },
  devices: [
    // §2.2 address map: SIO at 0xD000_0000, decoded by each core's single-cycle I/O port.
    {
      kind: 'sio',
      name: 'SIO',
      base: 0xd000_0000,
      size: 0x1000,
      divider: true,
      source: 'RP2040 datasheet §2.3.1',
    },
  ],
  boot: {
    // §2.8.2: core 1 waits in the boot ROM for the FIFO launch sequence.
    secondaryStart: 'fifo-launch-sequence',
    busPriority: 'lowest-core-id',
    // §2.3.1.3: spinlock 31 (pico-sdk leaves the last ones free for the application).
    queueLock: { kind: 'read-claim', register: lockRegister('sio', 0xd000_0000, 31) },
    wake: { kind: 'event' },
  },
  // Ariel OS builder name (unverified); QEMU and Renode have no upstream RP2040 machine.
  targets: { arielOs: 'rpi-pico', qemu: null, renode: null },
  iss: true,
};
