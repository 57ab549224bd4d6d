/**
 * Real programs (test/programs/build.sh, test/programs/riscv/build.sh: committed ELFs compiled by
 * Debian's cross compilers) on every simulated core through `arielsim exec`, each checking its own
 * result and printing it by semihosting; and the same ELFs on QEMU where QEMU has the core, whose
 * stdout and exit status must equal ours. QEMU runs skip visibly when its binary is missing.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROGRAMS = join(ROOT, 'test/programs');

/** What each program prints; every one exits 0 when its own check passes. */
const EXPECTED_STDOUT: Record<string, string> = {
  crc32: 'crc32 0xcbf43926\ndot 0xfffe5d00\n',
  quicksort: 'quicksort min -49765 max 49739\nhash 0x2b5c688a\n',
  matmul_s8: 'matmul_s8 sum -48342\nhash 0xc8cbfd39\n',
  fir_q15: 'fir_q15 y[100] 23783\nhash 0x1f230bc2\n',
  // IEEE single-precision bit patterns; the PendSV handler's float work must not disturb the
  // thread's live S registers (extended exception frame, lazy stacking).
  fpu: 'fpu dot 0x4413b0e1\nratio 0x421aa737\nhandler 0x41dfbd42\n',
  // Doubles in D registers on a single-precision FPU: the .64 transfers (VMOV Dm, Rt, Rt2; VLDR/VSTR
  // and VSTM of D registers; VPUSH/VPOP {d8-...}) around libgcc's soft-double calls.
  fp_double: 'fp_double acc 0xc0f95cd4\nacc lo 0x80b4e2b3\nspread 0xf0ab069f\nhash 0x2ae4cb88\n',
};

const WORKLOADS = ['crc32', 'quicksort', 'matmul_s8', 'fir_q15'];

interface Qemu {
  binary: string;
  machine: readonly string[];
}

interface Target {
  core: string;
  dir: string;
  programs: readonly string[];
  /** undefined: QEMU 7.2 has no machine with this core (the reason is in `noQemu`). */
  qemu?: Qemu;
  noQemu?: string;
}

const arm = (machine: string): Qemu => ({ binary: 'qemu-system-arm', machine: ['-M', machine] });

const TARGETS: readonly Target[] = [
  {
    core: 'cortex-m0plus',
    dir: 'bin',
    programs: WORKLOADS,
    noQemu: 'QEMU 7.2 has no Cortex-M0+ machine',
  },
  {
    core: 'cortex-m4',
    dir: 'bin/cortex-m4',
    programs: [...WORKLOADS, 'fpu', 'fp_double'],
    qemu: arm('mps2-an386'),
  },
  {
    core: 'cortex-m7',
    dir: 'bin/cortex-m7',
    programs: [...WORKLOADS, 'fpu', 'fp_double'],
    qemu: arm('mps2-an500'),
  },
  {
    core: 'cortex-m33',
    dir: 'bin/cortex-m33',
    programs: [...WORKLOADS, 'fpu', 'fp_double'],
    qemu: arm('mps2-an505'),
  },
  {
    core: 'hazard3',
    dir: 'riscv/bin',
    programs: WORKLOADS,
    qemu: { binary: 'qemu-system-riscv32', machine: ['-M', 'virt', '-bios', 'none'] },
  },
  {
    // The same RV32 ELFs (they use no A-extension instruction) on the ESP32-C class model.
    core: 'rv32imc-esp',
    dir: 'riscv/bin',
    programs: WORKLOADS,
    noQemu: 'the same ELFs as hazard3 are already checked on qemu-system-riscv32 virt',
  },
];

function onPath(binary: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((d) => existsSync(join(d, binary)));
}

interface Run {
  stdout: string;
  exitCode: number | undefined;
}

const issRuns = new Map<string, Promise<Run>>();

/** `arielsim exec <elf> --core <core>`, once per ELF and core. */
function runOnIss(elf: string, core: string): Promise<Run> {
  const key = `${core} ${elf}`;
  let run = issRuns.get(key);
  if (run === undefined) {
    run = execa(process.execPath, [join(ROOT, 'bin/arielsim.js'), 'exec', elf, '--core', core], {
      cwd: ROOT,
      reject: false,
      stripFinalNewline: false,
      timeout: 120_000,
    }).then((r) => ({ stdout: r.stdout, exitCode: r.exitCode }));
    issRuns.set(key, run);
  }
  return run;
}

async function runOnQemu(qemu: Qemu, elf: string): Promise<Run> {
  const args = [
    ...qemu.machine,
    '-nographic',
    '-semihosting-config',
    'enable=on,target=native',
    '-icount',
    'shift=0,sleep=off',
    '-kernel',
    elf,
  ];
  const r = await execa(qemu.binary, args, {
    reject: false,
    stripFinalNewline: false,
    timeout: 30_000,
    stdin: 'ignore',
  });
  if (r.timedOut) throw new Error(`${qemu.binary} timed out on ${elf}`);
  // Without a semihosting chardev, QEMU 7.2 writes the guest's SYS_WRITE0 output to its stderr
  // (stdout is -nographic's serial/monitor mux, silent here).
  return { stdout: r.stderr, exitCode: r.exitCode };
}

for (const target of TARGETS) {
  const elf = (program: string) => join(PROGRAMS, target.dir, `${program}.elf`);

  describe(`${target.core}: programs on arielsim exec`, () => {
    test.concurrent.each(target.programs)(
      '%s prints its checked result and exits 0',
      async (p) => {
        const run = await runOnIss(elf(p), target.core);
        expect(run.stdout).toBe(EXPECTED_STDOUT[p]);
        expect(run.exitCode).toBe(0);
      },
      150_000,
    );
  });

  const qemu = target.qemu;
  if (qemu === undefined) {
    test.skip(`${target.core} on QEMU: skipped, ${target.noQemu}`, () => undefined);
    continue;
  }
  describe.skipIf(!onPath(qemu.binary))(
    `${target.core}: same stdout and exit status on QEMU (${qemu.binary} ${qemu.machine.join(' ')})`,
    () => {
      test.concurrent.each(target.programs)(
        '%s',
        async (p) => {
          const [ours, theirs] = await Promise.all([
            runOnIss(elf(p), target.core),
            runOnQemu(qemu, elf(p)),
          ]);
          expect(theirs.stdout).toBe(ours.stdout);
          expect(theirs.exitCode).toBe(ours.exitCode);
          expect(theirs.exitCode).toBe(0);
        },
        150_000,
      );
    },
  );
}
