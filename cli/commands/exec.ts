/**
 * `arielsim exec <file.elf> --core <type> [--clock-hz N] [--max-cycles N] [--timeout T] [--json]`:
 * runs one ELF on one simulated core over flat memory. With `--board <name> [--set key=value ...]`
 * instead of `--core`, it runs the ELF on every core of a board (sim/machine/run-board.ts). Guest
 * semihosting output goes to stdout; the process exit status is the guest's exit code,
 * EXIT.GUEST_FAULT after a guest fault, EXIT.LIMIT at --max-cycles or --timeout (default 30 s of
 * simulated time), EXIT.DEADLOCK when every core sleeps with nothing to wake it.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { CORE_TYPES } from '../../platforms/cores/index.js';
import { parseElf } from '../../sim/elf.js';
import { formatFault, runElf, type ExecResult } from '../../sim/exec.js';
import { DiagnosticError } from '../../common/diagnostics.js';
import { boardReport, runOnBoard } from '../../sim/machine/run-board.js';
import { isBoardFile, resolveBoard } from './board-option.js';
import { readFirmware } from '../../sim/firmware-file.js';
import { bootRomImage } from '../../runtime-gen/prebuilt.js';
import type { Board } from '../../platforms/boards/schema.js';
import { planOutputs, type NamedPath } from '../output-guard.js';
import type { Machine, MachineExit } from '../../sim/machine/machine.js';
import { EXIT } from '../exit-codes.js';
import { readUserFile } from '../files.js';
import { parseOptions, positiveInt, simulatedSeconds } from '../options.js';
import { printJson } from '../output.js';
import {
  DEFAULT_EXEC_CLOCK_HZ,
  DEFAULT_EXEC_TIMEOUT_SECONDS,
  runLimit,
  type RunLimit,
} from '../run-limit.js';

const Options = z.object({
  core: z.enum(CORE_TYPES, { message: `expected one of ${CORE_TYPES.join(', ')}` }).optional(),
  board: z.string().min(1).optional(),
  set: z.array(z.string()).optional(),
  clockHz: positiveInt.optional(),
  maxCycles: positiveInt.optional(),
  timeout: simulatedSeconds.default(DEFAULT_EXEC_TIMEOUT_SECONDS),
  json: z.boolean().optional(),
  bootRom: z.string().min(1).optional(),
  serialLog: z.string().min(1).optional(),
  strictMmio: z.boolean().optional(),
});
type ExecOptions = z.infer<typeof Options>;

export function registerExec(program: Command): void {
  program
    .command('exec')
    .description(
      'run firmware on one simulated core or on a whole board (semihosting and UART output to stdout)',
    )
    .argument('[firmware]', 'ELF32 executable; with --board also a .uf2 or a raw flash .bin')
    .usage('<firmware.elf|.uf2|.bin> (--core <type> | --board <name>) [options]')
    .option('--core <type>', `core type: ${CORE_TYPES.join(', ')}`)
    .option(
      '--board <name|file>',
      'run on every core of a board (or a board file) instead of one core',
    )
    .option('--set <key=value>', 'generic-board parameter (repeatable)', collect, [])
    .option('--clock-hz <n>', 'core clock in Hz (default 125000000)')
    .option('--max-cycles <n>', 'stop after this many cycles (of core 0)')
    .option(
      '--timeout <time>',
      `stop after this much simulated time: 2s, 500ms, 250us (default ${DEFAULT_EXEC_TIMEOUT_SECONDS}s)`,
    )
    .option('--json', 'print one JSON object with the exit and per-core statistics')
    .option(
      '--boot-rom <file>',
      "with --board: boot from this ROM image instead of the board's own (firmware with a boot2)",
    )
    .option('--serial-log <file>', 'with --board: write the UART output to this file, not stdout')
    .option('--strict-mmio', 'with --board: an unimplemented device register is a bus fault')
    .action((path: string | undefined, raw: { timeout?: string }) => {
      const opts = parseOptions(Options, raw, { '<firmware>': path });
      checkTarget(opts);
      const json = opts.json === true;
      const given = raw.timeout !== undefined;
      if (opts.board !== undefined)
        return execOnBoard(path!, { ...opts, board: opts.board }, given);
      const elf = parseElf(readUserFile(path!, 'ELF file'), path!);
      const limit = runLimit(
        opts.maxCycles,
        opts.timeout,
        given,
        opts.clockHz ?? DEFAULT_EXEC_CLOCK_HZ,
      );
      const result = runElf(elf, {
        coreType: opts.core!,
        ...(opts.clockHz === undefined ? {} : { clockHz: opts.clockHz }),
        maxCycles: limit.maxCycles,
        // With --json, stdout carries the JSON object only; guest output then goes to stderr.
        host: { writeStdout: (bytes) => (json ? process.stderr : process.stdout).write(bytes) },
      });
      const status = exitStatus(result);
      if (result.exit.kind === 'fault')
        process.stderr.write(formatFault(result.exit.halt, elf) + '\n');
      if (result.exit.kind === 'max-cycles')
        process.stderr.write(`stopped: ${limit.text} reached at pc 0x${pcOf(result.core)}\n`);
      if (result.exit.kind === 'deadlock')
        process.stderr.write(
          `stopped: the core is asleep with no wake source (no timer or interrupt can wake it) at pc 0x${pcOf(result.core)}, cycle ${result.core.cycles}\n`,
        );
      if (json) printJson(report(result, status, limit));
      process.exitCode = status;
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Exactly one of --core and --board; --set and --clock-hz only where they apply. */
function checkTarget(opts: ExecOptions): void {
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
  for (const [given, flag] of [
    [opts.bootRom, '--boot-rom'],
    [opts.serialLog, '--serial-log'],
    [opts.strictMmio, '--strict-mmio'],
  ] as const)
    if (opts.board === undefined && given !== undefined)
      problems.push({ code: 'cli/bad-option', where: flag, message: `${flag} needs --board` });
  if (problems.length > 0) throw new DiagnosticError(problems);
}

function execOnBoard(path: string, opts: ExecOptions & { board: string }, given: boolean): void {
  const json = opts.json === true;
  const inputs: NamedPath[] = [{ path, what: 'firmware file' }];
  if (isBoardFile(opts.board)) inputs.push({ path: opts.board, what: '--board file' });
  if (opts.bootRom !== undefined) inputs.push({ path: opts.bootRom, what: '--boot-rom file' });
  const outputs: NamedPath[] =
    opts.serialLog === undefined ? [] : [{ path: opts.serialLog, what: '--serial-log file' }];
  const plan = planOutputs(outputs, inputs);
  const board = resolveBoard(opts.board, opts.set ?? []);
  const flash = firmwareFlashBase(board);
  const elf = readFirmware(readUserFile(path, 'firmware file'), path, flash);
  const bootRom = resolveBootRom(board, opts.bootRom);
  const limit = runLimit(opts.maxCycles, opts.timeout, given, board.cores[0]!.clockHz);
  // UART bytes go to stdout as they leave the wire (stderr with --json), or to --serial-log.
  const serial: number[] = [];
  const console = json ? process.stderr : process.stdout;
  const { machine, result } = runOnBoard(elf, {
    board,
    maxCycles: limit.maxCycles,
    host: { writeStdout: (bytes) => console.write(bytes) },
    ...(bootRom !== undefined && { bootRom }),
    serialOut: (_port, byte) => {
      if (opts.serialLog !== undefined) serial.push(byte);
      else console.write(Uint8Array.of(byte));
    },
    strictMmio: opts.strictMmio === true,
  });
  if (opts.serialLog !== undefined) {
    const written = plan.commit(new Map([[opts.serialLog, Uint8Array.from(serial)]]));
    for (const p of written) process.stderr.write(`wrote ${p}\n`);
  }
  for (const u of machine.unimplemented)
    process.stderr.write(
      `warning: core ${u.coreId} touched unimplemented register ${u.device}+0x${u.offset.toString(16)} (near ${u.nearestRegister}) at ${(u.atNs / 1e3).toFixed(1)} us; it reads 0 (--strict-mmio makes it a fault)\n`,
    );
  const status = boardExitStatus(result.exit);
  if (result.exit.kind === 'fault')
    process.stderr.write(`core ${result.exit.coreId}: ${formatFault(result.exit.halt, elf)}\n`);
  if (result.exit.kind === 'max-cycles') process.stderr.write(`stopped: ${limit.text} reached\n`);
  if (result.exit.kind === 'deadlock')
    process.stderr.write(
      `stopped: all cores asleep with no wake source (no timer or interrupt can wake any of them): ${sleepers(machine)}\n`,
    );
  if (result.exit.kind === 'breakpoint' && !json)
    process.stderr.write(
      `stopped: core ${result.exit.coreId} at a breakpoint (bkpt #${result.exit.halt.breakpoint}) at pc 0x${(result.exit.halt.pc >>> 0).toString(16)}, r0 = ${result.exit.code}, after ${(result.stats.elapsedNs / 1e6).toFixed(3)} ms\n`,
    );
  if (json) {
    const summary = boardReport(result, status);
    const kind = result.exit.kind === 'max-cycles' ? limit.kind : result.exit.kind;
    printJson({
      ...summary,
      exit: { kind, code: status },
      boot: machine.bootedFromRom ? 'rom' : 'convention',
      unimplemented: machine.unimplemented,
    });
  }
  process.exitCode = status;
}

/** Where a raw .bin goes: the board's boot2 memory, else its first flash. */
function firmwareFlashBase(board: Board): number {
  const name = board.boot.rom?.stage2.memory;
  const m =
    board.memories.find((x) => x.name === name) ?? board.memories.find((x) => x.kind === 'flash');
  return m?.base ?? 0;
}

/** The ROM to boot from: --boot-rom's file, else the board's prebuilt image, else none. */
function resolveBootRom(board: Board, file: string | undefined): Uint8Array | undefined {
  const rom = board.memories.find((m) => m.kind === 'rom');
  if (file !== undefined) {
    if (board.boot.rom === undefined || rom === undefined)
      throw new DiagnosticError({
        code: 'cli/bad-option',
        where: '--boot-rom',
        message: `board ${board.name} does not boot from a ROM (no boot.rom in its data)`,
      });
    const bytes = readUserFile(file, 'boot ROM image');
    if (bytes.length === 0 || bytes.length > rom.size)
      throw new DiagnosticError({
        code: 'exec/bad-boot-rom',
        where: file,
        message: `a boot ROM image must be 1 to ${rom.size} bytes (the ${rom.name} memory); this one is ${bytes.length}`,
      });
    return bytes;
  }
  return board.boot.rom === undefined ? undefined : bootRomImage(board.boot.rom.image);
}

/** `core 0 at pc 0x..., cycle N; core 1 ...` for the cores still running. */
function sleepers(machine: Machine): string {
  return machine.cores
    .filter((_, id) => machine.live[id] === 1)
    .map((c) => `core ${c.id} at pc 0x${pcOf(c)}, cycle ${c.cycles}`)
    .join('; ');
}

function boardExitStatus(exit: MachineExit): number {
  switch (exit.kind) {
    case 'semihosting':
      return exit.code & 0xff;
    case 'fault':
      return EXIT.GUEST_FAULT;
    case 'deadlock':
      return EXIT.DEADLOCK;
    case 'breakpoint':
      // bkpt #0 is pico-sdk's _exit (status in r0); any other is a stop the firmware chose.
      return exit.halt.breakpoint === 0 ? exit.code & 0xff : EXIT.GUEST_FAULT;
    case 'max-cycles':
    case 'all-halted':
      return EXIT.LIMIT;
  }
}

function exitStatus(result: ExecResult): number {
  switch (result.exit.kind) {
    case 'semihosting':
      return result.exit.code & 0xff;
    case 'fault':
      return EXIT.GUEST_FAULT;
    case 'deadlock':
      return EXIT.DEADLOCK;
    case 'max-cycles':
      return EXIT.LIMIT;
  }
}

function pcOf(core: object): string {
  const regs = (core as { registerDump?: () => Record<string, number> }).registerDump?.();
  const pc = regs?.pc ?? (core as { pc?: number }).pc ?? 0;
  return (pc >>> 0).toString(16).padStart(8, '0');
}

function report(result: ExecResult, status: number, limit: RunLimit) {
  const { core } = result;
  const kind = result.exit.kind === 'max-cycles' ? limit.kind : result.exit.kind;
  return {
    exit: { kind, code: status },
    cores: [{ id: core.id, type: core.type, cycles: core.cycles, instructions: core.instructions }],
    hostSeconds: result.hostSeconds,
    mips: result.mips,
  };
}
