/**
 * Assembles every test program of test/sim/armv7m/cases with arm-none-eabi-as and writes
 * encodings.json (program text -> hex bytes of .text). Run after adding or changing a case:
 *   npx tsx test/sim/armv7m/gen-encodings.ts
 * Needs binutils-arm-none-eabi (Debian). encodings.test.ts checks the file against the assembler.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_CASES, EXTRA_PROGRAMS } from './cases/index.js';
import { programText } from './harness.js';

export const ASSEMBLER_FLAGS = [
  '-mcpu=cortex-m7',
  '-mthumb',
  '-mfpu=fpv5-sp-d16',
  '-mfloat-abi=hard',
];

/** Assembles one program (unified syntax, Thumb) and returns its .text bytes as hex. */
export function assemble(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'arielsim-armv7m-'));
  try {
    const source = join(dir, 'p.s');
    writeFileSync(source, `.syntax unified\n.thumb\n.text\n${text}\n`);
    execFileSync('arm-none-eabi-as', [...ASSEMBLER_FLAGS, '-o', join(dir, 'p.o'), source]);
    execFileSync('arm-none-eabi-objcopy', [
      '-O',
      'binary',
      '-j',
      '.text',
      join(dir, 'p.o'),
      join(dir, 'p.bin'),
    ]);
    return readFileSync(join(dir, 'p.bin')).toString('hex');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every program text the tests run. */
export function allProgramTexts(): string[] {
  const texts = [...ALL_CASES.map((c) => programText(c.asm)), ...EXTRA_PROGRAMS.map(programText)];
  return [...new Set(texts)];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const table: Record<string, string> = {};
  for (const text of allProgramTexts()) table[text] = assemble(text);
  const out = fileURLToPath(new URL('./encodings.json', import.meta.url));
  writeFileSync(out, JSON.stringify(table, null, 2) + '\n');
  console.log(`wrote ${Object.keys(table).length} programs to ${out}`);
}
