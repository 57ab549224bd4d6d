/**
 * The test assembler against GNU as: encodings.s assembled here must equal encodings.golden.hex,
 * which GNU as (binutils 2.40) produced; when the toolchain is installed the golden file itself is
 * re-derived. Both also check the decode table's match values, which asm.ts encodes from.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble } from './asm.js';
import { Rv32Decoder } from '../../../sim/isa/rv32/decode.js';
import { HAZARD3 } from '../../../platforms/cores/hazard3.js';
import { hasTool } from './toolchain.js';
import { RV32_TABLE } from '../../../sim/isa/rv32/table.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const source = readFileSync(join(here, 'encodings.s'), 'utf8');
const golden = readFileSync(join(here, 'encodings.golden.hex'), 'utf8').replace(/\s/g, '');

/** First differing byte offset, for a readable failure. */
function firstDifference(a: string, b: string): string {
  for (let i = 0; i < Math.max(a.length, b.length); i += 2) {
    if (a.slice(i, i + 2) !== b.slice(i, i + 2))
      return `byte ${i / 2}: ${a.slice(i, i + 8)} vs ${b.slice(i, i + 8)}`;
  }
  return 'equal';
}

describe('rv32 test assembler', () => {
  it('assembles encodings.s to the bytes GNU as produced', () => {
    const ours = Buffer.from(assemble(source, 0x8000_0000).bytes).toString('hex');
    expect(firstDifference(ours, golden)).toBe('equal');
  });

  it('every instruction of the listing decodes (none falls through to illegal)', () => {
    const bytes = assemble(source, 0x8000_0000).bytes;
    const decoder = new Rv32Decoder(HAZARD3.extensions);
    const seen = new Set<string>();
    for (let o = 0; o < bytes.length;) {
      const lo = bytes[o]! | (bytes[o + 1]! << 8);
      const word = (lo & 3) === 3 ? (lo | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24)) >>> 0 : lo;
      const d = decoder.decode(word);
      expect(d, `offset ${o}: 0x${word.toString(16)}`).toBeDefined();
      seen.add(d!.mnemonic);
      o += d!.size;
    }
    const expected = RV32_TABLE.filter((e) => e.ext !== 'zcb').map((e) => e.mnemonic);
    expect([...seen].sort()).toEqual(expected.sort());
  });
});

describe.skipIf(!hasTool('riscv64-unknown-elf-as'))(
  'golden encodings vs the installed GNU as',
  () => {
    it('GNU as still produces encodings.golden.hex', () => {
      const dir = mkdtempSync(join(tmpdir(), 'rv32-enc-'));
      try {
        const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: dir });
        run('riscv64-unknown-elf-as', ['-march=rv32imac_zicsr_zifencei_zba_zbb_zbs', '-mabi=ilp32', '-mno-relax', join(here, 'encodings.s'), '-o', 'e.o']); // prettier-ignore
        run('riscv64-unknown-elf-ld', [
          '-m',
          'elf32lriscv',
          '-Ttext=0x80000000',
          'e.o',
          '-o',
          'e.elf',
        ]);
        run('riscv64-unknown-elf-objcopy', ['-O', 'binary', 'e.elf', 'e.bin']);
        expect(readFileSync(join(dir, 'e.bin')).toString('hex')).toBe(golden);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
