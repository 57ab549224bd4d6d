/**
 * The firmware image of a compiled model on a board: the prebuilt executor (one copy per
 * instruction set and code memory), a vector table per Cortex-M core, the model blob, the boot
 * descriptor, stacks, the activation arena and the executor's shared state, each placed in a memory
 * the cores that use it can reach. The result is plain data: segments to load and how to start
 * the cores. The same layout is what a board would be flashed with.
 *
 * Placement: code and vector tables in the largest flash each core can reach (else SRAM); the blob
 * and the boot descriptor in a flash every core can reach (else after the arena); the arena at the
 * start of the memory the compiler planned it in, then the executor state; each core's stack (4 KiB)
 * at the top of the smallest RAM it can reach, preferring RAM private to it (TCM, a core's own RAM,
 * RP2040's SRAM4/SRAM5), as the SDKs do.
 */
import type { CompiledModel } from '../compiler/compile.js';
import type { Board, BoardMemory } from '../platforms/boards/schema.js';
import { deviceAt } from '../platforms/boards/devices.js';
import { DiagnosticError } from '../common/diagnostics.js';
import type { Blob } from './blob/blob.js';
import {
  hasAtomics,
  isaOfCore,
  prebuilt,
  type FirmwareIsa,
  type PrebuiltImage,
} from './prebuilt.js';

export const STACK_BYTES = 4096;
const VECTOR_TABLE_BYTES = 64;
/** Boot descriptor: 9 words, then 4 words per core slot (ars_boot_t). */
const DESCRIPTOR_BYTES = 4 * (10 + 4 * 16);
const BOOT_MAGIC = 0x44535241; // "ARSD"
const LAUNCH_NONE = 0;
const LAUNCH_RP2_FIFO = 1;
/** ars_blob.h ARS_LOCK_*. */
const LOCK = { ATOMICS: 0, READ_CLAIM: 1, HSEM: 2 } as const;

export interface Segment {
  name: string;
  addr: number;
  bytes: Uint8Array;
}

export interface CodeCopy {
  isa: FirmwareIsa;
  base: number;
  image: PrebuiltImage;
}

export interface FirmwareImage {
  board: Board;
  segments: Segment[];
  /**
   * 'fifo-launch' (board boot.secondaryStart fifo-launch-sequence): core 0 boots, the executor
   * launches core 1 through the SIO FIFOs. 'each-core': the loader starts each core.
   */
  start: { kind: 'fifo-launch'; boot: number } | { kind: 'each-core'; boots: number[] };
  layout: {
    blob: number;
    /** The memory that holds the blob, weights included. */
    blobMemory: string;
    descriptor: number;
    arena: number;
    arenaBytes: number;
    ctx: number;
    ctxBytes: number;
    stacks: number[];
    code: CodeCopy[];
    /** The code copy each core runs. */
    codeOfCore: number[];
  };
  /** Whether the cores share a queue (ariel-greedy) rather than static lists. */
  dynamicQueue: boolean;
}

/** A bump allocator over one memory: low addresses upwards, high addresses downwards. */
class Region {
  low: number;
  high: number;
  constructor(readonly memory: BoardMemory) {
    this.low = memory.base;
    this.high = memory.base + memory.size;
  }
  take(bytes: number, align: number, what: string): number {
    const at = Math.ceil(this.low / align) * align;
    if (at + bytes > this.high) throw noRoom(this.memory, what, bytes, this.high - at);
    this.low = at + bytes;
    return at;
  }
  takeTop(bytes: number, what: string): number {
    const at = Math.floor((this.high - bytes) / 8) * 8;
    if (at < this.low) throw noRoom(this.memory, what, bytes, this.high - this.low);
    this.high = at;
    return at;
  }
  get free(): number {
    return this.high - this.low;
  }
}

function noRoom(m: BoardMemory, what: string, bytes: number, free: number): DiagnosticError {
  return new DiagnosticError({
    code: 'image/does-not-fit',
    where: m.name,
    message: `${what} needs ${bytes} bytes, ${Math.max(0, free)} are left in ${m.name}`,
  });
}

const reaches = (m: BoardMemory, core: number) =>
  m.aliasOf === undefined && (m.privateTo === undefined || m.privateTo.includes(core));
const isRam = (m: BoardMemory) => m.kind === 'sram' || m.kind === 'tcm';

/**
 * The lock the shared queue uses (board boot.queueLock): a register of one of the board's devices,
 * or the ISA's atomics. The HSEM lock's owners are the COREIDs of the device at the register.
 */
export function queueLock(board: Board): { kind: number; addr: number; owners: number[] } {
  const lock = board.boot.queueLock;
  if (lock.kind === 'atomics') return { kind: LOCK.ATOMICS, addr: 0, owners: [] };
  if (lock.kind === 'read-claim') return { kind: LOCK.READ_CLAIM, addr: lock.register, owners: [] };
  const device = deviceAt(board.devices, lock.register);
  const owners = device?.kind === 'hsem' ? device.coreIds : [];
  return { kind: LOCK.HSEM, addr: lock.register, owners };
}

/**
 * The boot descriptor's wake_addr (board boot.wake): hart 0's msip word when RISC-V cores sleep in
 * WFI and are woken by software interrupt (the machine maps the harts' CLINTs there:
 * sim/devices/clint-window.ts), else 0 (WFE/SEV, h3.block/h3.unblock).
 */
export function wakeAddress(board: Board): number {
  const wake = board.boot.wake;
  return wake.kind === 'software-interrupt' ? wake.address : 0;
}

/** The SIO that carries the FIFO launch sequence (board boot.secondaryStart), if the board uses it. */
function fifoLaunchSio(board: Board): number | undefined {
  if (board.boot.secondaryStart !== 'fifo-launch-sequence') return undefined;
  return board.devices.find((d) => d.kind === 'sio')?.base;
}

/** Whether every core can take items from the shared queue: a board lock, or atomics on every core. */
export function queueSupported(board: Board): boolean {
  return queueLock(board).kind !== LOCK.ATOMICS || board.cores.every((c) => hasAtomics(c.type));
}

export interface ImageOptions {
  /** The blob asks for the shared queue (the ariel-greedy executor); see queueSupported. */
  dynamicQueue: boolean;
  /** Directory of freshly built images instead of the committed ones (tests). */
  prebuiltDir?: string;
  /**
   * Put the blob (with the weights) in this memory instead of the default (a shared flash, else the
   * arena's memory): a single-core baseline uses the parallel run's placement.
   */
  blobMemory?: string;
}

export function buildImage(
  compiled: CompiledModel,
  blob: Blob,
  options: ImageOptions,
): FirmwareImage {
  const board = compiled.board;
  const cores = board.cores;
  const regions = new Map<string, Region>(board.memories.map((m) => [m.name, new Region(m)]));
  const region = (m: BoardMemory) => regions.get(m.name)!;
  const segments: Segment[] = [];

  // The arena first, at the start of its memory, then the executor state.
  const arenaRegion = regions.get(compiled.memoryPlan.arenaMemory)!;
  const arena = arenaRegion.take(Math.max(blob.arenaBytes, 4), 8, 'the activation arena');
  const ctx = arenaRegion.take(blob.ctxBytes, 8, 'the executor state');

  // Stacks: the smallest RAM each core reaches, private RAM first, never the arena's memory if another fits.
  const stacks = cores.map((c) => {
    const rams = board.memories
      .filter((m) => isRam(m) && reaches(m, c.id) && region(m).free >= STACK_BYTES)
      .sort(
        (a, b) =>
          Number(b.privateTo !== undefined) - Number(a.privateTo !== undefined) ||
          Number(a.name === arenaRegion.memory.name) - Number(b.name === arenaRegion.memory.name) ||
          a.size - b.size,
      );
    const m = rams[0];
    if (m === undefined)
      throw noRoom(arenaRegion.memory, `the stack of core ${c.id}`, STACK_BYTES, 0);
    return region(m).takeTop(STACK_BYTES, `the stack of core ${c.id}`) + STACK_BYTES;
  });

  // Code: one copy per (instruction set, code memory).
  const code: CodeCopy[] = [];
  const codeMemory = (core: number): BoardMemory => {
    const flashes = board.memories.filter((m) => m.kind === 'flash' && reaches(m, core));
    const pool =
      flashes.length > 0 ? flashes : board.memories.filter((m) => isRam(m) && reaches(m, core));
    return pool.reduce((a, b) => (region(b).free > region(a).free ? b : a));
  };
  const codeOfCore = cores.map((c) => {
    const isa = isaOfCore(c.type);
    if (isa === undefined)
      throw new DiagnosticError({
        code: 'image/no-iss',
        where: `${board.name}: core ${c.id}`,
        message: `core type ${c.type} has no instruction-set simulator, so no firmware to run`,
      });
    const m = codeMemory(c.id);
    const existing = code.findIndex(
      (k) => k.isa === isa && k.base >= m.base && k.base < m.base + m.size,
    );
    if (existing >= 0) return existing;
    const image = prebuilt(isa, options.prebuiltDir);
    const base = region(m).take(image.bytes.length, 256, `the ${isa} executor`);
    code.push({ isa, base, image });
    return code.length - 1;
  });

  // Blob and descriptor: a flash every core reaches, else the arena's memory.
  const sharedFlash = board.memories.filter(
    (m) => m.kind === 'flash' && cores.every((c) => reaches(m, c.id)),
  );
  const forced = options.blobMemory === undefined ? undefined : regions.get(options.blobMemory);
  const blobRegion =
    forced ??
    (sharedFlash.length > 0
      ? region(sharedFlash.reduce((a, b) => (region(b).free > region(a).free ? b : a)))
      : arenaRegion);
  const blobAddr = blobRegion.take(blob.bytes.length, 8, 'the model blob');
  const descriptor = blobRegion.take(DESCRIPTOR_BYTES, 8, 'the boot descriptor');

  // Vector tables (Cortex-M), next to each core's code.
  const entry = (c: number) => {
    const k = code[codeOfCore[c]!]!;
    const off = k.image.symbols.get('ars_reset');
    if (off === undefined) throw new Error(`${k.isa} image has no ars_reset`);
    return k.base + off + (k.isa === 'rv32imac' ? 0 : 1);
  };
  const vectorTables = cores.map((c) => {
    const k = code[codeOfCore[c.id]!]!;
    if (k.isa === 'rv32imac') return 0;
    const m = board.memories.find((x) => k.base >= x.base && k.base < x.base + x.size)!;
    const at = region(m).take(VECTOR_TABLE_BYTES, 128, `the vector table of core ${c.id}`);
    const sym = (name: string) => {
      const off = k.image.symbols.get(name);
      if (off === undefined) throw new Error(`${k.isa} executor image has no ${name}`);
      return k.base + off + 1;
    };
    const words = new Array<number>(16).fill(sym('ars_fault'));
    words[0] = stacks[c.id]!;
    words[1] = entry(c.id);
    words[7] = 0;
    words[8] = c.id;
    words[9] = descriptor;
    words[10] = 0;
    words[13] = 0;
    words[15] = sym('ars_systick');
    segments.push({ name: `vectors.core${c.id}`, addr: at, bytes: wordsToBytes(words) });
    return at;
  });

  const sio = fifoLaunchSio(board);
  const lock = queueLock(board);
  const dynamicQueue = options.dynamicQueue;
  if (dynamicQueue && !queueSupported(board))
    throw new Error(`${board.name} cannot run the shared queue (see queueSupported)`);

  const launch = sio !== undefined && cores.length > 1 ? LAUNCH_RP2_FIFO : LAUNCH_NONE;
  const desc = [
    BOOT_MAGIC,
    cores.length,
    blobAddr,
    arena,
    ctx,
    launch,
    sio ?? 0,
    lock.kind,
    lock.addr,
    wakeAddress(board),
    ...Array.from({ length: 16 }, (_, i) =>
      i < cores.length
        ? [vectorTables[i]!, stacks[i]!, entry(i), lock.owners[i] ?? 0]
        : [0, 0, 0, 0],
    ).flat(),
  ];

  for (const k of code) {
    const bytes = k.image.bytes.slice();
    const view = new DataView(bytes.buffer);
    for (const at of k.image.absoluteWords)
      view.setUint32(at, (view.getUint32(at, true) + k.base) >>> 0, true);
    const header = k.image.symbols.get('ars_image_header');
    if (header !== undefined) view.setUint32(header + 8, descriptor, true);
    segments.push({ name: `executor.${k.isa}@${hex(k.base)}`, addr: k.base, bytes });
  }
  segments.push({ name: 'blob', addr: blobAddr, bytes: blob.bytes });
  segments.push({ name: 'boot-descriptor', addr: descriptor, bytes: wordsToBytes(desc) });
  segments.push({ name: 'executor-state', addr: ctx, bytes: new Uint8Array(blob.ctxBytes) });

  const boots = cores.map((c) => (vectorTables[c.id] !== 0 ? vectorTables[c.id]! : entry(c.id)));
  return {
    board,
    segments,
    start:
      launch === LAUNCH_RP2_FIFO
        ? { kind: 'fifo-launch', boot: boots[0]! }
        : { kind: 'each-core', boots },
    layout: {
      blob: blobAddr,
      blobMemory: blobRegion.memory.name,
      descriptor,
      arena,
      arenaBytes: blob.arenaBytes,
      ctx,
      ctxBytes: blob.ctxBytes,
      stacks,
      code,
      codeOfCore,
    },
    dynamicQueue,
  };
}

function wordsToBytes(words: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(4 * words.length);
  const v = new DataView(bytes.buffer);
  words.forEach((w, i) => v.setUint32(4 * i, w >>> 0, true));
  return bytes;
}

const hex = (v: number) => '0x' + v.toString(16).padStart(8, '0');
