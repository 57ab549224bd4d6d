/**
 * The data that describes one board: its cores, memories (with banks, striping and which cores may
 * reach them), interconnect, inter-core synchronisation block and the external targets that mirror it.
 * Parsed once by zod at the boundary (`parseBoard`); compiler and simulator code take the inferred
 * `Board` type and trust it. The same data drives the compiler (cost, memory fit) and, later, the
 * simulated machine, so it stays faithful to the hardware rather than to what one consumer needs.
 */
import { z } from 'zod';
import { DiagnosticError, type Diagnostic } from '../../common/diagnostics.js';
import { checkBoard, type Indexed, type WellFormedBoard } from './checks.js';
import { Boot, BoardDevice } from './devices.js';

/**
 * Core type names a board may use: the simulator core models of platforms/cores (CORE_TYPES) plus
 * `xtensa-lx7`, which has no ISS (ESP32-S3; analytic timing only).
 */
export const BOARD_CORE_TYPES = [
  'cortex-m0plus',
  'cortex-m4',
  'cortex-m33',
  'cortex-m7',
  'hazard3',
  'rv32imc-esp',
  'rv32imac-esp',
  'xtensa-lx7',
] as const;
export const BoardCoreType = z.enum(BOARD_CORE_TYPES);
export type BoardCoreType = z.infer<typeof BoardCoreType>;

/** Core types without an instruction-set simulator. */
export const NO_ISS_CORE_TYPES: readonly BoardCoreType[] = ['xtensa-lx7'];

export const BoardCore = z.strictObject({
  /** Index of the core; core ids are 0..n-1 in order. */
  id: z.number().int().nonnegative(),
  type: BoardCoreType,
  clockHz: z.number().positive().max(2e9),
  /** Datasheet name, e.g. 'core0', 'application', 'HP'. */
  name: z.string().min(1).optional(),
});
export type BoardCore = z.infer<typeof BoardCore>;

export const MemoryKind = z.enum(['sram', 'tcm', 'flash', 'rom', 'psram']);
export type MemoryKind = z.infer<typeof MemoryKind>;

/** A read cache in front of a memory (XIP flash caches). */
export const MemoryCache = z.strictObject({
  sizeBytes: z.number().int().positive(),
  ways: z.number().int().positive(),
  lineBytes: z.number().int().positive(),
  hitCycles: z.number().int().nonnegative(),
});

export const BoardMemory = z.strictObject({
  name: z.string().min(1),
  base: z.number().int().nonnegative().max(0xffff_ffff),
  size: z.number().int().positive(),
  kind: MemoryKind,
  /** Independent banks: two masters hitting different banks in one cycle do not conflict. */
  banks: z.number().int().positive().max(64),
  /**
   * 'word': consecutive 32-bit words go to consecutive banks (address bits [3:2] pick one of four);
   * 'none': each bank is one contiguous slice of size / banks bytes.
   */
  striping: z.enum(['word', 'none']),
  /** Extra cycles per access beyond the single-cycle SRAM access (flash, slow RAMs). */
  waitStates: z.number().int().nonnegative().optional(),
  /** Core ids that can reach this memory; absent when every core can. */
  privateTo: z.array(z.number().int().nonnegative()).min(1).optional(),
  /** This memory is another view (alias) of the named memory, not extra storage. */
  aliasOf: z.string().min(1).optional(),
  cache: MemoryCache.optional(),
  /**
   * How an alias of a cached memory uses its cache (RP2040 datasheet §2.6.3.1, the XIP mirrors):
   * 'cached' looks up and allocates on a miss (the default), 'no-allocate' looks up but leaves the
   * cache alone on a miss, 'no-lookup' never hits but allocates what it reads, 'uncached' bypasses
   * the cache. An access that does not hit goes to the flash as a miss would.
   */
  cachePolicy: z.enum(['cached', 'no-allocate', 'no-lookup', 'uncached']).optional(),
});
export type BoardMemory = z.infer<typeof BoardMemory>;

export const Interconnect = z.strictObject({
  kind: z.enum(['crossbar', 'bus-matrix', 'shared-bus']),
  /** Wait cycles a master loses when another master wins the same bank in the same cycle. */
  bankConflictCycles: z.number().int().nonnegative(),
  description: z.string().optional(),
});

export const SyncBlock = z.strictObject({
  kind: z.enum(['sio', 'hsem', 'ipc', 'atomics', 'none']),
  /** Hardware spinlocks or semaphores. */
  locks: z.number().int().nonnegative(),
  /** Inter-core mailbox FIFOs and their depth in words. */
  fifos: z.number().int().nonnegative(),
  fifoDepth: z.number().int().nonnegative(),
  description: z.string().optional(),
});

export const Targets = z.strictObject({
  /** Ariel OS board name (laze builder), or null when Ariel OS does not support the board. */
  arielOs: z.string().min(1).nullable(),
  /** QEMU machine that runs the same image (possibly a stand-in), or null. */
  qemu: z.string().min(1).nullable(),
  /** Renode platform description, or null. */
  renode: z.string().min(1).nullable(),
});

const BoardObject = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  description: z.string(),
  cores: z.array(BoardCore).min(1).max(16),
  memories: z.array(BoardMemory).min(1),
  interconnect: Interconnect,
  /** A summary of the inter-core synchronisation hardware; `devices` and `boot` hold what runs. */
  sync: SyncBlock,
  /** The devices on the bus (sync blocks, CLINTs), each built by its kind. */
  devices: z.array(BoardDevice),
  boot: Boot,
  targets: Targets,
  /** Whether every core of the board has an instruction-set simulator. */
  iss: z.boolean(),
});

/**
 * The checks across fields (checks.ts) run even when some fields are malformed, on the parts that
 * are well formed, so that a board file gets every problem in one go.
 */
export const Board = BoardObject.superRefine(
  (raw, ctx) => {
    const b = wellFormed(raw);
    checkBoard(b, ctx);
    if (raw.iss === true && b.cores.some((c) => NO_ISS_CORE_TYPES.includes(c.v.type)))
      ctx.addIssue({ code: 'custom', path: ['iss'], message: 'a core type has no ISS' });
  },
  { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
);

/** The entries of a list that parse on their own, with their index in the list. */
function entries<T>(list: unknown, schema: z.ZodType<T>): Indexed<T>[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw: unknown, i) => {
    const r = schema.safeParse(raw);
    return r.success ? [{ i, v: r.data }] : [];
  });
}

/** The well-formed parts of board data that may be malformed elsewhere. */
function wellFormed(raw: unknown): WellFormedBoard {
  const b = raw as Record<string, unknown>;
  const boot = Boot.safeParse(b.boot);
  return {
    coreCount: Array.isArray(b.cores) ? b.cores.length : 0,
    cores: entries(b.cores, BoardCore),
    memories: entries(b.memories, BoardMemory),
    devices: entries(b.devices, BoardDevice),
    boot: boot.success ? boot.data : undefined,
  };
}
export type Board = z.infer<typeof Board>;

/** Validates board data (a built-in board or a user's file); every problem is reported with its path. */
export function parseBoard(raw: unknown, where: string): Board {
  const r = Board.safeParse(raw);
  if (r.success) return r.data;
  const diagnostics: Diagnostic[] = r.error.issues.map((issue) => ({
    code: 'board/invalid',
    where: issue.path.length > 0 ? `${where}: ${issue.path.join('.')}` : where,
    message: issue.message,
  }));
  throw new DiagnosticError(diagnostics);
}

/** Memories that hold data for every one of `coreIds` (no alias views, no other core's private RAM). */
export function sharedMemories(board: Board, coreIds: readonly number[]): BoardMemory[] {
  return board.memories.filter(
    (m) =>
      m.aliasOf === undefined &&
      (m.privateTo === undefined || coreIds.every((id) => m.privateTo!.includes(id))),
  );
}
