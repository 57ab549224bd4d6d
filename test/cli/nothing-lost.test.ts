/**
 * Issue 13's findings as regression cases: an output that is an input, special files, unwritable
 * places, a cleanup after a failed write, firmware that never ends or sleeps forever, and
 * commander's own errors as diagnostics.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticError } from '../../common/diagnostics.js';
import { planOutputs } from '../../cli/output-guard.js';
import { ZOO, zooTflite } from '../../compiler/zoo/registry.js';
import { arielsim, REPO } from '../helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'arielsim-guard-'));
const BIN = join(REPO, 'test/programs/bin');

function lenet(dir: string): { path: string; bytes: Uint8Array } {
  const bytes = zooTflite('lenet5', ZOO.lenet5!.build());
  const path = join(dir, 'lenet5.tflite');
  writeFileSync(path, bytes);
  return { path, bytes };
}

function codesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics.map((d) => d.code);
    throw e;
  }
  return [];
}

describe('one output path guard', () => {
  it('refuses an output that is the model, the input or another output, and changes nothing', async () => {
    const dir = tmp();
    const m = lenet(dir);
    const a = await arielsim(['infer', m.path, '--output', m.path]);
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toBe(
      `error[io/output-is-input] ${m.path}: --output file is the model ${m.path}; refusing to overwrite an input`,
    );
    const input = join(dir, 'in.bin');
    writeFileSync(input, new Uint8Array(32 * 32).fill(5));
    const link = join(dir, 'link.bin');
    symlinkSync(input, link);
    const b = await arielsim([
      'run',
      m.path,
      '--board',
      'rp2040',
      '--input',
      input,
      '--output',
      link,
      '--trace',
      m.path,
    ]);
    expect(b.exitCode).toBe(2);
    expect(b.stderr.split('\n').map((l) => l.replace(/ .*/, ''))).toEqual([
      `error[io/output-is-input]`,
      `error[io/output-is-input]`,
    ]);
    expect(readFileSync(m.path)).toEqual(Buffer.from(m.bytes));
    expect(readFileSync(input)).toEqual(Buffer.from(new Uint8Array(32 * 32).fill(5)));
    expect(existsSync(join(dir, 'lenet5.input.tflite'))).toBe(false);
    expect(
      codesOf(() =>
        planOutputs(
          [
            { path: join(dir, 'o'), what: 'a' },
            { path: join(dir, 'o'), what: 'b' },
          ],
          [],
        ),
      ),
    ).toEqual(['io/output-twice']);
  });

  it('writes through devices and symlinks instead of replacing them', async () => {
    const dir = tmp();
    const m = lenet(dir);
    const ok = await arielsim(['infer', m.path, '--output', '/dev/null']);
    expect(ok.exitCode).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const full = await arielsim(['infer', m.path, '--output', '/dev/full']);
    expect(full.exitCode).toBe(2);
    expect(full.stderr).toMatch(/^error\[io\/no-space\] \/dev\/full: /);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
    const real = join(dir, 'real.bin');
    writeFileSync(real, 'old');
    const link = join(dir, 'out.bin');
    symlinkSync(real, link);
    const c = await arielsim(['infer', m.path, '--output', link, '--input', join(dir, 'none.bin')]);
    expect(c.exitCode).toBe(2); // the missing input: nothing written
    expect(readFileSync(real, 'utf8')).toBe('old');
    const d = await arielsim(['infer', m.path, '--output', link]);
    expect(d.exitCode).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(readFileSync(real)).toHaveLength(10);
  });

  it('reports unwritable outputs before any work, all at once, as io diagnostics', async () => {
    const dir = tmp();
    const m = lenet(dir);
    const file = join(dir, 'plain');
    writeFileSync(file, 'x');
    const r = await arielsim([
      'run',
      m.path,
      '--board',
      'rp2040',
      '--output',
      dir,
      '--trace',
      join(file, 't.json'),
      '--report',
      '/proc/r.html',
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n').map((l) => l.slice(0, l.indexOf(']') + 1))).toEqual([
      'error[io/is-a-directory]',
      'error[io/not-a-directory]',
      'error[io/not-writable]',
    ]);
    expect(r.stdout).toBe('');
    const z = await arielsim(['zoo', '--out', '/proc/zoo']);
    expect(z.exitCode).toBe(2);
    expect(z.stderr).toMatch(/^error\[io\/not-writable\] \/proc\/zoo\/\w+\.tflite: cannot create/);
  });

  it('removes what it created when a later write fails', () => {
    const dir = tmp();
    const gone = join(dir, 'gone');
    mkdirSync(gone);
    const plan = planOutputs(
      [
        { path: join(dir, 'new', 'a.bin'), what: '--output file' },
        { path: join(gone, 'b.json'), what: '--trace file' },
      ],
      [],
    );
    rmSync(gone, { recursive: true });
    writeFileSync(gone, 'now a file');
    const codes = codesOf(() =>
      plan.commit(
        new Map([
          [join(dir, 'new', 'a.bin'), 'a'],
          [join(gone, 'b.json'), 'b'],
        ]),
      ),
    );
    expect(codes).toEqual(['io/not-a-directory']);
    expect(existsSync(join(dir, 'new'))).toBe(false);
  });
});

describe('bounded firmware runs', () => {
  it('exec stops firmware that never ends at --timeout (124) and one asleep forever as a deadlock (123)', async () => {
    const spin = await arielsim([
      'exec',
      join(BIN, 'spin.elf'),
      '--core',
      'cortex-m0plus',
      '--timeout',
      '2ms',
      '--json',
    ]);
    expect(spin.exitCode).toBe(124);
    expect(JSON.parse(spin.stdout).exit).toEqual({ kind: 'timeout', code: 124 });
    expect(spin.stderr).toMatch(
      /^spinning\nstopped: --timeout 2ms of simulated time \(250000 cycles of core 0\) reached at pc 0x/,
    );
    const sleep = await arielsim(['exec', join(BIN, 'asleep.elf'), '--core', 'cortex-m0plus']);
    expect(sleep.exitCode).toBe(123);
    expect(sleep.stdout).toBe('going to sleep');
    expect(sleep.stderr).toMatch(/^stopped: the core is asleep with no wake source/);
  });

  it('run --max-cycles exits 124 as exec does', async () => {
    const r = await arielsim(['run', 'zoo:lenet5', '--board', 'rp2040', '--max-cycles', '1000']);
    expect(r.exitCode).toBe(124);
    expect(r.stderr).toContain('error[run/limit] lenet5: the ');
    expect(r.stderr).toContain('simulation reached --max-cycles 1000 before the firmware finished');
  });
});

describe('command-line mistakes', () => {
  it('are diagnostics: unknown option, no arguments, --cores blamed on itself', async () => {
    const a = await arielsim(['inspect', 'x.tflite', '--frobnicate']);
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toBe(
      "error[cli/unknown-option] arielsim inspect: unknown option '--frobnicate'\n  hint: run arielsim inspect --help for usage",
    );
    const b = await arielsim(['run']);
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toBe(
      'error[cli/missing-argument] <model>: is required\nerror[cli/bad-option] --board: is required',
    );
    const c = await arielsim(['run', 'zoo:lenet5', '--board', 'generic', '--cores', '17']);
    expect(c.exitCode).toBe(2);
    expect(c.stderr).toMatch(/^error\[board\/[\w-]+\] --cores: 17: /);
  });
});
