/** Reading user files at the CLI boundary: a missing or unreadable file is a diagnostic, not a crash. */
import { readFileSync, statSync } from 'node:fs';
import { DiagnosticError } from '../common/diagnostics.js';
import type { Graph } from '../compiler/ir/graph.js';
import { importTflite } from '../compiler/import/tflite.js';

export function readUserFile(path: string, what: string): Uint8Array {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new DiagnosticError({ code: 'io/not-found', where: path, message: `${what} not found` });
  }
  if (!isFile)
    throw new DiagnosticError({
      code: 'io/not-a-file',
      where: path,
      message: `${what} is not a file`,
    });
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

export function loadModel(path: string): Graph {
  return importTflite(readUserFile(path, 'model file'), path);
}
