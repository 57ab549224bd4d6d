/**
 * STM32H7 dual-core hardware semaphore block (RM0399 §11, HSEM): 32 semaphores. Reading RLRx is the
 * one-step lock: a free semaphore becomes owned by the reading core (PROCID 0) and the read returns
 * LOCK | COREID << 8. Writing Rx with LOCK set takes a free semaphore (two-step lock); writing it with
 * LOCK clear and the owner's COREID/PROCID frees it and sets the other cores' status bit.
 * COREID: Cortex-M7 (core 0) = 3, Cortex-M4 (core 1) = 1 (RM0399 §11.3.2, HAL HSEM_CPUx_COREID).
 * Interrupt enables are stored but no interrupt is raised yet.
 */
import { LOCK_REGISTERS } from '../../platforms/boards/devices.js';
import type { MachineDevice } from './device.js';

const R0 = 0x000;
const RLR0 = LOCK_REGISTERS.hsem.first;
const IER = [0x100, 0x110];
const ICR = [0x104, 0x114];
const ISR = [0x108, 0x118];
const LOCK = 0x8000_0000;

export class Hsem implements MachineDevice {
  readonly name = 'HSEM';
  /** Per semaphore: LOCK | COREID << 8 | PROCID, or 0 when free. */
  private readonly state = new Uint32Array(32);
  private readonly ier = [0, 0];
  private readonly isr = [0, 0];

  /** `coreIds[c]`: the COREID core c presents (board data: RM0399 §11.3.2, CM7 3, CM4 1). */
  constructor(private readonly coreIds: readonly number[]) {}

  read(offset: number, _size: 1 | 2 | 4, core: number): number {
    if (offset >= R0 && offset < R0 + 128) return this.state[offset >>> 2]!;
    if (offset >= RLR0 && offset < RLR0 + 128) {
      const n = (offset - RLR0) >>> 2;
      if (this.state[n] === 0) this.state[n] = (LOCK | (this.coreIdOf(core) << 8)) >>> 0;
      return this.state[n]!;
    }
    const c = IER.indexOf(offset);
    if (c >= 0) return this.ier[c]! >>> 0;
    const s = ISR.indexOf(offset);
    if (s >= 0) return this.isr[s]! >>> 0;
    return 0;
  }

  write(offset: number, _size: 1 | 2 | 4, value: number, core: number): void {
    if (offset >= R0 && offset < R0 + 128) return this.writeR(offset >>> 2, value, core);
    const c = IER.indexOf(offset);
    if (c >= 0) this.ier[c] = value >>> 0;
    const i = ICR.indexOf(offset);
    if (i >= 0) this.isr[i]! &= ~value;
  }

  private coreIdOf(core: number): number {
    return this.coreIds[core] ?? core;
  }

  private writeR(n: number, value: number, core: number): void {
    const owner = (this.coreIdOf(core) << 8) | (value & 0xff);
    if ((value & LOCK) !== 0) {
      if (this.state[n] === 0) this.state[n] = (LOCK | owner) >>> 0;
      return;
    }
    if ((this.state[n]! & 0xfff) !== owner) return;
    this.state[n] = 0;
    for (let c = 0; c < 2; c++) if (c !== core) this.isr[c]! |= 1 << n;
  }
}
