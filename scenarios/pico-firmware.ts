/**
 * Runs third-party pico-sdk firmware (an RP2040 ELF with its boot2) on the simulated RP2040 from
 * reset, as `arielsim exec --board rp2040` does, collecting the UART output until a condition on
 * it holds: `npm run bench:silicon` and the silicon tests run the person-detection benchmark this
 * way until its `NoPersonDataIterations(1)` block is complete.
 */
import { readFileSync } from 'node:fs';
import { resolveBoard } from '../cli/commands/board-option.js';
import { bootRomImage } from '../runtime-gen/prebuilt.js';
import { parseElf } from '../sim/elf.js';
import { Machine } from '../sim/machine/machine.js';
import { hasValidStage2 } from '../sim/machine/rom-boot.js';

export interface PicoRunOptions {
  /** A boot ROM image (default: the board's own, runtime-gen/prebuilt/rp2040-bootrom.bin). */
  bootRom?: Uint8Array;
  /** Stops once this holds for the UART text so far (checked at each line end). */
  until: (uart: string) => boolean;
  /** Simulated seconds at most (then the run throws: the condition never held). */
  maxSeconds: number;
  /** Called with the machine once the firmware is loaded, before it runs (instrumentation). */
  setup?: (machine: Machine) => void;
}

export interface PicoRun {
  /** The UART text up to the stop. */
  uart: string;
  machine: Machine;
  /** Simulated ns at the stop. */
  elapsedNs: number;
  hostSeconds: number;
  /** Cycles of core 0 (both cores run at clk_sys). */
  cycles: number;
}

/** Simulated time per `Machine.run` slice, between checks of the condition. */
const SLICE_CYCLES = 2_000_000;

export function runPicoFirmware(path: string, options: PicoRunOptions): PicoRun {
  const elf = parseElf(new Uint8Array(readFileSync(path)), path);
  const board = resolveBoard('rp2040', []);
  let uart = '';
  let done = false;
  const machine = new Machine(board, {
    host: { writeStdout: () => undefined },
    serialOut: (_port, byte) => {
      uart += String.fromCharCode(byte);
      if (byte === 10 && !done) done = options.until(uart);
    },
    breakpointsStopCore: true,
  });
  machine.load(elf);
  const rom = board.boot.rom!;
  if (!hasValidStage2(board, machine.memoryBytes(rom.stage2.memory)))
    throw new Error(`${path}: the first 256 bytes of flash are no valid boot2`);
  machine.loadBytes(0, options.bootRom ?? bootRomImage(rom.image));
  machine.bootFromRom();
  options.setup?.(machine);
  const clockHz = board.cores[0]!.clockHz;
  const maxCycles = options.maxSeconds * clockHz;
  const t0 = performance.now();
  let cycles = 0;
  while (!done) {
    if (cycles >= maxCycles)
      throw new Error(`${path}: the condition did not hold within ${options.maxSeconds} s`);
    cycles = Math.min(maxCycles, cycles + SLICE_CYCLES);
    const result = machine.run({ maxCycles: cycles });
    if (result.exit.kind !== 'max-cycles' && !done)
      throw new Error(
        `${path}: the firmware stopped (${result.exit.kind}) before the condition held`,
      );
  }
  return {
    uart,
    machine,
    elapsedNs: (machine.cores[0]!.cycles / clockHz) * 1e9,
    hostSeconds: (performance.now() - t0) / 1000,
    cycles: machine.cores[0]!.cycles,
  };
}
