/**
 * CoreMark ELFs with silicon figures (../shared/firmware/coremark, README.md there): each one runs
 * on its core model the way `arielsim exec <elf> --core <type>` runs it (parseElf, then runElf with
 * the CLI's default clock and --timeout), and prints EEMBC's report through semihosting. The
 * report's `Total ticks` is the core's cycle count over the timed region, so CoreMark/MHz =
 * iterations * 1e6 / Total ticks.
 *
 * These builds run 100 iterations, well under CoreMark's 10 s minimum, so every report has the line
 * `ERROR! Must execute for at least 10 secs for a valid result!` and, because core_main.c counts it
 * as an error, `Errors detected` instead of `Correct operation validated`. A run is correct when
 * that is its only ERROR line and the CRCs are the known ones of the PERFORMANCE_RUN seeds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_EXEC_CLOCK_HZ, DEFAULT_EXEC_TIMEOUT_SECONDS, runLimit } from '../cli/run-limit.js';
import { parseElf } from '../sim/elf.js';
import { runElf, type ExecResult } from '../sim/exec.js';

/** expected.json: per ELF, its core model and the silicon CoreMark/MHz with the source. */
export const CoremarkExpected = z.object({
  cases: z
    .array(
      z.object({
        elf: z.string().min(1),
        core: z.string().min(1),
        flags: z.string(),
        silicon: z.number().positive(),
        source: z.string(),
      }),
    )
    .min(1),
});
export type CoremarkExpected = z.infer<typeof CoremarkExpected>;
export type CoremarkCase = CoremarkExpected['cases'][number];

export function readCoremarkExpected(dir: string): CoremarkExpected {
  return CoremarkExpected.parse(JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')));
}

/** The CRCs of the 2K performance run (core_main.c's known seed set 0x0, 0x0, 0x66). */
export const COREMARK_CRCS = {
  seedcrc: 0xe9f5,
  crclist: 0xe714,
  crcmatrix: 0x1fd7,
  crcstate: 0x8e3a,
  crcfinal: 0x988c,
} as const;
export type CoremarkCrcs = Record<keyof typeof COREMARK_CRCS, number>;

/** The line every report of a run shorter than 10 s has (it is why "Errors detected" follows). */
export const TOO_SHORT = 'ERROR! Must execute for at least 10 secs for a valid result!' as const;

export interface CoremarkReport {
  totalTicks: number;
  iterations: number;
  /** undefined for a CRC line the report does not have (it stopped before it). */
  crcs: Partial<CoremarkCrcs>;
  /** Every line starting with "ERROR", in order. */
  errors: string[];
  /** "Correct operation validated" (true), "Errors detected" (false), or neither (undefined). */
  validated: boolean | undefined;
}

/** Reads EEMBC's report lines (`Total ticks      : 37518125`, `[0]crcfinal      : 0x988c`). */
export function parseCoremarkReport(text: string): CoremarkReport {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const field = (name: string): string | undefined => {
    const prefix = new RegExp(`^(\\[0\\])?${name}\\s*:\\s*(\\S+)`);
    for (const line of lines) {
      const m = prefix.exec(line);
      if (m !== null) return m[2];
    }
    return undefined;
  };
  const crcs: Partial<CoremarkCrcs> = {};
  for (const name of Object.keys(COREMARK_CRCS) as (keyof CoremarkCrcs)[]) {
    const value = field(name);
    if (value !== undefined) crcs[name] = Number(value);
  }
  const validated = lines.includes('Errors detected')
    ? false
    : lines.some((l) => l.startsWith('Correct operation validated'))
      ? true
      : undefined;
  return {
    totalTicks: Number(field('Total ticks') ?? NaN),
    iterations: Number(field('Iterations') ?? NaN),
    crcs,
    errors: lines.filter((l) => l.startsWith('ERROR')),
    validated,
  };
}

/**
 * Why a report is not a correct run, or undefined when it is (see the header). `timed: false` for
 * an emulator without the ELF's timer (QEMU's Cortex-M has no DWT CYCCNT: Total ticks reads 0).
 */
export function coremarkProblem(report: CoremarkReport, timed = true): string | undefined {
  const hex = (v: number) => `0x${v.toString(16)}`;
  for (const [name, value] of Object.entries(COREMARK_CRCS)) {
    const got = report.crcs[name as keyof CoremarkCrcs];
    if (got !== value)
      return `${name} ${got === undefined ? 'missing' : hex(got)}, expected ${hex(value)}`;
  }
  const others = report.errors.filter((e) => e !== TOO_SHORT);
  if (others.length > 0) return others.join('; ');
  if (timed && !(report.totalTicks > 0)) return 'no Total ticks';
  return undefined;
}

export const coremarkPerMhz = (report: CoremarkReport): number =>
  (report.iterations * 1e6) / report.totalTicks;

export interface CoremarkRun {
  result: ExecResult;
  /** Everything the guest printed. */
  stdout: string;
  report: CoremarkReport;
}

/** One ELF on one core model, as `arielsim exec <elfPath> --core <coreType>` runs it. */
export function runCoremark(elfPath: string, coreType: string): CoremarkRun {
  const elf = parseElf(new Uint8Array(readFileSync(elfPath)), elfPath);
  const limit = runLimit(undefined, DEFAULT_EXEC_TIMEOUT_SECONDS, false, DEFAULT_EXEC_CLOCK_HZ);
  const decoder = new TextDecoder();
  let stdout = '';
  const result = runElf(elf, {
    coreType,
    maxCycles: limit.maxCycles,
    host: { writeStdout: (bytes) => (stdout += decoder.decode(bytes, { stream: true })) },
  });
  return { result, stdout, report: parseCoremarkReport(stdout) };
}
