/**
 * Raspberry Pi RP2040 (Raspberry Pi Pico). Source: RP2040 datasheet (build 2023-06) and
 * /work/shared/spec/platform-facts.md.
 */
import type { z } from 'zod';
import { lockRegister } from './devices.js';
import type { Board } from './schema.js';

type Kind =
  | 'rp2040-syscfg'
  | 'rp2040-clocks'
  | 'rp2040-resets'
  | 'rp2040-psm'
  | 'rp2040-xosc'
  | 'rp2040-timer'
  | 'rp2040-watchdog'
  | 'rp2040-rosc'
  | 'rp2040-vreg-chip-reset'
  | 'rp2040-tbman';

/** An APB block with no fields of its own: 16 KB at `base` (4 KB and its three aliases). */
function apb(kind: Kind, name: string, base: number, section: string) {
  return [{ kind, name, base, size: 0x4000, source: `RP2040 datasheet ${section}` }];
}

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
    // §2.6.3.1: the XIP mirrors, each with its own use of the cache.
    ...(
      [
        ['XIP_NOALLOC', 0x1100_0000, 'no-allocate'],
        ['XIP_NOCACHE', 0x1200_0000, 'no-lookup'],
        ['XIP_NOCACHE_NOALLOC', 0x1300_0000, 'uncached'],
      ] as const
    ).map(([name, base, cachePolicy]) => ({
      name,
      base,
      size: 2 * 1024 * 1024,
      kind: 'flash' as const,
      banks: 1,
      striping: 'none' as const,
      waitStates: 50,
      aliasOf: 'XIP',
      cachePolicy,
    })),
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
      // §2.3.1.5 and §2.3.2 table 80: SIO_IRQ_PROC0 is IRQ 15, SIO_IRQ_PROC1 IRQ 16.
      fifoIrqs: [15, 16],
      source: 'RP2040 datasheet §2.3.1',
    },
    // §2.6.3.5 XIP_CTRL and §4.10 SSI (XIP_SSI_BASE), on the XIP side of the bus fabric.
    {
      kind: 'rp2040-xip-ctrl',
      name: 'XIP_CTRL',
      base: 0x1400_0000,
      size: 0x4000,
      cache: 'XIP',
      source: 'RP2040 datasheet §2.6.3.5',
    },
    // §2.6.3.1: the cache's 16 KB data RAM at XIP_SRAM_BASE, usable while the cache is disabled.
    {
      kind: 'rp2040-xip-sram',
      name: 'XIP_SRAM',
      base: 0x1500_0000,
      size: 0x4000,
      cache: 'XIP',
      source: 'RP2040 datasheet §2.6.3.1',
    },
    {
      kind: 'rp2040-ssi',
      name: 'SSI',
      base: 0x1800_0000,
      size: 0x4000,
      flash: { memory: 'XIP' },
      source: 'RP2040 datasheet §4.10',
    },
    // The APB peripherals the pico-sdk runtime touches, at their §2.2.4 addresses; each decodes
    // 16 KB for the XOR/SET/CLR aliases (§2.1.2).
    ...apb('rp2040-syscfg', 'SYSCFG', 0x4000_4000, '§2.21'),
    ...apb('rp2040-clocks', 'CLOCKS', 0x4000_8000, '§2.15'),
    ...apb('rp2040-resets', 'RESETS', 0x4000_c000, '§2.14'),
    ...apb('rp2040-psm', 'PSM', 0x4001_0000, '§2.13'),
    {
      kind: 'rp2040-io',
      name: 'IO_BANK0',
      base: 0x4001_4000,
      size: 0x4000,
      bank: 'IO_BANK0',
      source: 'RP2040 datasheet §2.19',
    },
    {
      kind: 'rp2040-io',
      name: 'IO_QSPI',
      base: 0x4001_8000,
      size: 0x4000,
      bank: 'IO_QSPI',
      source: 'RP2040 datasheet §2.19',
    },
    {
      kind: 'rp2040-pads',
      name: 'PADS_BANK0',
      base: 0x4001_c000,
      size: 0x4000,
      bank: 'PADS_BANK0',
      source: 'RP2040 datasheet §2.19',
    },
    {
      kind: 'rp2040-pads',
      name: 'PADS_QSPI',
      base: 0x4002_0000,
      size: 0x4000,
      bank: 'PADS_QSPI',
      source: 'RP2040 datasheet §2.19',
    },
    ...apb('rp2040-xosc', 'XOSC', 0x4002_4000, '§2.16'),
    {
      kind: 'rp2040-pll',
      name: 'PLL_SYS',
      base: 0x4002_8000,
      size: 0x4000,
      pll: 'PLL_SYS',
      source: 'RP2040 datasheet §2.18',
    },
    {
      kind: 'rp2040-pll',
      name: 'PLL_USB',
      base: 0x4002_c000,
      size: 0x4000,
      pll: 'PLL_USB',
      source: 'RP2040 datasheet §2.18',
    },
    {
      kind: 'rp2040-uart',
      name: 'UART0',
      base: 0x4003_4000,
      size: 0x4000,
      uart: 0,
      source: 'RP2040 datasheet §4.2',
    },
    {
      kind: 'rp2040-uart',
      name: 'UART1',
      base: 0x4003_8000,
      size: 0x4000,
      uart: 1,
      source: 'RP2040 datasheet §4.2',
    },
    ...apb('rp2040-timer', 'TIMER', 0x4005_4000, '§4.6'),
    ...apb('rp2040-watchdog', 'WATCHDOG', 0x4005_8000, '§4.7'),
    ...apb('rp2040-rosc', 'ROSC', 0x4006_0000, '§2.17'),
    ...apb('rp2040-vreg-chip-reset', 'VREG_AND_CHIP_RESET', 0x4006_4000, '§2.10'),
    ...apb('rp2040-tbman', 'TBMAN', 0x4006_c000, '§2.22'),
  ],
  boot: {
    // §2.8.2: core 1 waits in the boot ROM for the FIFO launch sequence.
    secondaryStart: 'fifo-launch-sequence',
    // §2.1.1.1: equal BUS_PRIORITY after reset, and a round-robin tie break.
    busPriority: 'round-robin',
    // §2.3.1.3: spinlock 31 (pico-sdk leaves the last ones free for the application).
    queueLock: { kind: 'read-claim', register: lockRegister('sio', 0xd000_0000, 31) },
    wake: { kind: 'event' },
    // §2.8.1: the ROM reads 256 bytes of boot2 from flash and checks their CRC-32 (§2.8.1.3).
    rom: {
      image: 'rp2040-bootrom',
      stage2: { memory: 'XIP', bytes: 256, check: 'crc32-mpeg2' },
    },
  },
  // Ariel OS builder name (unverified); QEMU and Renode have no upstream RP2040 machine.
  targets: { arielOs: 'rpi-pico', qemu: null, renode: null },
  iss: true,
};
