/**
 * `arielsim exec <file.elf> --core <type> [--clock-hz N] [--max-cycles N] [--json]`: runs one ELF
 * on one simulated core over flat memory. With `--board <name> [--set key=value ...]` instead of
 * `--core`, it runs the ELF on every core of a board (sim/machine/run-board.ts). Guest semihosting output goes to stdout; the process exit
 * status is the guest's exit code, EXIT.GUEST_FAULT after a guest fault, EXIT.MAX_CYCLES at the limit.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { CORE_TYPES } from '../../platforms/cores/index.js';
import { parseElf } from '../../sim/elf.js';
import { formatFault, runElf, type ExecResult } from '../../sim/exec.js';
import { DiagnosticError } from '../../common/diagnostics.js';
import { boardReport, runOnBoard } from '../../sim/machine/run-board.js';
import { resolveBoard } from './board-option.js';
import type { MachineExit } from '../../sim/machine/machine.js';
import type { ElfImage } from '../../sim/elf.js';
import { EXIT } from '../exit-codes.js';
import { readUserFile } from '../files.js';
import { parseOptions, positiveInt } from '../options.js';
import { printJson } from '../output.js';

const Options = z.object({
  core: z.enum(CORE_TYPES, { message: `expected one of ${CORE_TYPES.join(', ')}` }).optional(),
  board: z.string().min(1).optional(),
  set: z.array(z.string()).optional(),
  clockHz: positiveInt.optional(),
  maxCycles: positiveInt.optional(),
  json: z.boolean().optional(),
});

export function registerExec(program: Command): void {
  program
    .command('exec')
    .description('run an ELF on one simulated core (semihosting output to stdout)')
    .argument('<file.elf>', 'ELF32 executable')
    .option('--core <type>', `core type: ${CORE_TYPES.join(', ')}`)
    .option(
      '--board <name|file>',
      'run on every core of a board (or a board file) instead of one core',
    )
    .option('--set <key=value>', 'generic-board parameter (repeatable)', collect, [])
    .option('--clock-hz <n>', 'core clock in Hz (default 125000000)')
    .option('--max-cycles <n>', 'stop after this many cycles')
    .option('--json', 'print one JSON object with the exit and per-core statistics')
    .action((path: string, raw: unknown) => {
      const opts = parseOptions(Options, raw);
      checkTarget(opts);
      const elf = parseElf(readUserFile(path, 'ELF file'), path);
      const json = opts.json === true;
      if (opts.board !== undefined) return execOnBoard(elf, { ...opts, board: opts.board }, json);
      const result = runElf(elf, {
        coreType: opts.core!,
        ...(opts.clockHz === undefined ? {} : { clockHz: opts.clockHz }),
        ...(opts.maxCycles === undefined ? {} : { maxCycles: opts.maxCycles }),
        // With --json, stdout carries the JSON object only; guest output then goes to stderr.
        host: { writeStdout: (bytes) => (json ? process.stderr : process.stdout).write(bytes) },
      });
      const status = exitStatus(result);
      if (result.exit.kind === 'fault')
        process.stderr.write(formatFault(result.exit.halt, elf) + '\n');
      if (result.exit.kind === 'max-cycles') {
        process.stderr.write(
          `stopped: --max-cycles ${opts.maxCycles} reached at pc 0x${pcOf(result)}\n`,
        );
      }
      if (json) printJson(report(result, status));
      process.exitCode = status;
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Exactly one of --core and --board; --set and --clock-hz only where they apply. */
function checkTarget(opts: z.infer<typeof Options>): void {
  const problems = [];
  if ((opts.core === undefined) === (opts.board === undefined))
    problems.push({ code: 'cli/bad-option', where: '--core', message: 'give --core or --board' });
  if (opts.board === undefined && (opts.set?.length ?? 0) > 0)
    problems.push({ code: 'cli/bad-option', where: '--set', message: '--set needs --board' });
  if (opts.board !== undefined && opts.clockHz !== undefined)
    problems.push({
      code: 'cli/bad-option',
      where: '--clock-hz',
      message: 'a board sets its own clocks (use --set on the generic board)',
    });
  if (problems.length > 0) throw new DiagnosticError(problems);
}

function execOnBoard(
  elf: ElfImage,
  opts: z.infer<typeof Options> & { board: string },
  json: boolean,
): void {
  const { result } = runOnBoard(elf, {
    board: resolveBoard(opts.board, opts.set ?? []),
    ...(opts.maxCycles === undefined ? {} : { maxCycles: opts.maxCycles }),
    host: { writeStdout: (bytes) => (json ? process.stderr : process.stdout).write(bytes) },
  });
  const status = boardExitStatus(result.exit);
  if (result.exit.kind === 'fault')
    process.stderr.write(`core ${result.exit.coreId}: ${formatFault(result.exit.halt, elf)}\n`);
  if (result.exit.kind === 'max-cycles')
    process.stderr.write(`stopped: --max-cycles ${opts.maxCycles} reached\n`);
  if (json) printJson(boardReport(result, status));
  process.exitCode = status;
}

function boardExitStatus(exit: MachineExit): number {
  switch (exit.kind) {
    case 'semihosting':
      return exit.code & 0xff;
    case 'fault':
      return EXIT.GUEST_FAULT;
    case 'max-cycles':
    case 'all-halted':
      return EXIT.MAX_CYCLES;
  }
}

function exitStatus(result: ExecResult): number {
  switch (result.exit.kind) {
    case 'semihosting':
      return result.exit.code & 0xff;
    case 'fault':
      return EXIT.GUEST_FAULT;
    case 'max-cycles':
      return EXIT.MAX_CYCLES;
  }
}

function pcOf(result: ExecResult): string {
  const regs = (result.core as { registerDump?: () => Record<string, number> }).registerDump?.();
  return ((regs?.pc ?? 0) >>> 0).toString(16).padStart(8, '0');
}

function report(result: ExecResult, status: number) {
  const { core } = result;
  return {
    exit: { kind: result.exit.kind, code: status },
    cores: [{ id: core.id, type: core.type, cycles: core.cycles, instructions: core.instructions }],
    hostSeconds: result.hostSeconds,
    mips: result.mips,
  };
}
