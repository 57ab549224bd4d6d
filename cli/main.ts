/**
 * The `arielsim` command: argument parsing and printing only. Every sub-command lives in
 * cli/commands/ and calls into the library folders; it has no logic of its own.
 */
import { Command, CommanderError } from 'commander';
import { DiagnosticError, formatDiagnostic, type Diagnostic } from '../common/diagnostics.js';
import { EXIT } from './exit-codes.js';
import { FirmwareError, SimulationStopped } from '../scenarios/run-model.js';
import { registerInspect } from './commands/inspect.js';
import { registerInfer } from './commands/infer.js';
import { registerZoo } from './commands/zoo.js';
import { registerBoards } from './commands/boards.js';
import { registerCompile } from './commands/compile.js';
import { registerExec } from './commands/exec.js';
import { registerRun } from './commands/run.js';

const program = new Command('arielsim')
  .description(
    'Compile int8 TinyML models for multi-core microcontrollers and simulate the firmware.',
  )
  .version('0.1.0');

registerInspect(program);
registerInfer(program);
registerZoo(program);
registerBoards(program);
registerCompile(program);
registerExec(program);
registerRun(program);

// Commander's own errors (unknown flag or command, too many arguments) are not printed by commander
// but thrown, with the command they belong to, and printed as diagnostics (status 2).
const quiet = { writeErr: (s: string) => process.stderr.write(s), outputError: () => undefined };
for (const cmd of [program, ...program.commands]) {
  cmd.configureOutput(quiet);
  cmd.exitOverride((e) => {
    throw Object.assign(e, { command: cmd === program ? 'arielsim' : `arielsim ${cmd.name()}` });
  });
}

function handleError(e: unknown): number {
  if (e instanceof CommanderError) {
    // Help and version are "errors" with exit code 0 in commander's override mode.
    if (e.exitCode === 0) return EXIT.OK;
    process.stderr.write(formatDiagnostic(commanderDiagnostic(e)) + '\n');
    return EXIT.USAGE;
  }
  if (e instanceof SimulationStopped) {
    process.stderr.write(`error[run/${e.reason}] ${e.message}\n`);
    return e.reason === 'deadlock' ? EXIT.DEADLOCK : EXIT.LIMIT;
  }
  if (e instanceof FirmwareError) {
    process.stderr.write(`error[run/firmware] ${e.message}\n`);
    return EXIT.GUEST_FAULT;
  }
  if (e instanceof DiagnosticError) {
    for (const d of e.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
    return EXIT.USAGE;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(
    `internal error (a bug in arielsim, please report it): ${err.stack ?? err.message}\n`,
  );
  return EXIT.INTERNAL;
}

/** Commander's error codes as diagnostic codes. */
const COMMANDER_CODES: Record<string, string> = {
  'commander.unknownOption': 'cli/unknown-option',
  'commander.unknownCommand': 'cli/unknown-command',
  'commander.missingArgument': 'cli/missing-argument',
  'commander.optionMissingArgument': 'cli/missing-value',
  'commander.missingMandatoryOptionValue': 'cli/missing-option',
  'commander.excessArguments': 'cli/too-many-arguments',
  'commander.invalidArgument': 'cli/bad-option',
  'commander.conflictingOption': 'cli/conflicting-options',
};

function commanderDiagnostic(e: CommanderError & { command?: string }): Diagnostic {
  const command = e.command ?? 'arielsim';
  return {
    code: COMMANDER_CODES[e.code] ?? 'cli/usage',
    where: command,
    message: e.message.replace(/^error: /, ''),
    hint: `run ${command} --help for usage`,
  };
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.exitCode = handleError(e);
}
