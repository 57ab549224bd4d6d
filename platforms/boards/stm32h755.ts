/**
 * ST STM32H755: Cortex-M7 @480 MHz with TCMs + Cortex-M4 @240 MHz, AXI SRAM, SRAM1-3 (D2), SRAM4
 * (D3), hardware semaphores. Source: RM0399 rev 4 (§2.4 memory map, §10 HSEM), DS12919 (§3),
 * /work/shared/spec/platform-facts.md.
 */
import type { z } from 'zod';
import { lockRegister } from './devices.js';
import type { Board } from './schema.js';

export const STM32H755: z.input<typeof Board> = {
  name: 'stm32h755',
  description: 'ST STM32H755: Cortex-M7 @480 MHz (TCMs) + Cortex-M4 @240 MHz, AXI SRAM, SRAM1-4',
  cores: [
    // DS12919 §1: Cortex-M7 up to 480 MHz and Cortex-M4 up to 240 MHz.
    { id: 0, type: 'cortex-m7', clockHz: 480e6, name: 'CM7' },
    { id: 1, type: 'cortex-m4', clockHz: 240e6, name: 'CM4' },
  ],
  memories: [
    // RM0399 §2.4: ITCM 64 KB at 0x0000_0000 and DTCM 128 KB at 0x2000_0000, Cortex-M7 only.
    {
      name: 'ITCM',
      base: 0x0000_0000,
      size: 64 * 1024,
      kind: 'tcm',
      banks: 1,
      striping: 'none',
      privateTo: [0],
    },
    {
      name: 'DTCM',
      base: 0x2000_0000,
      size: 128 * 1024,
      kind: 'tcm',
      banks: 2,
      striping: 'word',
      privateTo: [0],
    },
    // RM0399 §2.4: flash bank 1 and 2, 1 MB each at 0x0800_0000 / 0x0810_0000; RM0399 §4.3.8:
    // 4 wait states at 240 MHz AXI clock in VOS0 (unverified for this speed grade).
    {
      name: 'FLASH1',
      base: 0x0800_0000,
      size: 1024 * 1024,
      kind: 'flash',
      banks: 1,
      striping: 'none',
      waitStates: 4,
    },
    {
      name: 'FLASH2',
      base: 0x0810_0000,
      size: 1024 * 1024,
      kind: 'flash',
      banks: 1,
      striping: 'none',
      waitStates: 4,
    },
    // RM0399 §2.4: AXI SRAM 512 KB at 0x2400_0000 (D1 domain, reachable by both cores).
    {
      name: 'AXI_SRAM',
      base: 0x2400_0000,
      size: 512 * 1024,
      kind: 'sram',
      banks: 1,
      striping: 'none',
    },
    // RM0399 §2.4: SRAM1 128 KB at 0x3000_0000, SRAM2 128 KB at 0x3002_0000, SRAM3 32 KB at
    // 0x3004_0000 (D2 domain), SRAM4 64 KB at 0x3800_0000 (D3 domain).
    {
      name: 'SRAM1',
      base: 0x3000_0000,
      size: 128 * 1024,
      kind: 'sram',
      banks: 1,
      striping: 'none',
    },
    {
      name: 'SRAM2',
      base: 0x3002_0000,
      size: 128 * 1024,
      kind: 'sram',
      banks: 1,
      striping: 'none',
    },
    { name: 'SRAM3', base: 0x3004_0000, size: 32 * 1024, kind: 'sram', banks: 1, striping: 'none' },
    { name: 'SRAM4', base: 0x3800_0000, size: 64 * 1024, kind: 'sram', banks: 1, striping: 'none' },
  ],
  // RM0399 §2.1: AXI bus matrix (D1) and AHB bus matrices (D2, D3) joined by inter-domain buses.
  interconnect: {
    kind: 'bus-matrix',
    bankConflictCycles: 1,
    description: 'AXI matrix (D1) + AHB matrices (D2, D3)',
  },
  // RM0399 §10: HSEM, 32 hardware semaphores; the CM4 boots held by the option bytes or is
  // released by the CM7 through HSEM (RM0399 §10.3.5, ST AN5557).
  sync: {
    kind: 'hsem',
    locks: 32,
    fifos: 0,
    fifoDepth: 0,
    description: 'HSEM: 32 hardware semaphores with interrupts',
  },
  devices: [
    // RM0399 §2.3.2 memory map: HSEM at 0x5802_6400, 1 KB; §11.3.2: COREID of the Cortex-M7 is 3,
    // of the Cortex-M4 1 (HAL HSEM_CPU1_COREID / HSEM_CPU2_COREID).
    {
      kind: 'hsem',
      name: 'HSEM',
      base: 0x5802_6400,
      size: 0x400,
      coreIds: [3, 1],
      source: 'RM0399 §11',
    },
  ],
  boot: {
    // RM0399 §10.3.5, AN5557: the CM4 boots held (option bytes) until the CM7 releases it.
    secondaryStart: 'held',
    busPriority: 'lowest-core-id',
    // RM0399 §11.3.2: RLR31 at 0x80 + 4 x 31, the one-step lock.
    queueLock: { kind: 'hsem-one-step', register: lockRegister('hsem', 0x5802_6400, 31) },
    wake: { kind: 'event' },
  },
  targets: { arielOs: 'st-nucleo-h755zi-q', qemu: null, renode: null },
  iss: true,
};
