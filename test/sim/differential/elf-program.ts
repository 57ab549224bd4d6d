/**
 * A whole Cortex-M ELF on both simulators, from its reset vector to the first arrival at a symbol:
 * arielsim through the `arielsim exec` path (sim/exec.ts buildFlatMachine, the core factory's
 * model), Unicorn with the pages of the ELF's segments mapped. Compared there: r0-r12, SP, LR,
 * APSR.NZCV, S0-S31, FPSCR (without the cumulative flags arielsim does not raise) and a RAM window.
 *
 * Unicorn has no System Control Space; its FPU is usable from reset, so a page mapped at the SCS
 * absorbs the startup code's CPACR write (test/programs/src/startup.c).
 */
import { readFileSync } from 'node:fs';
import { CortexM } from '../../../sim/core/cortex-m/core.js';
import { parseElf, type ElfImage } from '../../../sim/elf.js';
import { buildFlatMachine } from '../../../sim/exec.js';
import { v7 } from '../../../sim/isa/armv7m/state.js';
import { UcArch, UcArmReg, UcMode, Unicorn, UnicornError } from '../../../sim/backends/unicorn.js';
import type { MachineState, Outcome } from './harness.js';

const SCS_PAGE = 0xe000e000;
/**
 * FPSCR bits compared: NZCV, AHP, DN, FZ, RMode, DZC, IOC. sim/isa/vfp raises only IOC and DZC, so
 * IDC, IXC, UFC and OFC are left out (Unicorn sets IXC on any rounded result).
 */
const FPSCR_COMPARED = 0xf7c00003;
const PAGE = 0x1000;

export interface ElfRun {
  elf: ElfImage;
  /** Core type for arielsim (`--core`) and the matching UcCpuArm value. */
  coreType: string;
  unicornCpu: number;
  /** Both runs stop when the PC first reaches this symbol. */
  stopAt: string;
  /** The compared RAM window, [start, end) between two symbols. */
  ram: readonly [string, string];
  /** Instructions after which a run that has not arrived counts as a failure. */
  maxInstructions: number;
}

export const ELF_VALUE_NAMES: readonly string[] = [
  ...Array.from({ length: 13 }, (_, i) => `r${i}`),
  'sp',
  'lr',
  'N',
  'Z',
  'C',
  'V',
  ...Array.from({ length: 32 }, (_, i) => `s${i}`),
  'fpscr',
];

export function loadElf(path: string): ElfImage {
  return parseElf(new Uint8Array(readFileSync(path)), path);
}

function symbol(elf: ElfImage, name: string): number {
  const addr = elf.symbolAddress(name);
  if (addr === undefined) throw new Error(`${elf.path} has no symbol ${name}`);
  return addr;
}

export function ramWindow(run: ElfRun): { base: number; size: number } {
  const base = symbol(run.elf, run.ram[0]);
  return { base, size: symbol(run.elf, run.ram[1]) - base };
}

export function runElfOnIss(run: ElfRun): Outcome {
  const { bus, core, start } = buildFlatMachine(run.elf, {
    coreType: run.coreType,
    host: { writeStdout: () => undefined },
  });
  if (!(core instanceof CortexM)) throw new Error(`${run.coreType} is not a Cortex-M core`);
  const stop = symbol(run.elf, run.stopAt);
  core.reset(start);
  while (core.halt === undefined && core.pc !== stop && core.instructions < run.maxInstructions) {
    core.run(core.cycles + 1);
  }
  const h = core.halt;
  if (h !== undefined) return { fault: h.kind === 'fault' ? `${h.fault}: ${h.detail}` : 'exit' };
  if (core.pc !== stop) return { fault: `not at ${run.stopAt} after ${core.instructions}` };
  const fpu = v7(core).fpu;
  const values = [...Array.from(core.r.slice(0, 15)), core.n, core.z, core.c, core.v];
  values.push(...Array.from(fpu.bits), (fpu.fpscr & FPSCR_COMPARED) >>> 0);
  const { base, size } = ramWindow(run);
  const data = Uint8Array.from({ length: size }, (_, i) => bus.read8(base + i));
  return { state: { values, data } };
}

/** The 4 KiB pages of every segment (load and run addresses), merged into ranges. */
function mappedRanges(elf: ElfImage): [number, number][] {
  const pages = new Set<number>([SCS_PAGE]);
  for (const s of elf.segments) {
    if (s.memsz === 0) continue;
    for (const a of new Set([s.paddr, s.vaddr])) {
      for (let p = Math.floor(a / PAGE) * PAGE; p < a + s.memsz; p += PAGE) pages.add(p);
    }
  }
  const ranges: [number, number][] = [];
  for (const p of [...pages].sort((x, y) => x - y)) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last[1] === p) last[1] = p + PAGE;
    else ranges.push([p, p + PAGE]);
  }
  return ranges;
}

export function runElfOnUnicorn(run: ElfRun): Outcome {
  const elf = run.elf;
  const uc = new Unicorn(UcArch.ARM, UcMode.THUMB | UcMode.MCLASS, run.unicornCpu);
  try {
    for (const [begin, end] of mappedRanges(elf)) uc.memMap(begin, end - begin);
    for (const s of elf.segments) if (s.data.length > 0) uc.memWrite(s.paddr, s.data);
    const vectors = Math.min(...elf.segments.filter((s) => s.data.length > 0).map((s) => s.paddr));
    const word = (a: number) => new DataView(uc.memRead(a, 4).buffer).getUint32(0, true);
    uc.regWrite(UcArmReg.SP, word(vectors));
    const stop = symbol(elf, run.stopAt);
    try {
      uc.emuStart(word(vectors + 4), stop, run.maxInstructions);
    } catch (e) {
      if (e instanceof UnicornError) return { fault: e.message };
      throw e;
    }
    const pc = uc.regRead(UcArmReg.PC);
    if (pc !== stop) return { fault: `stopped at pc 0x${pc.toString(16)}, not ${run.stopAt}` };
    const values = Array.from({ length: 13 }, (_, i) => uc.regRead(UcArmReg.R0 + i));
    values.push(uc.regRead(UcArmReg.SP), uc.regRead(UcArmReg.LR));
    const xpsr = uc.regRead(UcArmReg.XPSR);
    values.push((xpsr >>> 31) & 1, (xpsr >>> 30) & 1, (xpsr >>> 29) & 1, (xpsr >>> 28) & 1);
    for (let i = 0; i < 32; i++) values.push(uc.regRead(UcArmReg.S0 + i));
    values.push((uc.regRead(UcArmReg.FPSCR) & FPSCR_COMPARED) >>> 0);
    const { base, size } = ramWindow(run);
    return { state: { values, data: uc.memRead(base, size) } satisfies MachineState };
  } finally {
    uc.close();
  }
}
