/**
 * The board checks that span fields: core ids in order, unique names, memories and device windows
 * that do not overlap and stay inside 4 GiB, aliases of memories that exist, and boot fields that
 * name devices of the kind they need. They run on the well-formed parts of the data (schema.ts
 * `wellFormed`), so a board file with a malformed field still gets every other problem reported.
 */
import type { z } from 'zod';
import { softwareInterruptBase } from '../cores/index.js';
import { deviceAt, lockRegistersOf, type BoardDevice, type Boot } from './devices.js';
import type { BoardCore, BoardMemory } from './schema.js';

export interface Indexed<T> {
  /** Index in the board's list (for the error path). */
  i: number;
  v: T;
}

export interface WellFormedBoard {
  /** Length of the cores list, well formed or not. */
  coreCount: number;
  cores: Indexed<BoardCore>[];
  memories: Indexed<BoardMemory>[];
  devices: Indexed<BoardDevice>[];
  boot: Boot | undefined;
}

type Ctx = z.RefinementCtx;
type Path = (string | number)[];
const hex = (n: number) => '0x' + n.toString(16).padStart(8, '0');

export function checkBoard(b: WellFormedBoard, ctx: Ctx): void {
  const issue = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });
  for (const { i, v } of b.cores) if (v.id !== i) issue(['cores', i, 'id'], `expected id ${i}`);
  checkMemories(b, issue);
  checkDevices(b, issue);
  checkOverlaps(b, issue);
  if (b.boot !== undefined) checkBoot(b, b.boot, issue);
}

type Issue = (path: Path, message: string) => void;

function checkCoreIds(b: WellFormedBoard, ids: number[] | undefined, at: Path, issue: Issue): void {
  ids?.forEach((id, j) => {
    if (id >= b.coreCount)
      issue([...at, 'privateTo', j], `no core ${id} (the board has ${b.coreCount})`);
  });
}

/**
 * What memories and devices share: a unique name, an end inside 4 GiB, cores that exist; `own`
 * adds the list's own checks of an entry (after its name).
 */
function checkPlaced<T extends { name: string; base: number; size: number; privateTo?: number[] }>(
  b: WellFormedBoard,
  list: 'memories' | 'devices',
  entries: Indexed<T>[],
  issue: Issue,
  own: (v: T, at: Path) => void,
): void {
  const names = new Set<string>();
  for (const { i, v } of entries) {
    const at = [list, i];
    if (names.has(v.name)) issue([...at, 'name'], `duplicate "${v.name}"`);
    names.add(v.name);
    own(v, at);
    if (v.base + v.size > 2 ** 32) issue([...at, 'size'], 'ends above 4 GiB');
    checkCoreIds(b, v.privateTo, at, issue);
  }
}

function checkMemories(b: WellFormedBoard, issue: Issue): void {
  checkPlaced(b, 'memories', b.memories, issue, (m, at) => {
    if (m.size % m.banks !== 0) issue([...at, 'banks'], 'size must divide by banks');
  });
  for (const { i, v: m } of b.memories) {
    if (m.aliasOf === undefined) {
      if (m.cachePolicy !== undefined)
        issue(['memories', i, 'cachePolicy'], 'only an alias (aliasOf) of a cached memory has one');
      continue;
    }
    const target = b.memories.find((o) => o.v.name === m.aliasOf && o.v !== m)?.v;
    if (target === undefined) issue(['memories', i, 'aliasOf'], `no memory "${m.aliasOf}"`);
    else if (m.size > target.size)
      issue(['memories', i, 'size'], `an alias of ${target.name} cannot be larger than it`);
    else if (m.cachePolicy !== undefined && target.cache === undefined)
      issue(['memories', i, 'cachePolicy'], `${target.name} has no cache`);
  }
}

function checkDevices(b: WellFormedBoard, issue: Issue): void {
  checkPlaced(b, 'devices', b.devices, issue, (d, at) => {
    if (d.kind === 'hsem' && d.coreIds.length < b.coreCount)
      issue(
        [...at, 'coreIds'],
        `one COREID per core: ${b.coreCount} expected, ${d.coreIds.length} given`,
      );
    if (d.kind === 'rp2040-ssi' && !b.memories.some((m) => m.v.name === d.flash.memory))
      issue([...at, 'flash', 'memory'], `no memory "${d.flash.memory}" holds the flash array`);
    if (
      d.kind === 'rp2040-xip-ctrl' &&
      !b.memories.some((m) => m.v.name === d.cache && m.v.cache !== undefined)
    )
      issue([...at, 'cache'], `no cached memory "${d.cache}" for XIP_CTRL to control`);
    if (d.kind === 'rp2040-xip-sram') {
      const m = b.memories.find((x) => x.v.name === d.cache && x.v.cache !== undefined)?.v;
      if (m === undefined) issue([...at, 'cache'], `no cached memory "${d.cache}"`);
      else if (d.size > m.cache!.sizeBytes)
        issue([...at, 'size'], `larger than the ${m.cache!.sizeBytes}-byte cache of ${m.name}`);
    }
  });
}

/** Memories and device windows each own their addresses (an alias is a window of its own). */
function checkOverlaps(b: WellFormedBoard, issue: Issue): void {
  const windows = [
    ...b.memories.map(({ i, v }) => ({ at: ['memories', i], what: `memory ${v.name}`, ...v })),
    ...b.devices.map(({ i, v }) => ({ at: ['devices', i], what: `device ${v.name}`, ...v })),
  ];
  windows.forEach((w, j) => {
    for (const o of windows.slice(0, j))
      if (w.base < o.base + o.size && o.base < w.base + w.size)
        issue(
          [...w.at, 'base'],
          `${w.what} (${hex(w.base)}-${hex(w.base + w.size - 1)}) overlaps ${o.what} (${hex(o.base)}-${hex(o.base + o.size - 1)})`,
        );
  });
}

const seesAll = (d: BoardDevice, ids: readonly number[]) =>
  d.privateTo === undefined || ids.every((id) => d.privateTo!.includes(id));

/** The boot fields refer to devices the board has, of the kind they need, seen by the cores. */
function checkBoot(b: WellFormedBoard, boot: Boot, issue: Issue): void {
  const devices = b.devices.map((d) => d.v);
  const all = Array.from({ length: b.coreCount }, (_, id) => id);
  if (boot.secondaryStart === 'fifo-launch-sequence') {
    const at = ['boot', 'secondaryStart'];
    if (!devices.some((d) => d.kind === 'sio' && seesAll(d, [0, 1])))
      issue(at, 'the FIFO launch sequence needs an sio device seen by cores 0 and 1');
    if (b.coreCount > 2)
      issue(
        at,
        `the SIO FIFOs join exactly two cores; this board has ${b.coreCount} (use same-entry or held)`,
      );
  }
  if (boot.rom !== undefined) {
    if (!b.memories.some((m) => m.v.kind === 'rom'))
      issue(['boot', 'rom'], 'booting from a ROM needs a memory of kind rom to hold it');
    const stage2 = boot.rom.stage2.memory;
    if (!b.memories.some((m) => m.v.name === stage2))
      issue(['boot', 'rom', 'stage2', 'memory'], `no memory "${stage2}" holds the second stage`);
  }
  const lock = boot.queueLock;
  if (lock.kind !== 'atomics') {
    const at = ['boot', 'queueLock', 'register'];
    const d = deviceAt(devices, lock.register);
    const regs = d === undefined ? undefined : lockRegistersOf(d.kind);
    if (d === undefined) issue(at, `${hex(lock.register)} is not inside any device window`);
    else if (regs === undefined || regs.lock !== lock.kind)
      issue(at, `device ${d.name} (${d.kind}) has no ${lock.kind} lock registers`);
    else {
      const index = (lock.register - d.base - regs.first) / 4;
      const first = d.base + regs.first;
      if (!Number.isInteger(index) || index < 0 || index >= regs.count)
        issue(
          at,
          `${hex(lock.register)} is not one of ${d.name}'s lock registers (${hex(first)}-${hex(first + 4 * regs.count - 4)})`,
        );
      else if (!seesAll(d, all)) issue(at, `device ${d.name} is not seen by every core`);
    }
  }
  const wake = boot.wake;
  const needsInterrupt = softwareInterruptBase(b.cores.map((c) => c.v.type)) !== undefined;
  if (wake.kind === 'event' && needsInterrupt && b.coreCount > 1)
    issue(
      ['boot', 'wake'],
      'a RISC-V core without Xh3power has no event instructions: wake by software-interrupt',
    );
  if (wake.kind === 'software-interrupt') {
    const d = deviceAt(devices, wake.address);
    if (d === undefined || d.kind !== 'clint' || d.base !== wake.address)
      issue(
        ['boot', 'wake', 'address'],
        `${hex(wake.address)} is not the base (hart 0's msip) of a clint device`,
      );
  }
}
