/**
 * Board facts the machine needs that the board schema does not carry yet (candidates to move into
 * platforms/boards): where the sync block sits, how secondary cores start, and the bus priority
 * rule. Keyed by board name; boards not listed get `DEFAULT_DEVICES`.
 */
import type { Board } from '../../platforms/boards/schema.js';
import { softwareInterruptBase } from '../../platforms/cores/index.js';
import { CLINT_SIZE, type Clint } from '../core/riscv/clint.js';
import { ClintWindow } from '../devices/clint-window.js';
import type { DeviceHost, MachineDevice } from '../devices/device.js';
import { Sio } from '../devices/sio.js';
import { Hsem } from '../devices/hsem.js';
import { Mailbox } from '../devices/mailbox.js';

/**
 * How cores other than core 0 start:
 * - 'rp2-fifo': held in the boot ROM's wait loop until the SIO FIFO launch sequence (RP2040 §2.8.2);
 * - 'same-entry': every core starts from the same vector table / entry at reset (generic board);
 * - 'held': they stay off (separate images the loader does not start yet: nRF5340, STM32H755).
 */
export type SecondaryStart = 'rp2-fifo' | 'same-entry' | 'held';

/**
 * Who wins a bank when two masters want it in the same cycle. 'lowest-core-id': core 0 first.
 * RP2040 §2.1.1.1: masters of equal BUS_PRIORITY (all, after reset) are arbitrated by the crossbar;
 * modelled as a fixed order by core id (*unverified*: silicon may rotate among equal masters).
 */
export type BusPriority = 'lowest-core-id';

export interface PlacedDevice {
  device: MachineDevice;
  base: number;
  size: number;
  /** Cores that see it (e.g. a per-core IPC instance); all when absent. */
  privateTo?: number[];
}

export interface BoardDevices {
  busPriority: BusPriority;
  secondaryStart: SecondaryStart;
  devices(host: DeviceHost, coreCount: number): PlacedDevice[];
}

/** RP2040 §2.2 address map: SIO at 0xD000_0000 (single-cycle I/O port, core-local decoding). */
const SIO_BASE = 0xd000_0000;
/** STM32H755 reference manual RM0399 §2.3.2 (memory map): HSEM at 0x5802_6400, 1 KB. */
const HSEM_BASE = 0x5802_6400;
/** The generic board's mailbox: an arielsim invention, placed in the Cortex-M peripheral region. */
export const GENERIC_MAILBOX_BASE = 0x4000_0000;

const rp2 = (hasDivider: boolean): BoardDevices => ({
  busPriority: 'lowest-core-id',
  secondaryStart: 'rp2-fifo',
  devices: (host) => [{ device: new Sio(host, hasDivider), base: SIO_BASE, size: 0x1000 }],
});

const BOARD_DEVICES: Record<string, BoardDevices> = {
  rp2040: rp2(true),
  // RP2350 datasheet §3.1: the SIO keeps CPUID, FIFOs and spinlocks; the divider is gone.
  'rp2350-arm': rp2(false),
  'rp2350-riscv': rp2(false),
  // Separate firmware images per core (nRF5340 §7.8 RESET.NETWORK.FORCEOFF; ESP32-C6 LP core
  // started by the HP core): the second core stays off until the loader learns two images.
  nrf5340: { busPriority: 'lowest-core-id', secondaryStart: 'held', devices: () => [] },
  esp32c6: { busPriority: 'lowest-core-id', secondaryStart: 'held', devices: () => [] },
  stm32h755: {
    busPriority: 'lowest-core-id',
    secondaryStart: 'held',
    devices: () => [{ device: new Hsem(), base: HSEM_BASE, size: 0x400 }],
  },
};

export const DEFAULT_DEVICES: BoardDevices = {
  busPriority: 'lowest-core-id',
  secondaryStart: 'same-entry',
  devices: (host, coreCount) => [
    { device: new Mailbox(host, coreCount), base: GENERIC_MAILBOX_BASE, size: 0x1000 },
  ],
};

export function boardDevices(boardName: string): BoardDevices {
  return BOARD_DEVICES[boardName] ?? DEFAULT_DEVICES;
}

/**
 * The harts' CLINTs on the bus (clint-window.ts), on boards with RISC-V cores that other cores wake
 * by software interrupt (platforms/cores softwareInterruptBase); undefined on the others.
 */
export function clintWindow(
  board: Board,
  host: DeviceHost,
  clintOf: (id: number) => Clint | undefined,
): PlacedDevice | undefined {
  const base = softwareInterruptBase(board.cores.map((c) => c.type));
  if (base === undefined) return undefined;
  return { device: new ClintWindow(host, board.cores.length, clintOf), base, size: CLINT_SIZE };
}
