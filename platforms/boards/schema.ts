/**
 * The data that describes one board: its cores, memories (with banks, striping and which cores may
 * reach them), interconnect, inter-core synchronisation block and the external targets that mirror it.
 * Parsed once by zod at the boundary (`parseBoard`); compiler and simulator code take the inferred
 * `Board` type and trust it. The same data drives the compiler (cost, memory fit) and, later, the
 * simulated machine, so it stays faithful to the hardware rather than to what one consumer needs.
 */
import { z } from 'zod';
import { DiagnosticError, type Diagnostic } from '../../common/diagnostics.js';
import { softwareInterruptBase } from '../cores/index.js';
import { Boot, BoardDevice, deviceAt, LOCK_REGISTERS } from './devices.js';

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

type BoardData = z.infer<typeof BoardObject>;
type Ctx = z.RefinementCtx;
const hex = (n: number) => '0x' + n.toString(16).padStart(8, '0');

/**
 * Memories and device windows each own their addresses: no two overlap (an alias is a window of
 * its own at other addresses), devices end inside 4 GiB and name only cores the board has.
 */
function checkAddressSpace(b: BoardData, ctx: Ctx): void {
  const windows = [
    ...b.memories.map((m, i) => ({ at: ['memories', i], what: `memory ${m.name}`, ...m })),
    ...b.devices.map((d, i) => ({ at: ['devices', i], what: `device ${d.name}`, ...d })),
  ];
  windows.forEach((w, i) => {
    for (const o of windows.slice(0, i))
      if (w.base < o.base + o.size && o.base < w.base + w.size)
        ctx.addIssue({
          code: 'custom',
          path: [...w.at, 'base'],
          message: `${w.what} (${hex(w.base)}-${hex(w.base + w.size - 1)}) overlaps ${o.what} (${hex(o.base)}-${hex(o.base + o.size - 1)})`,
        });
  });
  const names = new Set<string>();
  b.devices.forEach((d, i) => {
    if (names.has(d.name))
      ctx.addIssue({
        code: 'custom',
        path: ['devices', i, 'name'],
        message: `duplicate "${d.name}"`,
      });
    names.add(d.name);
    if (d.base + d.size > 2 ** 32)
      ctx.addIssue({ code: 'custom', path: ['devices', i, 'size'], message: 'ends above 4 GiB' });
    d.privateTo?.forEach((id, j) => {
      if (id >= b.cores.length)
        ctx.addIssue({
          code: 'custom',
          path: ['devices', i, 'privateTo', j],
          message: `no core ${id} (the board has ${b.cores.length})`,
        });
    });
    if (d.kind === 'hsem' && d.coreIds.length < b.cores.length)
      ctx.addIssue({
        code: 'custom',
        path: ['devices', i, 'coreIds'],
        message: `one COREID per core: ${b.cores.length} expected, ${d.coreIds.length} given`,
      });
  });
}

const seesAll = (d: BoardDevice, ids: readonly number[]) =>
  d.privateTo === undefined || ids.every((id) => d.privateTo!.includes(id));

/** The boot fields refer to devices the board has, of the kind they need, seen by the cores. */
function checkBoot(b: BoardData, ctx: Ctx): void {
  const all = b.cores.map((c) => c.id);
  if (b.boot.secondaryStart === 'fifo-launch-sequence') {
    if (!b.devices.some((d) => d.kind === 'sio' && seesAll(d, [0, 1])))
      ctx.addIssue({
        code: 'custom',
        path: ['boot', 'secondaryStart'],
        message: 'the FIFO launch sequence needs an sio device seen by cores 0 and 1',
      });
    if (b.cores.length > 2)
      ctx.addIssue({
        code: 'custom',
        path: ['boot', 'secondaryStart'],
        message: `the SIO FIFOs join exactly two cores; this board has ${b.cores.length} (use same-entry or held)`,
      });
  }
  const lock = b.boot.queueLock;
  if (lock.kind !== 'atomics') {
    const at = ['boot', 'queueLock', 'register'];
    const d = deviceAt(b.devices, lock.register);
    const regs = d === undefined ? undefined : LOCK_REGISTERS[d.kind];
    const index =
      d === undefined || regs === undefined ? -1 : (lock.register - d.base - regs.first) / 4;
    if (d === undefined)
      ctx.addIssue({
        code: 'custom',
        path: at,
        message: `${hex(lock.register)} is not inside any device window`,
      });
    else if (regs === undefined || regs.lock !== lock.kind)
      ctx.addIssue({
        code: 'custom',
        path: at,
        message: `device ${d.name} (${d.kind}) has no ${lock.kind} lock registers`,
      });
    else if (!Number.isInteger(index) || index < 0 || index >= regs.count)
      ctx.addIssue({
        code: 'custom',
        path: at,
        message: `${hex(lock.register)} is not one of ${d.name}'s lock registers (${hex(d.base + regs.first)}-${hex(d.base + regs.first + 4 * regs.count - 4)})`,
      });
    else if (!seesAll(d, all))
      ctx.addIssue({
        code: 'custom',
        path: at,
        message: `device ${d.name} is not seen by every core`,
      });
  }
  const wakeBase = softwareInterruptBase(b.cores.map((c) => c.type));
  const wake = b.boot.wake;
  if (wake.kind === 'event' && wakeBase !== undefined && b.cores.length > 1)
    ctx.addIssue({
      code: 'custom',
      path: ['boot', 'wake'],
      message:
        'a RISC-V core without Xh3power has no event instructions: wake by software-interrupt',
    });
  if (wake.kind === 'software-interrupt') {
    const d = deviceAt(b.devices, wake.address);
    if (d === undefined || d.kind !== 'clint' || d.base !== wake.address)
      ctx.addIssue({
        code: 'custom',
        path: ['boot', 'wake', 'address'],
        message: `${hex(wake.address)} is not the base (hart 0's msip) of a clint device`,
      });
  }
}

export const Board = BoardObject.superRefine((b, ctx) => {
  b.cores.forEach((c, i) => {
    if (c.id !== i)
      ctx.addIssue({ code: 'custom', path: ['cores', i, 'id'], message: `expected id ${i}` });
  });
  const names = new Set<string>();
  b.memories.forEach((m, i) => {
    const at = ['memories', i];
    if (names.has(m.name))
      ctx.addIssue({ code: 'custom', path: [...at, 'name'], message: `duplicate "${m.name}"` });
    names.add(m.name);
    if (m.size % m.banks !== 0)
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'banks'],
        message: 'size must divide by banks',
      });
    if (m.base + m.size > 2 ** 32)
      ctx.addIssue({ code: 'custom', path: [...at, 'size'], message: 'ends above 4 GiB' });
    m.privateTo?.forEach((id, j) => {
      if (id >= b.cores.length)
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'privateTo', j],
          message: `no core ${id} (the board has ${b.cores.length})`,
        });
    });
  });
  b.memories.forEach((m, i) => {
    if (m.aliasOf !== undefined && !b.memories.some((o) => o.name === m.aliasOf && o !== m))
      ctx.addIssue({
        code: 'custom',
        path: ['memories', i, 'aliasOf'],
        message: `no memory "${m.aliasOf}"`,
      });
  });
  checkAddressSpace(b, ctx);
  checkBoot(b, ctx);
  const noIss = b.cores.some((c) => NO_ISS_CORE_TYPES.includes(c.type));
  if (noIss && b.iss)
    ctx.addIssue({ code: 'custom', path: ['iss'], message: 'a core type has no ISS' });
});
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
