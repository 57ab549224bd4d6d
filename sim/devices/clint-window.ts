/**
 * The RISC-V harts' CLINTs on the machine's bus, for boards whose harts wake each other with
 * software interrupts (platforms/cores softwareInterruptBase: RISC-V cores without Xh3power). One
 * window in the SiFive layout (sim/core/riscv/clint.ts) at the core model's CLINT base:
 *
 *   +0x0000 + 4*n  msip of hart n: any hart sets or clears it; setting it wakes hart n's WFI when
 *                  its mie.MSIE is set, as a software interrupt does on a shared CLINT
 *   +0x4000 + 8*n  mtimecmp of hart n
 *   +0xBFF8        mtime, of the accessing hart's own timer (each counts its own core's clock)
 *
 * Each hart keeps its timer and msip bit in its own Clint (it needs them every instruction); the
 * window routes every access there. Before a write sets an msip bit, a sleeping hart that is behind
 * is brought up to the writer's time (lookahead.ts), so it wakes then, as with one shared CLINT; it
 * wakes only if its mie.MSIE is set. A core that is not a RISC-V hart has no CLINT: its words read
 * 0, and setting its msip sets its event register instead (a Cortex-M core's WFE ends).
 */
import { CLINT_MTIME, CLINT_MTIMECMP, type Clint } from '../core/riscv/clint.js';
import type { DeviceHost, MachineDevice } from './device.js';

export class ClintWindow implements MachineDevice {
  readonly name = 'CLINT';

  constructor(
    private readonly host: DeviceHost,
    private readonly coreCount: number,
    /** Hart `id`'s own CLINT; undefined for a core that is not a RISC-V hart. */
    private readonly clintOf: (id: number) => Clint | undefined,
  ) {}

  read(offset: number, size: 1 | 2 | 4, core: number): number {
    const hart = this.hartOf(offset, core);
    if (hart < 0) return 0;
    return this.clintOf(hart)?.read(offset, size) ?? 0;
  }

  write(offset: number, size: 1 | 2 | 4, value: number, core: number): void {
    const hart = this.hartOf(offset, core);
    if (hart < 0) return;
    const clint = this.clintOf(hart);
    if (offset < CLINT_MTIMECMP && size === 4 && (value & 1) !== 0) {
      this.host.note(core, 'software-interrupt', `to core ${hart}`);
      // A hart wakes by itself once the bit is set (when its mie.MSIE is); brought up to now
      // first, with the bit still clear. Another core's event register is set instead.
      if (clint !== undefined) this.host.beforeWake?.(hart);
      else this.host.signalEvent(hart);
    }
    clint?.write(offset, size, value);
  }

  /** The hart whose CLINT word `offset` is (mtime: the accessing core's), or -1. */
  private hartOf(offset: number, core: number): number {
    let hart: number;
    if (offset < CLINT_MTIMECMP) hart = offset >>> 2;
    else if (offset < CLINT_MTIME) hart = (offset - CLINT_MTIMECMP) >>> 3;
    else hart = core;
    return hart < this.coreCount ? hart : -1;
  }
}
