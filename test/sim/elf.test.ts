/** The ELF32 loader on the committed test programs and on broken files. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { DiagnosticError } from '../../common/diagnostics.js';
import { EM_ARM, parseElf } from '../../sim/elf.js';

const bytes = new Uint8Array(
  readFileSync(fileURLToPath(new URL('../programs/bin/crc32.elf', import.meta.url))),
);

function diagnosticOf(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics[0]!;
    throw e;
  }
  throw new Error('expected a DiagnosticError');
}

describe('parseElf', () => {
  const elf = parseElf(bytes, 'crc32.elf');

  test('machine, entry and loadable segments (load address vs run address)', () => {
    expect(elf.machine).toBe(EM_ARM);
    expect(elf.entry & 1).toBe(1); // Thumb entry
    const text = elf.segments.find((s) => s.vaddr === 0)!;
    expect(text.paddr).toBe(0);
    // .data runs at 0x2000_0000 but is loaded after .text in flash; its 4 bytes hold 0xffffffff.
    const data = elf.segments.find((s) => s.vaddr === 0x20000000 && s.data.length > 0)!;
    expect(data.paddr).toBeLessThan(0x1000);
    expect(Array.from(data.data)).toEqual([0xff, 0xff, 0xff, 0xff]);
  });

  test('zero-fill: a segment with memsz > filesz', () => {
    expect(elf.segments.some((s) => s.memsz > s.data.length)).toBe(true);
  });

  test('symbols with name, value, size and type; symbolAt for reports', () => {
    const main = elf.symbols.find((s) => s.name === 'main')!;
    expect(main.type).toBe('func');
    expect(main.value & 1).toBe(1);
    expect(main.size).toBeGreaterThan(0);
    const start = elf.symbolAddress('main')!;
    expect(start).toBe(main.value & ~1);
    expect(elf.symbolAt(start + 2)).toEqual({ name: 'main', offset: 2 });
    expect(elf.symbols.find((s) => s.name === 'va')).toMatchObject({ type: 'object', size: 64 });
    expect(elf.symbolAt(elf.symbolAddress('vb')! + 3)).toEqual({ name: 'vb', offset: 3 });
  });

  test('not an ELF file', () => {
    const d = diagnosticOf(() =>
      parseElf(
        new TextEncoder().encode('#!/bin/sh\necho hello, this is not an ELF file at all\n'),
        'x.sh',
      ),
    );
    expect(d).toMatchObject({ code: 'elf/not-elf', where: 'x.sh' });
  });

  test('truncated header', () => {
    expect(diagnosticOf(() => parseElf(bytes.subarray(0, 20), 'short.elf'))).toMatchObject({
      code: 'elf/truncated',
      where: 'short.elf',
    });
  });

  test('truncated segment data', () => {
    const d = diagnosticOf(() => parseElf(bytes.subarray(0, 0x1010), 'cut.elf'));
    expect(d.code).toBe('elf/truncated');
    expect(d.message).toMatch(/lies outside the file/);
  });

  test('wrong class (ELF64) names the class and the machine', () => {
    const elf64 = bytes.slice();
    elf64[4] = 2;
    elf64[18] = 62; // EM_X86_64
    expect(diagnosticOf(() => parseElf(elf64, 'a64.elf'))).toMatchObject({
      code: 'elf/wrong-class',
      message:
        'a 64-bit ELF (ELFCLASS64) for x86-64 (EM_X86_64); arielsim runs 32-bit ELFs (ELFCLASS32) for ARM or RISC-V',
    });
  });

  test('a relocatable object is not an executable', () => {
    const obj = bytes.slice();
    obj[16] = 1;
    expect(diagnosticOf(() => parseElf(obj, 'x.o')).code).toBe('elf/not-executable');
  });
});
