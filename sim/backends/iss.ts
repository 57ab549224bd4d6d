/**
 * The `iss` backend: loads a firmware image (segments and how its cores start) into a Machine built
 * from the board, runs every core instruction by instruction on the shared bus, and hands back the
 * exit, the statistics and a way to read memory afterwards (outputs, the executor's trace). It
 * knows nothing of models: runtime-gen builds the image, scenarios/run-model.ts reads the results.
 */
import type { Board } from '../../platforms/boards/schema.js';
import type { SemihostingHost } from '../core/core.js';
import { Machine, type MachineExit, type MachineRunResult } from '../machine/machine.js';

export interface LoadableImage {
  segments: readonly { name: string; addr: number; bytes: Uint8Array }[];
  /** 'fifo-launch': core 0 boots, the board's boot ROM model launches the others on request. */
  start: { kind: 'fifo-launch'; boot: number } | { kind: 'each-core'; boots: readonly number[] };
}

export interface IssRunOptions {
  /** Stop after this many cycles of core 0 (default: no limit). */
  maxCycles?: number;
  quantumCycles?: number;
  host?: SemihostingHost;
  /** Called between slices of simulated time with core 0's cycles so far. */
  onProgress?: (core0Cycles: number) => void;
  /** Cycles of core 0 per progress slice (default 2,000,000). */
  progressCycles?: number;
}

export interface IssRun {
  exit: MachineExit;
  result: MachineRunResult;
  machine: Machine;
  /** Reads `length` bytes of memory at `addr` without timing (any core's view). */
  peek(addr: number, length: number): Uint8Array;
}

export function runImage(board: Board, image: LoadableImage, options: IssRunOptions = {}): IssRun {
  const machine = new Machine(board, {
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.quantumCycles === undefined ? {} : { quantumCycles: options.quantumCycles }),
  });
  for (const s of image.segments) {
    if (!machine.map.load(s.addr, s.bytes))
      throw new Error(
        `image segment ${s.name} at 0x${s.addr.toString(16)} is not in ${board.name}'s memory`,
      );
  }
  if (image.start.kind === 'fifo-launch') machine.boot(image.start.boot);
  else machine.bootEach(image.start.boots);

  const limit = options.maxCycles ?? Number.MAX_SAFE_INTEGER / 8;
  const slice = options.progressCycles ?? 2_000_000;
  let result: MachineRunResult;
  let until = 0;
  const t0 = performance.now();
  for (;;) {
    until = Math.min(limit, until + (options.onProgress === undefined ? limit : slice));
    result = machine.run({ maxCycles: until });
    if (result.exit.kind !== 'max-cycles' || until >= limit) break;
    options.onProgress?.(machine.cores[0]!.cycles);
  }
  const hostSeconds = (performance.now() - t0) / 1000;
  return {
    exit: result.exit,
    result: { ...result, hostSeconds },
    machine,
    peek: (addr, length) => peek(machine, addr, length),
  };
}

function peek(machine: Machine, addr: number, length: number): Uint8Array {
  const w = machine.map.windows.find((x) => addr >= x.base && addr + length <= x.end);
  if (w?.storage === undefined) throw new Error(`no memory holds 0x${addr.toString(16)}+${length}`);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const off = addr + i - w.base;
    out[i] = w.storage[w.toStorage ? w.toStorage(off) : off]!;
  }
  return out;
}
