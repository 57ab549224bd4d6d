/**
 * Runs one ELF on one simulated core over flat, zero-wait memory (`arielsim exec`). Every PT_LOAD
 * segment is backed by RAM, plus the core family's default RAM (Cortex-M: 1 MiB at 0x2000_0000;
 * RISC-V: 1 MiB at 0x8000_0000). Cores come from sim/core/factories.ts, keyed by core type.
 */
import { DiagnosticError } from '../common/diagnostics.js';
import { CORE_TYPES } from '../platforms/cores/index.js';
import { FlatBus } from './memory/bus.js';
import type { Core, Halt, SemihostingHost } from './core/core.js';
import { elfMachineName, type ElfImage } from './elf.js';
import { coreFactory, simulatedCoreTypes } from './core/factories.js';

export type { CoreFactory } from './core/factories.js';
export { registerCoreFactory } from './core/factories.js';

export interface ExecOptions {
  coreType: string;
  /** Core clock (simulated time for SYS_CLOCK/SYS_ELAPSED). Default 125 MHz. */
  clockHz?: number;
  /** Stop after this many cycles. Default: no limit (the CLI always gives one: --timeout). */
  maxCycles?: number;
  host: SemihostingHost;
  /** Default true: report the first guest fault instead of running the guest's fault handler. */
  stopOnFault?: boolean;
}

export type ExecExit =
  | { kind: 'semihosting'; code: number }
  | { kind: 'fault'; halt: Extract<Halt, { kind: 'fault' }> }
  /** The core sleeps (WFI/WFE) and nothing can wake it (sim/machine/deadlock.ts). */
  | { kind: 'deadlock' }
  | { kind: 'max-cycles' };

export interface ExecResult {
  exit: ExecExit;
  core: Core;
  hostSeconds: number;
  /** Simulated instructions per host second, in millions. */
  mips: number;
}

/** Checks the core type and architecture, then builds bus and core. User mistakes are diagnostics. */
export function buildFlatMachine(
  elf: ElfImage,
  options: ExecOptions,
): { bus: FlatBus; core: Core; start: number } {
  const type = options.coreType;
  if (!(CORE_TYPES as readonly string[]).includes(type)) {
    throw new DiagnosticError({
      code: 'exec/unknown-core',
      where: '--core',
      message: `unknown core type '${type}'`,
      hint: `one of ${CORE_TYPES.join(', ')}`,
    });
  }
  const factory = coreFactory(type);
  if (factory === undefined) {
    throw new DiagnosticError({
      code: 'exec/core-not-simulated',
      where: '--core',
      message: `core type '${type}' has no instruction-set simulator yet`,
      hint: `simulated: ${simulatedCoreTypes().join(', ')}`,
    });
  }
  if (elf.machine !== factory.elfMachine) {
    throw new DiagnosticError({
      code: 'exec/wrong-architecture',
      where: elf.path,
      message: `the ELF is for ${elfMachineName(elf.machine)}, but --core ${type} runs ${elfMachineName(factory.elfMachine)}`,
    });
  }
  const bus = new FlatBus();
  const loaded = elf.segments.filter((s) => s.memsz > 0);
  for (const [base, end] of memoryRanges(elf, factory.defaultRam))
    bus.addRam(`ram@${base.toString(16)}`, base, end - base);
  for (const s of loaded) if (s.data.length > 0) bus.load(s.paddr, s.data);
  const withBytes = loaded.filter((s) => s.data.length > 0);
  const start =
    factory.start === 'entry' || withBytes.length === 0
      ? elf.entry
      : Math.min(...withBytes.map((s) => s.paddr));
  const host = options.host;
  const core = factory.create(
    { id: 0, type, clockHz: options.clockHz ?? 125_000_000, bus, host },
    { stopOnFault: options.stopOnFault ?? true },
  );
  return { bus, core, start };
}

/** The union of segment ranges (load and run addresses) and the default RAM, in 4 KiB pages. */
function memoryRanges(elf: ElfImage, ram: { base: number; size: number }): [number, number][] {
  const page = 0x1000;
  const ranges: [number, number][] = [[ram.base, ram.base + ram.size]];
  for (const s of elf.segments) {
    if (s.memsz === 0) continue;
    for (const a of new Set([s.paddr, s.vaddr])) {
      ranges.push([
        Math.floor(a / page) * page,
        Math.min(2 ** 32, Math.ceil((a + s.memsz) / page) * page),
      ]);
    }
  }
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [b, e] of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && b <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([b, e]);
  }
  return merged;
}

/**
 * Loads, resets and runs the core until it exits, faults, sleeps with nothing to wake it, or
 * reaches `maxCycles`.
 */
export function runElf(elf: ElfImage, options: ExecOptions): ExecResult {
  const { core, start } = buildFlatMachine(elf, options);
  const maxCycles = options.maxCycles ?? Number.MAX_SAFE_INTEGER;
  const t0 = performance.now();
  core.reset(start);
  let deadlock = false;
  while (core.halt === undefined && core.cycles < maxCycles) {
    // run() returns when the core goes to sleep; asleep with no wake source, it would only
    // sleep on to the limit.
    if (core.sleeping && core.wakeCycle() === Infinity) {
      deadlock = true;
      break;
    }
    core.run(maxCycles);
  }
  const hostSeconds = (performance.now() - t0) / 1000;
  const halt = core.halt as Halt | undefined;
  const exit: ExecExit =
    halt === undefined
      ? { kind: deadlock ? 'deadlock' : 'max-cycles' }
      : halt.kind === 'semihosting'
        ? halt
        : { kind: 'fault', halt };
  return {
    exit,
    core,
    hostSeconds,
    mips: hostSeconds > 0 ? core.instructions / hostSeconds / 1e6 : 0,
  };
}

/** A guest fault as the user reads it: kind, PC, instruction word, symbol and a register dump. */
export function formatFault(halt: Extract<Halt, { kind: 'fault' }>, elf: ElfImage): string {
  const hex = (v: number) => '0x' + (v >>> 0).toString(16).padStart(8, '0');
  const sym = elf.symbolAt(halt.pc);
  const where = sym === undefined ? '' : ` in ${sym.name}+0x${sym.offset.toString(16)}`;
  const insn =
    halt.instruction === undefined
      ? 'unreadable'
      : '0x' + halt.instruction.toString(16).padStart(4, '0');
  const regs = Object.entries(halt.registers).map(([name, v]) => `${name.padStart(7)} ${hex(v)}`);
  const rows: string[] = [];
  for (let i = 0; i < regs.length; i += 4) rows.push('  ' + regs.slice(i, i + 4).join('  '));
  return [
    `guest fault: ${halt.fault}: ${halt.detail}`,
    `  pc ${hex(halt.pc)}${where}, instruction ${insn}`,
    ...rows,
  ].join('\n');
}
