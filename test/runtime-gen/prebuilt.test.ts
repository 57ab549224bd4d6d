/**
 * The committed executor images are what `npm run build:firmware` builds from the C sources, byte
 * for byte (with Debian bookworm's cross compilers, which CI installs), and position-independent.
 */
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIRMWARE_ISAS, prebuilt, prebuiltPath } from '../../runtime-gen/prebuilt.js';
import { REPO } from '../helpers/cli.js';

async function have(tool: string): Promise<boolean> {
  return (await execa(tool, ['--version'], { reject: false })).exitCode === 0;
}
const toolchains = (await have('arm-none-eabi-gcc')) && (await have('riscv64-unknown-elf-gcc'));
if (!toolchains)
  console.warn(
    '[skip] arm-none-eabi-gcc or riscv64-unknown-elf-gcc missing: prebuilt images not rebuilt',
  );

describe('prebuilt executor images', () => {
  it('exist for every instruction set, as one block at address 0 with the entry points', () => {
    for (const isa of FIRMWARE_ISAS) {
      const image = prebuilt(isa);
      expect(image.bytes.length).toBeGreaterThan(1000);
      expect(image.symbols.has('ars_reset')).toBe(true);
      if (isa === 'rv32imac') expect(image.symbols.get('ars_image_header')).toBe(4);
      else for (const s of ['ars_fault', 'ars_systick']) expect(image.symbols.has(s)).toBe(true);
    }
  });

  it.skipIf(!toolchains)('rebuild byte for byte from the C sources', async () => {
    const out = mkdtempSync(join(tmpdir(), 'arielsim-fw-'));
    try {
      await execa(join(REPO, 'runtime-gen/build.sh'), [out]);
      for (const isa of FIRMWARE_ISAS) {
        const fresh = readFileSync(join(out, `${isa}.elf`));
        const committed = readFileSync(prebuiltPath(isa));
        expect(fresh.equals(committed), `${isa}.elf differs: run npm run build:firmware`).toBe(
          true,
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
