/**
 * A memory-mapped block shared by several cores. Unlike `Device` in sim/memory/bus.ts it learns
 * which core made each access: SIO's CPUID and its FIFOs answer each core differently.
 */
export interface MachineDevice {
  readonly name: string;
  read(offset: number, size: 1 | 2 | 4, coreId: number): number;
  write(offset: number, size: 1 | 2 | 4, value: number, coreId: number): void;
  /**
   * Sets the device up as the chip's boot code would have left it, when the machine boots an image
   * by the boot convention (no boot ROM runs: `Machine.boot`). Most devices need nothing.
   */
  conventionBoot?(): void;
}

/** What a device may ask of the machine: wake cores (SEV-like events) and record timeline events. */
export interface DeviceHost {
  /** Sets the event register of core `coreId` and ends its WFE sleep. */
  signalEvent(coreId: number): void;
  /**
   * Before a device makes something pending that wakes a sleeping core (a software interrupt): a
   * sleeping core that is behind in time is brought up to now, so that it wakes now and not at the
   * time it fell asleep.
   */
  beforeWake?(coreId: number): void;
  /** Raises (level true) or lowers an interrupt line of a core; ignored when the core has none. */
  setIrq?(coreId: number, line: number, level: boolean): void;
  /** Appends an event to the run's timeline. */
  note(coreId: number, kind: string, detail?: string): void;
}

/** Thrown by a device that refuses an access; the core's bus turns it into a bus fault. */
export class DeviceAccessError extends Error {}
