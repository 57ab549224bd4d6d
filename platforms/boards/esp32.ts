/**
 * Espressif ESP32-C6 (HP + LP RISC-V cores) and ESP32-S3 (2 x Xtensa LX7, no ISS: analytic timing
 * only). Source: ESP32-C6 and ESP32-S3 Technical Reference Manuals (§ system and memory) and
 * /work/shared/spec/platform-facts.md.
 */
import type { z } from 'zod';
import type { Board } from './schema.js';

export const ESP32C6: z.input<typeof Board> = {
  name: 'esp32c6',
  description: 'Espressif ESP32-C6: HP RV32IMAC @160 MHz + LP RV32IMAC @20 MHz, HP and LP SRAM',
  cores: [
    // C6 TRM §1 / datasheet §1: HP core up to 160 MHz, LP core up to 20 MHz.
    // platform-facts.md: both cores are RV32IMAC (ESP32-C6 datasheet §1).
    { id: 0, type: 'rv32imac-esp', clockHz: 160e6, name: 'HP' },
    { id: 1, type: 'rv32imac-esp', clockHz: 20e6, name: 'LP' },
  ],
  memories: [
    // C6 TRM §5.3 address map: external flash through the 32 KB cache at 0x4200_0000 (4 MB module);
    // miss cost unverified (estimate 40 cycles).
    {
      name: 'FLASH',
      base: 0x4200_0000,
      size: 4 * 1024 * 1024,
      kind: 'flash',
      banks: 1,
      striping: 'none',
      waitStates: 40,
      cache: { sizeBytes: 32 * 1024, ways: 4, lineBytes: 32, hitCycles: 1 },
    },
    // C6 TRM §5.3: HP SRAM 512 KB at 0x4080_0000; LP SRAM 16 KB at 0x5000_0000 (both cores reach both).
    {
      name: 'HP_SRAM',
      base: 0x4080_0000,
      size: 512 * 1024,
      kind: 'sram',
      banks: 1,
      striping: 'none',
    },
    {
      name: 'LP_SRAM',
      base: 0x5000_0000,
      size: 16 * 1024,
      kind: 'sram',
      banks: 1,
      striping: 'none',
    },
  ],
  interconnect: { kind: 'shared-bus', bankConflictCycles: 1 },
  // No hardware spinlocks: synchronisation by atomics (RV32A) in shared SRAM; the HP core starts the
  // LP core through PMU registers (C6 TRM §12, unverified detail).
  sync: {
    kind: 'atomics',
    locks: 0,
    fifos: 0,
    fifoDepth: 0,
  },
  devices: [
    // The core models' CLINTs (SiFive layout, platforms/cores rv32imc-esp.ts), one per hart, in
    // one window every hart sees: a hart sets another's msip to wake it from WFI. A modelling
    // choice (the C6's HP and LP cores signal each other through PMU/interrupt-matrix registers).
    {
      kind: 'clint',
      name: 'CLINT',
      base: 0x0200_0000,
      size: 0x1_0000,
      source: 'arielsim (SiFive CLINT layout)',
    },
  ],
  boot: {
    // The HP core starts the LP core through PMU registers: the loader starts it.
    secondaryStart: 'held',
    busPriority: 'lowest-core-id',
    // RV32A AMOs on the queue in shared SRAM.
    queueLock: { kind: 'atomics' },
    wake: { kind: 'software-interrupt', address: 0x0200_0000 },
  },
  targets: { arielOs: 'espressif-esp32-c6-devkitc-1', qemu: null, renode: null },
  iss: true,
};

export const ESP32S3: z.input<typeof Board> = {
  name: 'esp32s3',
  description: 'Espressif ESP32-S3: 2 x Xtensa LX7 @240 MHz, 512 KB SRAM (data only: no ISS)',
  cores: [
    // S3 datasheet §1: dual-core Xtensa LX7 up to 240 MHz.
    { id: 0, type: 'xtensa-lx7', clockHz: 240e6, name: 'PRO_CPU' },
    { id: 1, type: 'xtensa-lx7', clockHz: 240e6, name: 'APP_CPU' },
  ],
  memories: [
    // S3 TRM §4.3: external flash through the cache at 0x4200_0000 (8 MB module; unverified miss cost).
    {
      name: 'FLASH',
      base: 0x4200_0000,
      size: 8 * 1024 * 1024,
      kind: 'flash',
      banks: 1,
      striping: 'none',
      waitStates: 40,
      cache: { sizeBytes: 32 * 1024, ways: 8, lineBytes: 32, hitCycles: 1 },
    },
    // S3 TRM §4.3: 512 KB internal SRAM (SRAM1 and SRAM2 data views from 0x3FC8_8000, unverified base).
    { name: 'SRAM', base: 0x3fc8_0000, size: 512 * 1024, kind: 'sram', banks: 1, striping: 'none' },
  ],
  interconnect: { kind: 'shared-bus', bankConflictCycles: 1 },
  // S3 TRM: no hardware spinlock block; S32C1I compare-and-swap in SRAM; APP_CPU released by
  // the PRO_CPU through SYSTEM_CORE_1_CONTROL registers.
  sync: {
    kind: 'atomics',
    locks: 0,
    fifos: 0,
    fifoDepth: 0,
  },
  devices: [],
  // APP_CPU released by the PRO_CPU (SYSTEM_CORE_1_CONTROL); S32C1I compare-and-swap in SRAM.
  boot: {
    secondaryStart: 'held',
    busPriority: 'lowest-core-id',
    queueLock: { kind: 'atomics' },
    wake: { kind: 'event' },
  },
  targets: { arielOs: 'espressif-esp32-s3-devkitc-1', qemu: null, renode: null },
  iss: false,
};
