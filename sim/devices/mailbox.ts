/**
 * The generic board's sync block, an arielsim invention for what-if boards (no datasheet): CPUID,
 * the core count, one 8-deep receive FIFO per core and 32 spinlocks with RP2040 SIO semantics.
 * Word registers (offsets):
 *   0x000 CPUID (reads the accessing core's id)   0x004 CORES (number of cores)
 *   0x008 RX_COUNT (words waiting for this core)   0x00C RX_POP (next word, 0 when empty)
 *   0x100 + 4n TX to core n (write; dropped when that FIFO is full; wakes core n's WFE)
 *   0x200 + 4n SPINLOCK n (read claims: nonzero if it was free; write releases)
 */
import { LOCK_REGISTERS } from '../../platforms/boards/devices.js';
import type { DeviceHost, MachineDevice } from './device.js';
import { WordFifo } from './fifo.js';

export const MAILBOX = {
  CPUID: 0x000,
  CORES: 0x004,
  RX_COUNT: 0x008,
  RX_POP: 0x00c,
  TX0: 0x100,
  SPINLOCK0: LOCK_REGISTERS.mailbox.first,
} as const;

export class Mailbox implements MachineDevice {
  readonly name = 'MAILBOX';
  private readonly fifos: WordFifo[];
  private locks = 0;

  constructor(
    private readonly host: DeviceHost,
    private readonly coreCount: number,
  ) {
    this.fifos = Array.from({ length: coreCount }, () => new WordFifo(8));
  }

  read(offset: number, _size: 1 | 2 | 4, core: number): number {
    if (offset === MAILBOX.CPUID) return core;
    if (offset === MAILBOX.CORES) return this.coreCount;
    if (offset === MAILBOX.RX_COUNT) return this.fifos[core]!.length;
    if (offset === MAILBOX.RX_POP) return this.fifos[core]!.pop() ?? 0;
    if (offset >= MAILBOX.SPINLOCK0 && offset < MAILBOX.SPINLOCK0 + 128) {
      const bit = 1 << ((offset - MAILBOX.SPINLOCK0) >>> 2);
      if ((this.locks & bit) !== 0) return 0;
      this.locks |= bit;
      return bit >>> 0;
    }
    return 0;
  }

  write(offset: number, _size: 1 | 2 | 4, value: number, core: number): void {
    if (offset >= MAILBOX.TX0 && offset < MAILBOX.TX0 + 4 * this.coreCount) {
      const to = (offset - MAILBOX.TX0) >>> 2;
      if (this.fifos[to]!.push(value)) this.host.signalEvent(to);
      this.host.note(core, 'mailbox', `to core ${to}`);
    } else if (offset >= MAILBOX.SPINLOCK0 && offset < MAILBOX.SPINLOCK0 + 128) {
      this.locks &= ~(1 << ((offset - MAILBOX.SPINLOCK0) >>> 2));
    }
  }
}
