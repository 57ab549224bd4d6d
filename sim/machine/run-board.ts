/**
 * `arielsim exec <elf> --board <name>`: builds the board's machine, loads the ELF, boots core 0 from
 * the firmware's vector table (Cortex-M: the lowest loaded address) or entry (RISC-V), starts the
 * other cores by the board's protocol and runs until an exit, a fault or `maxCycles` of core 0.
 */
import type { Board } from '../../platforms/boards/schema.js';
import type { SemihostingHost } from '../core/core.js';
import type { ElfImage } from '../elf.js';
import { DiagnosticError } from '../../common/diagnostics.js';
import { architectureProblems, Machine, type MachineRunResult } from './machine.js';

export interface BoardRunOptions {
  /** The board, resolved and validated (a built-in or a board file). */
  board: Board;
  maxCycles?: number;
  quantumCycles?: number;
  host: SemihostingHost;
}

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
  });
  machine.load(elf);
  machine.boot(Machine.bootAddress(elf));
  const result = machine.run(
    options.maxCycles === undefined ? {} : { maxCycles: options.maxCycles },
  );
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
