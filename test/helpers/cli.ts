/** Runs the real `arielsim` command (bin/arielsim.js) in a child process, as a user would. */
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/arielsim.js', import.meta.url));

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function arielsim(args: string[], cwd = REPO): Promise<CliResult> {
  const r = await execa('node', [BIN, ...args], { cwd, reject: false, env: { NO_COLOR: '1' } });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}
