/**
 * What a board does beyond its memories, as data: the devices on its bus and how it boots (how the
 * secondary cores start, who wins a bank, the queue's lock, how a waiting core is woken). The
 * machine (sim/machine) and the image builder (runtime-gen/image.ts) read only these fields; a
 * device is built from its `kind` through the device registry (sim/devices/registry.ts).
 */
import { z } from 'zod';

const address = z.number().int().nonnegative().max(0xffff_ffff);
const byte = z.number().int().min(0).max(0xff);
const coreIds = z.array(z.number().int().nonnegative()).min(1);

/** Fields every device has: where it sits, how large its window is and who sees it. */
const placed = {
  /** Datasheet name of the block, e.g. 'SIO', 'HSEM'. */
  name: z.string().min(1),
  base: address,
  /** Bytes of address space the device decodes. */
  size: z.number().int().positive(),
  /** Core ids that see it (a core-local block); absent when every core does. */
  privateTo: coreIds.optional(),
  /** Where the facts come from (datasheet section), or 'arielsim' for an invented block. */
  source: z.string().optional(),
};

/**
 * The device kinds a board may declare. Each has its own config fields:
 * - `sio`: RP2040/RP2350 single-cycle I/O (CPUID, FIFOs, spinlocks; `divider` on RP2040 only;
 *   `fifoIrqs`: the FIFO interrupt lines, SIO_IRQ_PROC0/1);
 * - `hsem`: STM32H7 hardware semaphores (`coreIds`: the COREID each core presents, by core id);
 * - `mailbox`: the generic board's sync block (an arielsim invention: CPUID, FIFOs, spinlocks);
 * - `ipc`: an nRF5340 IPC instance (`owner`: the core it interrupts); all instances of a board
 *   share the 16 channels;
 * - `clint`: the RISC-V harts' CLINTs seen by every hart (msip, mtimecmp, mtime: SiFive layout);
 * - `rp2040-ssi`: the RP2040's QSPI flash interface (RP2040 datasheet §4.10) with the serial flash
 *   behind it (sim/devices/rp2040/qspi-flash.ts); `flash.memory` names the board memory whose
 *   contents are the flash array (the XIP window's flash); its XIP programming (by boot2) sets
 *   what a cache miss of that memory costs (sim/memory/flash-interface.ts);
 * - `rp2040-xip-ctrl`: XIP_CTRL (RP2040 datasheet §2.6.3.5), controlling the cache of memory `cache`;
 * - `rp2040-xip-sram`: that cache's data RAM as SRAM while the cache is disabled (§2.6.3.1);
 * - `rp2040-*`: the RP2040's clock, reset and system peripherals (sim/devices/rp2040/), one kind
 *   per block so that each block's own fields are checked here: `rp2040-resets`, `rp2040-psm`,
 *   `rp2040-clocks` (`gpinHz`: the GPIN0/1 inputs), `rp2040-xosc` (`crystalHz`), `rp2040-rosc`
 *   (`bootHz`), `rp2040-pll` (`pll`: which one; `lockNs`), `rp2040-watchdog`, `rp2040-timer`,
 *   `rp2040-vreg-chip-reset`, `rp2040-syscfg`, `rp2040-tbman`, `rp2040-io` (`bank`), `rp2040-pads`
 *   (`bank`) and `rp2040-uart` (`uart`: 0 or 1; `port`: the name its bytes go out under). The
 *   blocks of one machine share the reset lines and the clock tree. Their windows are 16 KB
 *   (0x4000) to decode the XOR/SET/CLR aliases (RP2040 datasheet §2.1.2).
 */
export const BoardDevice = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('sio'),
    ...placed,
    divider: z.boolean(),
    /** The interrupt lines core 0's and core 1's FIFO status drive (RP2040: 15 and 16). */
    fifoIrqs: z
      .tuple([z.number().int().min(0).max(31), z.number().int().min(0).max(31)])
      .optional(),
  }),
  z.strictObject({
    kind: z.literal('hsem'),
    ...placed,
    coreIds: z.array(z.number().int().min(0).max(15)).min(1),
  }),
  z.strictObject({ kind: z.literal('mailbox'), ...placed }),
  z.strictObject({ kind: z.literal('ipc'), ...placed, owner: z.number().int().nonnegative() }),
  z.strictObject({ kind: z.literal('clint'), ...placed }),
  z.strictObject({
    kind: z.literal('rp2040-ssi'),
    ...placed,
    flash: z.strictObject({
      memory: z.string().min(1),
      /** Status register 2 at power-up (default 0x02: QE set, as W25Q16JV..IQ parts ship). */
      statusRegister2: byte.optional(),
      /** 9Fh answer (default EF 40 log2(size)). */
      jedecId: z.tuple([byte, byte, byte]).optional(),
    }),
  }),
  z.strictObject({
    kind: z.literal('rp2040-xip-ctrl'),
    ...placed,
    /** The cached flash memory whose XIP cache the block controls. */
    cache: z.string().min(1),
  }),
  z.strictObject({
    kind: z.literal('rp2040-xip-sram'),
    ...placed,
    /** The cached flash memory whose cache's data RAM this is. */
    cache: z.string().min(1),
  }),
  z.strictObject({ kind: z.literal('rp2040-resets'), ...placed }),
  z.strictObject({ kind: z.literal('rp2040-psm'), ...placed }),
  z.strictObject({
    kind: z.literal('rp2040-clocks'),
    ...placed,
    gpinHz: z.tuple([z.number().nonnegative(), z.number().nonnegative()]).optional(),
  }),
  z.strictObject({
    kind: z.literal('rp2040-xosc'),
    ...placed,
    /** The crystal (default 12 MHz, the Raspberry Pi Pico's; §2.16.1: 1-15 MHz). */
    crystalHz: z.number().positive().max(15e6).optional(),
  }),
  z.strictObject({
    kind: z.literal('rp2040-rosc'),
    ...placed,
    bootHz: z.number().positive().optional(),
  }),
  z.strictObject({
    kind: z.literal('rp2040-pll'),
    ...placed,
    pll: z.enum(['PLL_SYS', 'PLL_USB']),
    lockNs: z.number().nonnegative().optional(),
  }),
  z.strictObject({ kind: z.literal('rp2040-watchdog'), ...placed }),
  z.strictObject({ kind: z.literal('rp2040-timer'), ...placed }),
  z.strictObject({ kind: z.literal('rp2040-vreg-chip-reset'), ...placed }),
  z.strictObject({ kind: z.literal('rp2040-syscfg'), ...placed }),
  z.strictObject({ kind: z.literal('rp2040-tbman'), ...placed }),
  z.strictObject({
    kind: z.literal('rp2040-io'),
    ...placed,
    bank: z.enum(['IO_BANK0', 'IO_QSPI']),
  }),
  z.strictObject({
    kind: z.literal('rp2040-pads'),
    ...placed,
    bank: z.enum(['PADS_BANK0', 'PADS_QSPI']),
  }),
  z.strictObject({
    kind: z.literal('rp2040-uart'),
    ...placed,
    uart: z.union([z.literal(0), z.literal(1)]),
    port: z.string().min(1).optional(),
  }),
]);
export type BoardDevice = z.infer<typeof BoardDevice>;
export type DeviceKind = BoardDevice['kind'];
export const DEVICE_KINDS: readonly DeviceKind[] = BoardDevice.options.map(
  (o) => o.shape.kind.value,
);

/**
 * The lock that guards the shared work queue (the ariel-greedy executor), at a register of one of
 * the board's devices:
 * - `read-claim`: reading the register claims it (nonzero: claimed), writing releases (RP2040 SIO
 *   spinlocks, the mailbox's);
 * - `hsem-one-step`: reading RLRx locks it for the reader (STM32H7 HSEM one-step lock); the read
 *   returns LOCK | COREID << 8, with the COREIDs of the `hsem` device;
 * - `atomics`: no lock register: LDREX/STREX or RISC-V AMOs on the queue in shared SRAM.
 */
export const QueueLock = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('read-claim'), register: address }),
  z.strictObject({ kind: z.literal('hsem-one-step'), register: address }),
  z.strictObject({ kind: z.literal('atomics') }),
]);
export type QueueLock = z.infer<typeof QueueLock>;

/**
 * How a waiting core is woken when work it waits for is done:
 * - `event`: the cores' own event instructions (Cortex-M WFE/SEV, Hazard3 h3.block/h3.unblock);
 * - `software-interrupt`: RISC-V harts sleep in WFI and are woken through the msip word of their
 *   CLINT; `address` is core 0's msip word (hart n's is at address + 4n).
 */
export const Wake = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('event') }),
  z.strictObject({ kind: z.literal('software-interrupt'), address }),
]);
export type Wake = z.infer<typeof Wake>;

export const Boot = z.strictObject({
  /**
   * How the cores other than core 0 start:
   * - `fifo-launch-sequence`: held in the boot ROM's wait loop until core 0 sends the SIO FIFO
   *   launch sequence (RP2040 §2.8.2); needs an `sio` device and exactly two cores;
   * - `held`: they stay off (separate images a loader would start);
   * - `same-entry`: every core starts at reset from the same vector table or entry.
   */
  secondaryStart: z.enum(['fifo-launch-sequence', 'held', 'same-entry']),
  /**
   * Who wins a crossbar slave when two masters want it in the same cycle. `round-robin`: at the
   * shared XIP port they take turns (RP2040 §2.1.1.1: masters of equal BUS_PRIORITY, all of them
   * after reset, get "a round-robin tie break ... the arbiter grants access to each master in
   * turn"; sim/memory/round-robin.ts), SRAM banks as `lowest-core-id`. `lowest-core-id`: the order
   * the machine runs the cores in decides, core 0 first (*unverified* for the boards that use it).
   */
  busPriority: z.enum(['lowest-core-id', 'round-robin']),
  queueLock: QueueLock,
  wake: Wake,
  /**
   * Booting from the chip's own boot ROM, as silicon does (`arielsim exec` of firmware that
   * carries a second stage): `image` names the ROM image (the prebuilt of runtime-gen/prebuilt,
   * e.g. `rp2040-bootrom`; `--boot-rom` gives another), loaded into the board's `rom` memory.
   * `stage2` is how the ROM recognises a second-stage boot loader: the first `bytes` bytes of
   * memory `memory`, the last 4 of them a CRC-32 of the others (`crc32-mpeg2`: MSB first, poly
   * 0x04c11db7, init 0xffffffff, no final XOR; RP2040 datasheet §2.8.1.3). Firmware without a
   * valid stage 2 keeps the board's boot convention (core 0 at the image's vector table).
   */
  rom: z
    .strictObject({
      image: z.string().min(1),
      stage2: z.strictObject({
        memory: z.string().min(1),
        bytes: z.number().int().min(8).max(4096),
        check: z.literal('crc32-mpeg2'),
      }),
    })
    .optional(),
});
export type Boot = z.infer<typeof Boot>;

/** The device whose window holds `addr` (and `bytes` after it), if any. */
export function deviceAt(
  devices: readonly BoardDevice[],
  addr: number,
  bytes = 4,
): BoardDevice | undefined {
  return devices.find((d) => addr >= d.base && addr + bytes <= d.base + d.size);
}

/**
 * The lock registers of each device kind that has them: 32 words from `first`, and the lock kind
 * they serve. RP2040 §2.3.1.7: SPINLOCK0..31 at SIO + 0x100; RM0399 §11.3.2: RLR0..31 at HSEM +
 * 0x80; the mailbox (sim/devices/mailbox.ts): SPINLOCK0..31 at + 0x200.
 */
export const LOCK_REGISTERS = {
  sio: { first: 0x100, count: 32, lock: 'read-claim' },
  mailbox: { first: 0x200, count: 32, lock: 'read-claim' },
  hsem: { first: 0x80, count: 32, lock: 'hsem-one-step' },
} as const satisfies Partial<
  Record<DeviceKind, { first: number; count: number; lock: 'read-claim' | 'hsem-one-step' }>
>;

/** The lock registers of a device kind, if it has any. */
export function lockRegistersOf(
  kind: DeviceKind,
): { first: number; count: number; lock: 'read-claim' | 'hsem-one-step' } | undefined {
  return kind in LOCK_REGISTERS ? LOCK_REGISTERS[kind as keyof typeof LOCK_REGISTERS] : undefined;
}

/** The address of lock register `n` of a device of `kind` at `base` (board data). */
export function lockRegister(kind: keyof typeof LOCK_REGISTERS, base: number, n: number): number {
  return base + LOCK_REGISTERS[kind].first + 4 * n;
}
