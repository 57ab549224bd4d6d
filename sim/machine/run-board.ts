/**
 * `arielsim exec <elf> --board <name>`: builds the board's machine and loads the ELF. Firmware that
 * carries a second stage the board's boot ROM accepts (rom-boot.ts) boots as on silicon: every
 * core from the ROM's reset vector. Other firmware boots by the board's convention: core 0 from
 * the firmware's vector table (Cortex-M: the lowest loaded address) or entry (RISC-V), the other
 * cores by the board's protocol. Runs until an exit, a fault or `maxCycles` of core 0.
 */
import type { Board } from '../../platforms/boards/schema.js';
import type { SemihostingHost } from '../core/core.js';
import type { ElfImage } from '../elf.js';
import { DiagnosticError } from '../../common/diagnostics.js';
import { architectureProblems, Machine, type MachineRunResult } from './machine.js';
import { hasValidStage2 } from './rom-boot.js';

export interface BoardRunOptions {
  /** The board, resolved and validated (a built-in or a board file). */
  board: Board;
  maxCycles?: number;
  quantumCycles?: number;
  host: SemihostingHost;
  /**
   * The boot ROM image for a board with `boot.rom` (the caller resolves the board's prebuilt or
   * `--boot-rom`); used when the firmware carries a valid second stage (rom-boot.ts).
   */
  bootRom?: Uint8Array;
  serialOut?: (port: string, byte: number, atNs: number) => void;
  strictMmio?: boolean;
}

/** How long the devices run on after the firmware stopped: 32 UART bytes at 9600 baud. */
const SETTLE_NS = 40e6;

export function runOnBoard(
  elf: ElfImage,
  options: BoardRunOptions,
): { machine: Machine; result: MachineRunResult } {
  const board = options.board;
  const problems = architectureProblems(board, elf);
  if (problems.length > 0) throw new DiagnosticError(problems);
  const machine = new Machine(board, {
    host: options.host,
    ...(options.quantumCycles === undefined ? {} : { quantumCycles: options.quantumCycles }),
    ...(options.serialOut !== undefined && { serialOut: options.serialOut }),
    ...(options.strictMmio !== undefined && { strictMmio: options.strictMmio }),
    // As on silicon: a core at a BKPT stops, the others go on (pico-sdk's _exit on one core).
    breakpointsStopCore: true,
  });
  machine.load(elf);
  const rom = board.boot.rom;
  const fromRom =
    rom !== undefined &&
    options.bootRom !== undefined &&
    hasValidStage2(board, machine.memoryBytes(rom.stage2.memory));
  if (fromRom) {
    const romMemory = board.memories.find((m) => m.kind === 'rom')!;
    machine.loadBytes(romMemory.base, options.bootRom!.subarray(0, romMemory.size));
    machine.bootFromRom();
  } else machine.boot(Machine.bootAddress(elf));
  const result = machine.run(
    options.maxCycles === undefined ? {} : { maxCycles: options.maxCycles },
  );
  // The firmware stopped (an exit, a breakpoint, a fault): what its UARTs still hold goes out.
  if (result.exit.kind !== 'max-cycles' && result.exit.kind !== 'deadlock')
    machine.settleDevices(SETTLE_NS);
  return { machine, result };
}

/** The `--json` report: the single-core contract's fields, one `cores` entry per core, banks. */
export function boardReport(result: MachineRunResult, status: number) {
  const { stats } = result;
  return {
    exit: { kind: result.exit.kind, code: status },
    cores: stats.cores.map((c) => ({
      id: c.id,
      type: c.type,
      clockHz: c.clockHz,
      cycles: c.cycles,
      instructions: c.instructions,
      busy: c.busy,
      stalled: c.stalled,
      sleeping: c.sleeping,
      state: c.state,
    })),
    banks: stats.banks.map((b) => ({
      name: b.name,
      accesses: b.accesses,
      conflictStalls: b.conflictStalls,
    })),
    caches: stats.caches,
    elapsedNs: stats.elapsedNs,
    traceHash: result.traceHash,
    hostSeconds: result.hostSeconds,
    mips: stats.mips,
  };
}
