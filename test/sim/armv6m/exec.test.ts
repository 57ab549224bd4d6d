/**
 * `arielsim exec` on real Cortex-M0+ programs built by test/programs/build.sh (committed ELFs):
 * stdout, exit status, the --json report and fault reports.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'test/programs/bin');
const ENTRY = [join(ROOT, 'bin/arielsim.js')];

function arielsim(...args: string[]) {
  const r = spawnSync(process.execPath, [...ENTRY, 'exec', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('arielsim exec --core cortex-m0plus', () => {
  test('CRC-32 and int8 dot product in C: output and exit status 0', () => {
    const r = arielsim(join(BIN, 'crc32.elf'), '--core', 'cortex-m0plus');
    // dot = sum over i<64 of (7i - 128)(127 - 3i), computed in the host below.
    let dot = 0;
    for (let i = 0; i < 64; i++) dot += (((i * 7 - 128) << 24) >> 24) * (127 - i * 3);
    const hex = (v: number) => '0x' + (v >>> 0).toString(16).padStart(8, '0');
    expect(r.stdout).toBe(`crc32 0xcbf43926\ndot ${hex(dot)}\n`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('--json reports exit, cycles and instructions; guest output goes to stderr', () => {
    const r = arielsim(join(BIN, 'exit7.elf'), '--core', 'cortex-m0plus', '--json');
    expect(r.status).toBe(7);
    const report = JSON.parse(r.stdout);
    expect(report.exit).toEqual({ kind: 'semihosting', code: 7 });
    expect(report.cores).toHaveLength(1);
    expect(report.cores[0]).toMatchObject({ id: 0, type: 'cortex-m0plus' });
    expect(report.cores[0].instructions).toBeGreaterThan(10);
    expect(report.cores[0].cycles).toBeGreaterThan(report.cores[0].instructions);
    expect(typeof report.mips).toBe('number');
  });

  test('the same run gives the same cycle count (deterministic)', () => {
    const a = JSON.parse(
      arielsim(join(BIN, 'crc32.elf'), '--core', 'cortex-m0plus', '--json').stdout,
    );
    const b = JSON.parse(
      arielsim(join(BIN, 'crc32.elf'), '--core', 'cortex-m0plus', '--json').stdout,
    );
    expect(a.cores[0].cycles).toBe(b.cores[0].cycles);
  });

  test('a guest fault prints kind, PC, instruction, symbol and registers; status 125', () => {
    const r = arielsim(join(BIN, 'fault.elf'), '--core', 'cortex-m0plus');
    expect(r.stdout).toBe('about to fault\n');
    expect(r.status).toBe(125);
    expect(r.stderr).toMatch(/^guest fault: HardFault: unaligned word read at 0x20000001\n/);
    expect(r.stderr).toMatch(/pc 0x[0-9a-f]{8} in load_word\+0x0, instruction 0x6800/);
    expect(r.stderr).toMatch(/r0 0x20000001/);
  });

  test('--max-cycles stops the guest with status 124', () => {
    const r = arielsim(
      join(BIN, 'crc32.elf'),
      '--core',
      'cortex-m0plus',
      '--max-cycles',
      '100',
      '--json',
    );
    expect(r.status).toBe(124);
    const report = JSON.parse(r.stdout);
    expect(report.exit).toEqual({ kind: 'max-cycles', code: 124 });
    expect(report.cores[0].cycles).toBeGreaterThanOrEqual(100);
    expect(report.cores[0].cycles).toBeLessThan(110);
  });

  test('user mistakes are diagnostics with status 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exec-'));
    writeFileSync(
      join(dir, 'notes.txt'),
      'not an elf at all, but long enough to have a header.......',
    );
    const cases: [string[], RegExp][] = [
      [
        [join(dir, 'missing.elf'), '--core', 'cortex-m0plus'],
        /error\[io\/not-found\] .*missing.elf: ELF file not found/,
      ],
      [
        [join(dir, 'notes.txt'), '--core', 'cortex-m0plus'],
        /error\[elf\/not-elf\] .*notes.txt: not an ELF file/,
      ],
      [
        [join(BIN, 'crc32.elf'), '--core', 'z80'],
        /error\[cli\/bad-option\] --core: expected one of/,
      ],
      [
        [join(BIN, 'crc32.elf'), '--core', 'hazard3'],
        /error\[exec\/(wrong-architecture|core-not-simulated)\]/,
      ],
      [
        [join(BIN, 'crc32.elf'), '--core', 'cortex-m0plus', '--max-cycles', 'lots'],
        /--max-cycles: expected a positive integer/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = arielsim(...args);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.status).toBe(2);
    }
  });
});
