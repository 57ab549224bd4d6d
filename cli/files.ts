/** Reading user files at the CLI boundary: a missing or unreadable file is a diagnostic, not a crash. */
import { readFileSync, statSync } from 'node:fs';
import { DiagnosticError } from '../common/diagnostics.js';
import type { Graph } from '../compiler/ir/graph.js';
import { importTflite } from '../compiler/import/tflite.js';
import { zooEntry } from '../compiler/zoo/registry.js';

export function readUserFile(path: string, what: string): Uint8Array {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new DiagnosticError({ code: 'io/not-found', where: path, message: `${what} not found` });
  }
  if (!stats.isFile()) {
    const found = stats.isDirectory() ? 'a directory' : 'not a regular file';
    throw new DiagnosticError({
      code: 'io/not-a-file',
      where: path,
      message: `expected a ${what}, found ${found}`,
    });
  }
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new DiagnosticError({
      code: 'io/unreadable',
      where: path,
      message: `cannot read ${what}: ${(e as Error).message}`,
    });
  }
}

/** A .tflite file, or `zoo:<name>` for a built-in zoo model. */
export function loadModel(path: string): Graph {
  if (path.startsWith('zoo:')) return zooEntry(path.slice(4)).build();
  return importTflite(readUserFile(path, 'model file'), path);
}
