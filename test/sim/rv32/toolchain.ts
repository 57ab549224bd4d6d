/** Whether a cross tool is on PATH; tests that need it skip visibly when it is not. */
import { spawnSync } from 'node:child_process';

const cache = new Map<string, boolean>();

export function hasTool(name: string): boolean {
  let ok = cache.get(name);
  if (ok === undefined) {
    ok = spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0;
    cache.set(name, ok);
    if (!ok) console.warn(`[skip] ${name} not found: tests that need it are skipped`);
  }
  return ok;
}
