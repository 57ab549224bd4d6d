/**
 * Nordic nRF5340: an application Cortex-M33 and a network Cortex-M33 with separate RAMs and flashes;
 * they share the application RAM and signal through IPC. Source: nRF5340 Product Specification v1.3
 * (§4 core overview, §6 memory maps), /work/shared/spec/platform-facts.md.
 */
import type { z } from 'zod';
import type { Board } from './schema.js';

export const NRF5340: z.input<typeof Board> = {
  name: 'nrf5340',
  description: 'Nordic nRF5340: application Cortex-M33 @128 MHz + network Cortex-M33 @64 MHz',
  cores: [
    // PS §4.1: application core up to 128 MHz; PS §4.2: network core 64 MHz.
    { id: 0, type: 'cortex-m33', clockHz: 128e6, name: 'application' },
    { id: 1, type: 'cortex-m33', clockHz: 64e6, name: 'network' },
  ],
  memories: [
    // PS §6.1: application flash 1 MB at 0x0000_0000; wait states at 128 MHz with the cache
    // enabled are hidden on hits (unverified figure for misses: 3).
    {
      name: 'APP_FLASH',
      base: 0x0000_0000,
      size: 1024 * 1024,
      kind: 'flash',
      banks: 1,
      striping: 'none',
      waitStates: 3,
      privateTo: [0],
    },
    // PS §6.1: application RAM 512 KB at 0x2000_0000, in 8 x 64 KB RAM blocks (unverified as
    // independent banks); the network core reaches it through the bus bridge (shared memory).
    {
      name: 'APP_RAM',
      base: 0x2000_0000,
      size: 512 * 1024,
      kind: 'sram',
      banks: 8,
      striping: 'none',
    },
    // PS §6.2: network core flash 256 KB at 0x0100_0000 and RAM 64 KB at 0x2100_0000.
    {
      name: 'NET_FLASH',
      base: 0x0100_0000,
      size: 256 * 1024,
      kind: 'flash',
      banks: 1,
      striping: 'none',
      waitStates: 3,
      privateTo: [1],
    },
    {
      name: 'NET_RAM',
      base: 0x2100_0000,
      size: 64 * 1024,
      kind: 'sram',
      banks: 1,
      striping: 'none',
      privateTo: [1],
    },
  ],
  // PS §4: each core has its own AHB multilayer; the network core reaches application RAM through
  // a bridge (an access costs extra cycles; 1 is an unverified estimate).
  interconnect: {
    kind: 'bus-matrix',
    bankConflictCycles: 1,
    description: 'two AHB multilayer domains joined by a bridge',
  },
  // PS §7.8 IPC: 16 send and 16 receive channels, events and tasks (no hardware FIFO or lock).
  sync: {
    kind: 'ipc',
    locks: 0,
    fifos: 0,
    fifoDepth: 0,
    description: 'IPC: 16 channels of events between the cores; shared application RAM',
  },
  devices: [
    // PS v1.3 §4.2 memory maps and §7.13 IPC: one instance per core, joined by 16 channels.
    {
      kind: 'ipc',
      name: 'APP_IPC',
      base: 0x4002_a000,
      size: 0x1000,
      privateTo: [0],
      owner: 0,
      source: 'nRF5340 PS §7.13',
    },
    {
      kind: 'ipc',
      name: 'NET_IPC',
      base: 0x4101_2000,
      size: 0x1000,
      privateTo: [1],
      owner: 1,
      source: 'nRF5340 PS §7.13',
    },
  ],
  boot: {
    // PS §7.8 RESET.NETWORK.FORCEOFF: the network core runs its own image once the application
    // core releases it; the loader starts it (the machine holds it until a two-image loader).
    secondaryStart: 'held',
    busPriority: 'lowest-core-id',
    // No lock block: LDREX/STREX on both Cortex-M33s.
    queueLock: { kind: 'atomics' },
    wake: { kind: 'event' },
  },
  targets: { arielOs: 'nrf5340dk', qemu: null, renode: null },
  iss: true,
};
