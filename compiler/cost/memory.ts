/**
 * The memory system the cost model prices a board's items in: where the weights (and the model
 * blob the executor reads item records and kernel parameters from) live. The rule is the
 * compiler's and the image builder's: a flash every core can reach, else shared SRAM. The
 * calibrated coefficients are kept per core type and memory key (calibrated.ts);
 * `coefficientsFor(board)` picks the set of the board's key for each of its core types.
 */
import type { Board, BoardCoreType } from '../../platforms/boards/schema.js';
import { sharedMemories } from '../../platforms/boards/schema.js';
import { CALIBRATED, HOME_MEMORY } from './calibrated.js';
import { DEFAULT_COEFFICIENTS, type CostCoefficients } from './coefficients.js';

export type WeightMemory =
  | { kind: 'sram' }
  | { kind: 'flash'; waitStates: number }
  /**
   * Behind a cache; `sharedInterface`: one flash interface with timed fills serves every core (a
   * board device such as the RP2040 SSI drives it), so the cores' fills queue.
   */
  | { kind: 'xip'; waitStates: number; cacheBytes: number; sharedInterface: boolean };

export function weightMemory(board: Board): WeightMemory {
  const flashes = sharedMemories(
    board,
    board.cores.map((c) => c.id),
  ).filter((m) => m.kind === 'flash');
  if (flashes.length === 0) return { kind: 'sram' };
  const f = flashes.reduce((a, b) => (b.size > a.size ? b : a));
  const waitStates = f.waitStates ?? 0;
  if (f.cache !== undefined) {
    const sharedInterface = (board.devices ?? []).some(
      (d) => d.kind === 'rp2040-ssi' && d.flash.memory === f.name,
    );
    return { kind: 'xip', waitStates, cacheBytes: f.cache.sizeBytes, sharedInterface };
  }
  return waitStates === 0 ? { kind: 'sram' } : { kind: 'flash', waitStates };
}

/** 'sram', 'flash-4ws' or 'xip-50ws-16k': the key of calibrated.ts. */
export function memoryKey(m: WeightMemory): string {
  if (m.kind === 'sram') return 'sram';
  if (m.kind === 'flash') return `flash-${m.waitStates}ws`;
  return `xip-${m.waitStates}ws-${Math.round(m.cacheBytes / 1024)}k`;
}

/**
 * The coefficients for a board: per core type, the calibrated set of the board's memory system;
 * a memory system the calibration did not measure for that core type takes the nearest one that it
 * did (same kind of memory with the closest wait states, else the core type's home board).
 */
export function coefficientsFor(board: Board): CostCoefficients {
  const mem = weightMemory(board);
  const out: CostCoefficients = { ...DEFAULT_COEFFICIENTS };
  for (const type of new Set(board.cores.map((c) => c.type))) {
    const key = nearestKey(type, mem);
    if (key !== undefined) out[type] = CALIBRATED[key]![type]!;
  }
  return out;
}

function nearestKey(type: BoardCoreType, mem: WeightMemory): string | undefined {
  const measured = Object.keys(CALIBRATED).filter((k) => CALIBRATED[k]![type] !== undefined);
  const exact = memoryKey(mem);
  if (measured.includes(exact)) return exact;
  const kindOf = (k: string) => k.split('-')[0]!;
  const waitStates = (k: string) => Number(/-(\d+)ws/.exec(k)?.[1] ?? 0);
  const memWs = mem.kind === 'sram' ? 0 : mem.waitStates;
  const distance = (k: string) => Math.abs(waitStates(k) - memWs);
  const sameKind = measured
    .filter((k) => kindOf(k) === mem.kind)
    .sort((a, b) => distance(a) - distance(b) || (a < b ? -1 : 1));
  return sameKind[0] ?? (type === 'xtensa-lx7' ? undefined : HOME_MEMORY[type]);
}
