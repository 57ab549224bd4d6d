/**
 * The built-in boards, by name. Every board's data is validated by the zod schema when first used;
 * `generic` is built from `--set` parameters. A duplicate name is a bug and throws.
 */
import type { z } from 'zod';
import { DiagnosticError } from '../../common/diagnostics.js';
import { ESP32C6, ESP32S3 } from './esp32.js';
import { genericBoard, parseGenericParams, parseSetFlags } from './generic.js';
import { NRF5340 } from './nrf5340.js';
import { RP2040 } from './rp2040.js';
import { RP2350_ARM, RP2350_RISCV } from './rp2350.js';
import { parseBoard, type Board } from './schema.js';
import { STM32H755 } from './stm32h755.js';

const fixed = new Map<string, z.input<typeof Board>>();
function register(data: z.input<typeof Board>): void {
  if (fixed.has(data.name) || data.name === 'generic')
    throw new Error(`board ${data.name} registered twice`);
  fixed.set(data.name, data);
}
[RP2040, RP2350_ARM, RP2350_RISCV, NRF5340, STM32H755, ESP32C6, ESP32S3].forEach(register);

export const BOARD_NAMES: readonly string[] = [...fixed.keys(), 'generic'];

export function isBoardName(name: string): boolean {
  return name === 'generic' || fixed.has(name);
}

/**
 * The named board. `sets` (`--set key=value` strings) parameterise the generic board; other boards
 * take none.
 */
export function builtinBoard(name: string, sets: readonly string[] = []): Board {
  if (name === 'generic')
    return parseBoard(genericBoard(parseGenericParams(parseSetFlags(sets))), name);
  const data = fixed.get(name);
  if (data === undefined)
    throw new DiagnosticError({
      code: 'board/unknown',
      where: name,
      message: `no board named "${name}" and no such file`,
      hint: `known boards: ${BOARD_NAMES.join(', ')}; or give a board file (.json, .yaml)`,
    });
  if (sets.length > 0)
    throw new DiagnosticError({
      code: 'board/bad-set',
      where: `--set ${sets[0]}`,
      message: `board ${name} takes no parameters (only the generic board does)`,
    });
  return parseBoard(data, name);
}

/**
 * A built-in board with `--cores`: the generic board is built with that many cores (it takes
 * them from --set cores= too, but not both), a fixed board uses its first `cores`.
 */
export function builtinBoardWithCores(
  name: string,
  sets: readonly string[],
  cores: number | undefined,
): Board {
  if (name === 'generic' && cores !== undefined) {
    if (sets.some((s) => s.startsWith('cores=')))
      throw new DiagnosticError({
        code: 'board/bad-set',
        where: '--cores',
        message: 'give the core count either with --cores or with --set cores=..., not both',
      });
    return builtinBoard(name, [...sets, `cores=${cores}`]);
  }
  const board = builtinBoard(name, sets);
  return cores === undefined ? board : withCores(board, cores);
}

/** Uses only the first `count` cores of a board (a core subset, e.g. `--cores 1` on a dual-core). */
export function withCores(board: Board, count: number): Board {
  if (count > board.cores.length)
    throw new DiagnosticError({
      code: 'board/too-many-cores',
      where: '--cores',
      message: `board ${board.name} has ${board.cores.length} cores, ${count} requested`,
    });
  const cores = board.cores.slice(0, count);
  const ids = new Set(cores.map((c) => c.id));
  const memories = board.memories
    .map((m) => (m.privateTo ? { ...m, privateTo: m.privateTo.filter((id) => ids.has(id)) } : m))
    .filter((m) => m.privateTo === undefined || m.privateTo.length > 0);
  return { ...board, cores, memories };
}
