/**
 * Resolving `--board <name|file> [--set key=value ...] [--cores N]` into a validated Board: a
 * built-in board by name (the generic one parameterised by --set), or a JSON/YAML board file.
 */
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DiagnosticError } from '../../common/diagnostics.js';
import {
  builtinBoard,
  builtinBoardWithCores,
  isBoardName,
  withCores,
} from '../../platforms/boards/registry.js';
import { parseBoard, type Board } from '../../platforms/boards/schema.js';
import { readUserFile } from '../files.js';

/** True when `spec` names a board file rather than a built-in board (an input to guard). */
export function isBoardFile(spec: string): boolean {
  return !isBoardName(spec) && (/\.(json|ya?ml)$/i.test(spec) || spec.includes('/'));
}

export function resolveBoard(spec: string, sets: readonly string[], cores?: number): Board {
  if (isBoardName(spec)) {
    try {
      return builtinBoardWithCores(spec, sets, cores);
    } catch (e) {
      // On the generic board the count from --cores becomes a `cores=` parameter: blame --cores.
      if (!(e instanceof DiagnosticError) || cores === undefined) throw e;
      throw new DiagnosticError(
        e.diagnostics.map((d) =>
          d.where === '--set cores'
            ? { ...d, where: '--cores', message: `${cores}: ${d.message}` }
            : d,
        ),
      );
    }
  }
  if (!/\.(json|ya?ml)$/i.test(spec) && !spec.includes('/')) return builtinBoard(spec); // an unknown name: the registry's diagnostic lists the boards
  if (sets.length > 0)
    throw new DiagnosticError({
      code: 'board/bad-set',
      where: `--set ${sets[0]}`,
      message: 'a board file takes no --set parameters',
    });
  const text = new TextDecoder().decode(readUserFile(spec, 'board file'));
  let raw: unknown;
  try {
    raw = extname(spec).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new DiagnosticError({
      code: 'board/bad-file',
      where: spec,
      message: `not valid ${extname(spec).slice(1) || 'YAML'}: ${(e as Error).message.split('\n')[0]}`,
    });
  }
  const board = parseBoard(raw, spec);
  return cores === undefined ? board : withCores(board, cores);
}

export function describeCores(board: Board): string {
  const groups = new Map<string, number>();
  for (const c of board.cores) {
    const key = `${c.type}@${c.clockHz / 1e6} MHz`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups].map(([k, n]) => (n > 1 ? `${n} x ${k}` : k)).join(' + ');
}
