/**
 * The RP2040 / RP2350 boot ROM's core-1 wait loop (RP2040 datasheet §2.8.2, "Launching Code On
 * Processor Core 1"): core 1 sleeps in the ROM reading its FIFO and echoes every word back. The
 * launch sequence is 0, 0, 1, vector table, stack pointer, entry; a word that breaks the sequence
 * restarts it (a 0 always counts as its first word). After the entry word core 1 leaves the ROM
 * with VTOR, SP and PC set. The echo is immediate here (the ROM loop's own cycles are not modelled).
 */
import type { DeviceHost } from './device.js';
import type { FifoReader, Sio } from './sio.js';

export interface Core1Launch {
  vectorTable: number;
  stackPointer: number;
  entry: number;
}

const PREFIX = [0, 0, 1];

export class BootRomLaunch implements FifoReader {
  private received: number[] = [];

  constructor(
    private readonly sio: Sio,
    private readonly host: DeviceHost,
    private readonly launch: (target: Core1Launch) => void,
  ) {
    sio.core1Reader = this;
  }

  onPush(): void {
    const fifo = this.sio.fifos[1]!;
    for (let word = fifo.pop(); word !== undefined; word = fifo.pop()) this.accept(word);
  }

  private accept(word: number): void {
    const seq = this.received;
    const at = seq.length;
    if (at < PREFIX.length && word !== PREFIX[at]) this.received = word === 0 ? [0] : [];
    else seq.push(word);
    this.sio.pushFrom(1, word);
    this.host.note(1, 'rom-echo', `0x${word.toString(16)}`);
    if (this.received.length === 6) {
      const [, , , vectorTable, stackPointer, entry] = this.received as [
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      this.sio.core1Reader = undefined;
      this.launch({ vectorTable, stackPointer, entry });
    }
  }
}
