/**
 * The test assembler against GNU as: every ARMv6-M encoding it knows, byte for byte. Skips visibly
 * when `arm-none-eabi-as` is not installed (Debian: binutils-arm-none-eabi).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { assemble } from './thumb-asm.js';
import { EVERY_FORM } from './every-form.js';

const HAVE_GAS = spawnSync('arm-none-eabi-as', ['--version']).status === 0;
if (!HAVE_GAS)
  console.warn('[skip] arm-none-eabi-as not found: the assembler cross-check is skipped');

describe.skipIf(!HAVE_GAS)('thumb-asm matches GNU as', () => {
  test('every encoding form, byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thumb-asm-'));
    const src = join(dir, 'p.s');
    writeFileSync(
      src,
      `.syntax unified\n.cpu cortex-m0plus\n.thumb\n.text\n.global start\n${EVERY_FORM}\n`,
    );
    execFileSync('arm-none-eabi-as', ['-o', join(dir, 'p.o'), src]);
    execFileSync('arm-none-eabi-ld', [
      '-Ttext=0x100',
      '-e',
      'start',
      '-o',
      join(dir, 'p.elf'),
      join(dir, 'p.o'),
    ]);
    execFileSync('arm-none-eabi-objcopy', [
      '-O',
      'binary',
      '-j',
      '.text',
      join(dir, 'p.elf'),
      join(dir, 'p.bin'),
    ]);
    const gas = new Uint8Array(readFileSync(join(dir, 'p.bin')));
    const ours = assemble(EVERY_FORM, 0x100).bytes;
    const halfwords = (b: Uint8Array) =>
      Array.from({ length: b.length / 2 }, (_, i) =>
        (b[2 * i]! | (b[2 * i + 1]! << 8)).toString(16),
      );
    expect(halfwords(ours)).toEqual(halfwords(gas));
  });
});
