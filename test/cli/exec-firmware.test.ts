/**
 * `arielsim exec <firmware> --board rp2040` on pico-sdk firmware (../shared/firmware/rp2040): ELF,
 * UF2 and raw .bin inputs, `--serial-log`, `--json`, and the mistakes a user can make with them.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseElf } from '../../sim/elf.js';
import { arielsim } from '../helpers/cli.js';
import { SHARED } from '../helpers/shared.js';

const DIR = join(SHARED, 'firmware/rp2040');
const HELLO = join(DIR, 'hello_serial.elf');
const HAVE = existsSync(HELLO);
if (!HAVE) console.warn(`[skip] ${HELLO} not found: the pico-sdk exec tests are skipped`);
const tmp = () => mkdtempSync(join(tmpdir(), 'arielsim-exec-fw-'));

/** The flash contents of an ELF from 0x1000_0000 (its loadable segments there, in order). */
function flashImage(path: string): Uint8Array {
  const elf = parseElf(new Uint8Array(readFileSync(path)), path);
  const segs = elf.segments.filter(
    (s) => s.data.length > 0 && s.paddr >= 0x1000_0000 && s.paddr < 0x1100_0000,
  );
  const end = Math.max(...segs.map((s) => s.paddr + s.data.length));
  const bytes = new Uint8Array(end - 0x1000_0000).fill(0xff);
  for (const s of segs) bytes.set(s.data, s.paddr - 0x1000_0000);
  return bytes;
}

/** A UF2 file (Microsoft's format: 512-byte blocks, 256 payload bytes each, RP2040 family id). */
function uf2(flash: Uint8Array): Uint8Array {
  const blocks = Math.ceil(flash.length / 256);
  const out = new Uint8Array(blocks * 512);
  const v = new DataView(out.buffer);
  for (let b = 0; b < blocks; b++) {
    const at = b * 512;
    v.setUint32(at, 0x0a324655, true);
    v.setUint32(at + 4, 0x9e5d5157, true);
    v.setUint32(at + 8, 0x2000, true); // family id present
    v.setUint32(at + 12, 0x1000_0000 + b * 256, true);
    v.setUint32(at + 16, 256, true);
    v.setUint32(at + 20, b, true);
    v.setUint32(at + 24, blocks, true);
    v.setUint32(at + 28, 0xe48bff56, true); // RP2040
    out.set(flash.subarray(b * 256, b * 256 + 256), at + 32);
    v.setUint32(at + 508, 0x0ab16f30, true);
  }
  return out;
}

describe.skipIf(!HAVE)('arielsim exec <pico-sdk firmware> --board rp2040', () => {
  it('runs the ELF from the boot ROM; --serial-log takes the UART output; exit 124 at --timeout', async () => {
    const dir = tmp();
    const log = join(dir, 'uart.txt');
    const r = await arielsim([
      'exec',
      HELLO,
      '--board',
      'rp2040',
      '--timeout',
      '1.5s',
      '--serial-log',
      log,
    ]);
    expect(r.exitCode).toBe(124);
    expect(r.stdout).toBe('');
    expect(readFileSync(log, 'utf8')).toBe('Hello, world!\r\n'.repeat(2));
    expect(r.stderr).toContain(`wrote ${log}`);
    expect(r.stderr).toContain('stopped: --timeout 1.5s');
  });

  it('takes the same firmware as a UF2 file and as a raw flash .bin, with the same output', async () => {
    const dir = tmp();
    const flash = flashImage(HELLO);
    writeFileSync(join(dir, 'hello.uf2'), uf2(flash));
    writeFileSync(join(dir, 'hello.bin'), flash);
    for (const file of ['hello.uf2', 'hello.bin']) {
      const r = await arielsim(['exec', join(dir, file), '--board', 'rp2040', '--timeout', '0.5s']);
      // (execa strips the final line end)
      expect([file, r.exitCode, r.stdout]).toEqual([file, 124, 'Hello, world!']);
    }
  });

  it('--json: the board report with the boot path and no unimplemented register', async () => {
    const r = await arielsim([
      'exec',
      join(DIR, 'hello_multicore.elf'),
      '--board',
      'rp2040',
      '--timeout',
      '20ms',
      '--json',
    ]);
    expect(r.exitCode).toBe(124);
    const j = JSON.parse(r.stdout) as {
      exit: unknown;
      boot: string;
      unimplemented: unknown[];
      cores: { state: string }[];
    };
    expect(j.exit).toEqual({ kind: 'timeout', code: 124 });
    expect(j.boot).toBe('rom');
    expect(j.unimplemented).toEqual([]);
    // Core 0 stopped at _exit's bkpt; core 1 still spins.
    expect(j.cores.map((c) => c.state)).toEqual(['halted', 'running']);
    expect(r.stderr).toContain('Hello, multicore!');
  });

  it('refuses what it cannot run, all problems together, exit 2 and no stack trace', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'fw.hex'), ':00000001FF\n');
    const unknown = await arielsim(['exec', join(dir, 'fw.hex'), '--board', 'rp2040']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/error\[firmware\/unknown-format\] .*fw\.hex: not an ELF/);
    writeFileSync(join(dir, 'cut.uf2'), uf2(flashImage(HELLO)).subarray(0, 700));
    const cut = await arielsim(['exec', join(dir, 'cut.uf2'), '--board', 'rp2040']);
    expect(cut.exitCode).toBe(2);
    expect(cut.stderr).toMatch(/error\[firmware\/uf2-truncated\].*700 bytes is not a whole number/);
    writeFileSync(join(dir, 'big.rom'), new Uint8Array(20000));
    const rom = await arielsim([
      'exec',
      HELLO,
      '--board',
      'rp2040',
      '--boot-rom',
      join(dir, 'big.rom'),
    ]);
    expect(rom.exitCode).toBe(2);
    expect(rom.stderr).toMatch(
      /error\[exec\/bad-boot-rom\].*1 to 16384 bytes .* this one is 20000/,
    );
    const flags = await arielsim([
      'exec',
      HELLO,
      '--core',
      'cortex-m0plus',
      '--serial-log',
      'x',
      '--strict-mmio',
    ]);
    expect(flags.exitCode).toBe(2);
    expect(flags.stderr).toContain(
      'error[cli/bad-option] --serial-log: --serial-log needs --board',
    );
    expect(flags.stderr).toContain(
      'error[cli/bad-option] --strict-mmio: --strict-mmio needs --board',
    );
    const same = await arielsim(['exec', HELLO, '--board', 'rp2040', '--serial-log', HELLO]);
    expect(same.exitCode).toBe(2);
    expect(same.stderr).toContain('error[io/output-is-input]');
    for (const r of [unknown, cut, rom, flags, same]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
