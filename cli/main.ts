/**
 * The `arielsim` command: argument parsing and printing only. Every sub-command lives in
 * cli/commands/ and calls into the library folders; it has no logic of its own.
 */
import { Command, CommanderError } from 'commander';
import { DiagnosticError, formatDiagnostic } from '../common/diagnostics.js';
import { EXIT } from './exit-codes.js';
import { FirmwareError } from '../scenarios/run-model.js';
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
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerInspect(program);
registerInfer(program);
registerZoo(program);
registerBoards(program);
registerCompile(program);
registerExec(program);
registerRun(program);

// Commander's own errors (unknown flag, missing argument) become exit status 2 with its message.
program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
for (const cmd of program.commands) cmd.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.exitCode = handleError(e);
}

function handleError(e: unknown): number {
  if (e instanceof CommanderError) {
    // Help and version are "errors" with exit code 0 in commander's override mode.
    return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
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
