/**
 * What the machine gives the RP2040 peripheral models when it builds them from board data: the
 * device host, simulated time, and the hooks that reach outside one device (core reset, serial
 * output, flash bytes). Everything here is behaviour; the JSON-able part is each device's config.
 */
import { DeviceAccessError, type DeviceHost } from '../device.js';
import type { DeviceTime } from '../time.js';

export interface Rp2040DeviceEnv {
  host: DeviceHost;
  time: DeviceTime;
  /** Cores whose NVICs see the chip's interrupt lines (RP2040 §2.3.2: every IRQ goes to both). */
  irqCores: readonly number[];
  /**
   * One map per simulated chip, for state the devices of that chip share (reset lines, the clock
   * tree, the QSPI chip select). The machine passes the same map to every device it builds.
   */
  shared: Map<string, unknown>;
  /** The backing bytes of a board memory by name (the SSI reads the flash array through it). */
  memory?(name: string): Uint8Array | undefined;
  /** A byte left a UART's transmit shift register (port = the device's config `port`). */
  serialOut?(port: string, byte: number, atNs: number): void;
  /** PSM FRCE_OFF of a processor: held = true holds the core in reset, false releases it to rerun the boot ROM. */
  setCoreHeld?(coreId: number, held: boolean): void;
  /** An access to an unimplemented register (reported once per device and offset). */
  onUnimplemented?(device: string, offset: number, nearestRegister: string): void;
  /** Makes an unimplemented register access throw `UnimplementedRegisterError`. */
  strictMmio?: boolean;
}

/** Thrown (in strict mode) for an access to an unimplemented register; the machine makes it a bus fault. */
export class UnimplementedRegisterError extends DeviceAccessError {
  constructor(
    readonly device: string,
    readonly offset: number,
    readonly nearestRegister: string,
    readonly access: 'read' | 'write',
  ) {
    super(
      `${access} of unimplemented register ${device}+0x${offset.toString(16)} (nearest: ${nearestRegister})`,
    );
    this.name = 'UnimplementedRegisterError';
  }
}

/** The chip-wide object stored under `key`, created on first use. */
export function sharedOf<T>(env: Rp2040DeviceEnv, key: string, create: () => T): T {
  let value = env.shared.get(key) as T | undefined;
  if (value === undefined) {
    value = create();
    env.shared.set(key, value);
  }
  return value;
}

/** One interrupt line of the chip, driven to every core in `irqCores` on each level change. */
export class IrqLine {
  private level = false;

  constructor(
    private readonly env: Rp2040DeviceEnv,
    readonly line: number,
  ) {}

  get raised(): boolean {
    return this.level;
  }

  set(level: boolean): void {
    if (level === this.level) return;
    this.level = level;
    for (const core of this.env.irqCores) this.env.host.setIrq?.(core, this.line, level);
  }
}
