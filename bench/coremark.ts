/**
 * `npm run bench:coremark`: CoreMark/MHz of every core model beside silicon's
 * (../shared/firmware/coremark, expected.json: GCC builds on zero-wait memory, sources there), with
 * the ISS's speed, and QEMU's host time for the same ELF measured in the same run. Prints figures;
 * never asserts (ARCHITECTURE.md). `--json` prints the rows as one JSON document instead.
 *
 *   npm run bench:coremark [-- --json]
 *
 * arielsim runs each ELF once as `arielsim exec <elf> --core <core>` does (scenarios/coremark.ts);
 * CoreMark/MHz = 100 * 1e6 / Total ticks; host seconds are wall time of the run, MIPS =
 * instructions retired / host seconds. QEMU 7.2 runs the same ELFs unmodified on machines whose
 * memory has their flat map (ARM code at 0, RAM at 0x2000_0000; RISC-V at 0x8000_0000), with
 * semihosting and without -icount; its host seconds are the fastest of 3 process wall times,
 * start-up included (printed apart, from exit7.elf), and its run counts only when its report has
 * the known CRCs. QEMU has no Cortex-M0+: the M0+ ELF runs on the micro:bit's Cortex-M0 (the same
 * ARMv6-M instruction set; its 16 KiB of RAM hold CoreMark's). QEMU cannot time the runs (it has no
 * DWT CYCCNT; its mcycle is not a cycle model), so only its host time is shown.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, printJson } from '../cli/output.js';
import {
  coremarkPerMhz,
  coremarkProblem,
  parseCoremarkReport,
  readCoremarkExpected,
  runCoremark,
} from '../scenarios/coremark.js';

const DIR = fileURLToPath(new URL('../../shared/firmware/coremark/', import.meta.url));
const QEMU_RUNS = 3;

interface QemuTarget {
  binary: string;
  args: readonly string[];
}

const arm = (machine: string): QemuTarget => ({
  binary: 'qemu-system-arm',
  args: ['-M', machine],
});
const RISCV_VIRT: QemuTarget = {
  binary: 'qemu-system-riscv32',
  args: ['-M', 'virt', '-bios', 'none'],
};

/** The QEMU machine for each core model's ELF (see the header). */
const QEMU: Record<string, QemuTarget> = {
  'cortex-m0plus': arm('microbit'),
  'cortex-m4': arm('mps2-an386'),
  'cortex-m7': arm('mps2-an500'),
  'cortex-m33': arm('mps2-an505'),
  hazard3: RISCV_VIRT,
  'rv32imc-esp': RISCV_VIRT,
  'rv32imac-esp': RISCV_VIRT,
};

interface Row {
  elf: string;
  core: string;
  issCoremarkPerMhz: number;
  siliconCoremarkPerMhz: number;
  errorPercent: number;
  instructions: number;
  cycles: number;
  hostSeconds: number;
  mips: number;
  qemuMachine: string;
  /** null when QEMU did not run it; then `qemuNote` says why. */
  qemuHostSeconds: number | null;
  qemuNote: string | null;
}

function onPath(binary: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((d) => existsSync(join(d, binary)));
}

/** One QEMU process on `elf`: its wall time, exit status and the guest's output. */
function spawnQemu(target: QemuTarget, elf: string) {
  const args = [
    ...target.args,
    '-nographic',
    '-semihosting-config',
    'enable=on,target=native',
    '-kernel',
    elf,
  ];
  const t0 = performance.now();
  const r = spawnSync(target.binary, args, { encoding: 'utf8', timeout: 60_000, stdio: 'pipe' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.error !== undefined) throw new Error(`${target.binary}: ${r.error.message}`);
  // Without a semihosting chardev, QEMU 7.2 writes the guest's output to its stderr.
  return { seconds, status: r.status, output: r.stderr };
}

/** QEMU's fastest wall time on a CoreMark ELF, or why it has none. */
function runQemu(target: QemuTarget, elf: string): { seconds: number } | { note: string } {
  if (!onPath(target.binary)) return { note: `${target.binary} not installed` };
  let best = Infinity;
  for (let i = 0; i < QEMU_RUNS; i++) {
    const r = spawnQemu(target, elf);
    const problem = coremarkProblem(parseCoremarkReport(r.output), false);
    if (r.status !== 0 || problem !== undefined)
      return { note: `fails (exit ${r.status}): ${problem ?? 'no report'}` };
    best = Math.min(best, r.seconds);
  }
  return { seconds: best };
}

/** QEMU's start-up and exit alone: test/programs' exit7.elf (exits 7 at once) on mps2-an386. */
function qemuStartupSeconds(): number | undefined {
  const target = QEMU['cortex-m4']!;
  if (!onPath(target.binary)) return undefined;
  const elf = fileURLToPath(new URL('../test/programs/bin/exit7.elf', import.meta.url));
  let best = Infinity;
  for (let i = 0; i < QEMU_RUNS; i++) {
    const r = spawnQemu(target, elf);
    if (r.status !== 7) throw new Error(`exit7.elf on QEMU exited ${r.status}`);
    best = Math.min(best, r.seconds);
  }
  return best;
}

function main(): void {
  if (!existsSync(join(DIR, 'expected.json'))) {
    console.log(`[skip] bench:coremark needs ../shared/firmware/coremark beside the checkout`);
    return;
  }
  const json = process.argv.includes('--json');
  const rows: Row[] = [];
  for (const c of readCoremarkExpected(DIR).cases) {
    const elf = join(DIR, c.elf);
    if (!json) process.stderr.write(`${c.elf} on ${c.core} ...\n`);
    const { result, report } = runCoremark(elf, c.core);
    const problem =
      result.exit.kind !== 'semihosting' ? `exit: ${result.exit.kind}` : coremarkProblem(report);
    if (problem !== undefined) throw new Error(`${c.elf} on ${c.core}: ${problem}`);
    const iss = coremarkPerMhz(report);
    const target = QEMU[c.core];
    const qemu = target === undefined ? { note: 'no QEMU machine listed' } : runQemu(target, elf);
    rows.push({
      elf: c.elf,
      core: c.core,
      issCoremarkPerMhz: iss,
      siliconCoremarkPerMhz: c.silicon,
      errorPercent: ((iss - c.silicon) / c.silicon) * 100,
      instructions: result.core.instructions,
      cycles: result.core.cycles,
      hostSeconds: result.hostSeconds,
      mips: result.mips,
      qemuMachine: target === undefined ? '' : [target.binary, ...target.args].join(' '),
      qemuHostSeconds: 'seconds' in qemu ? qemu.seconds : null,
      qemuNote: 'note' in qemu ? qemu.note : null,
    });
  }
  const startup = qemuStartupSeconds();
  if (json) {
    printJson({ rows, qemuStartupSeconds: startup ?? null });
    return;
  }
  console.log(
    formatTable(
      [
        'ELF',
        'core',
        'ISS CM/MHz',
        'silicon',
        'error %',
        'instructions',
        'host s',
        'MIPS',
        'QEMU host s',
        'QEMU machine',
      ],
      rows.map((r) => [
        r.elf,
        r.core,
        r.issCoremarkPerMhz.toFixed(3),
        r.siliconCoremarkPerMhz.toFixed(3),
        `${r.errorPercent >= 0 ? '+' : ''}${r.errorPercent.toFixed(1)}`,
        r.instructions,
        r.hostSeconds.toFixed(2),
        r.mips.toFixed(1),
        r.qemuHostSeconds?.toFixed(3) ?? `n/a: ${r.qemuNote ?? ''}`,
        r.qemuMachine.replace(/^qemu-system-/, ''),
      ]),
    ),
  );
  console.log(
    [
      'CM/MHz = CoreMark/MHz (100 iterations * 1e6 / Total ticks); silicon: expected.json (GCC,',
      'zero-wait memory; see its sources). host s: wall time of the run. QEMU host s: fastest of 3',
      'process wall times, start-up included, -icount off; the M0+ ELF runs on the micro:bit',
      '(Cortex-M0: QEMU has no Cortex-M0+).',
    ].join('\n'),
  );
  console.log(
    startup === undefined
      ? 'QEMU: skipped, qemu-system-arm is not installed'
      : `QEMU start-up and exit alone (exit7.elf on mps2-an386): ${startup.toFixed(3)} s`,
  );
}

main();
