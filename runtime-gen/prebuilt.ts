/**
 * The prebuilt executor images, one per instruction set (runtime-gen/build.sh builds them from the
 * project's C sources; they are committed so that no cross compiler is needed to run a model).
 * Each is one position-independent block of code and read-only data linked at address 0.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BoardCoreType } from '../platforms/boards/schema.js';
import { EM_ARM, parseElf, type ElfImage } from '../sim/elf.js';

export const FIRMWARE_ISAS = ['thumbv6m', 'thumbv7em', 'thumbv8m.main', 'rv32imac'] as const;
export type FirmwareIsa = (typeof FIRMWARE_ISAS)[number];

/** The image each core type runs; undefined for cores without an ISS (Xtensa). */
export function isaOfCore(type: BoardCoreType): FirmwareIsa | undefined {
  switch (type) {
    case 'cortex-m0plus':
      return 'thumbv6m';
    case 'cortex-m4':
    case 'cortex-m7':
      return 'thumbv7em';
    case 'cortex-m33':
      return 'thumbv8m.main';
    case 'hazard3':
    case 'rv32imc-esp':
    case 'rv32imac-esp':
      return 'rv32imac';
    default:
      return undefined;
  }
}

/** Whether a core can run the executor's atomic queue without a board lock. */
export function hasAtomics(type: BoardCoreType): boolean {
  return (
    type === 'cortex-m4' ||
    type === 'cortex-m7' ||
    type === 'cortex-m33' ||
    type === 'hazard3' ||
    type === 'rv32imac-esp'
  );
}

export interface PrebuiltImage {
  isa: FirmwareIsa;
  /** The loadable bytes (linked at 0). */
  bytes: Uint8Array;
  /** Offsets of the entry points and the RISC-V image header. */
  symbols: Map<string, number>;
  /**
   * Offsets of 32-bit words holding absolute addresses of the image's own code or data (libgcc's
   * jump tables): the image builder adds the load address to each, as a linker would.
   */
  absoluteWords: number[];
  /** For fault reports: the function containing an offset. */
  symbolAt(offset: number): { name: string; offset: number } | undefined;
}

const cache = new Map<string, PrebuiltImage>();

export function prebuiltPath(isa: FirmwareIsa): string {
  return fileURLToPath(new URL(`./prebuilt/${isa}.elf`, import.meta.url));
}

/** Loads (once) the committed image of `isa`, or the one in `dir` (a fresh build, for tests). */
export function prebuilt(isa: FirmwareIsa, dir?: string): PrebuiltImage {
  const path = dir === undefined ? prebuiltPath(isa) : `${dir}/${isa}.elf`;
  const hit = cache.get(path);
  if (hit !== undefined) return hit;
  const file = new Uint8Array(readFileSync(path));
  const elf = parseElf(file, path);
  const loaded = elf.segments.filter((s) => s.data.length > 0);
  if (loaded.length !== 1 || loaded[0]!.paddr !== 0)
    throw new Error(`${path}: expected one loadable block at address 0`);
  const symbols = new Map<string, number>();
  for (const s of elf.symbols) if (s.name !== '') symbols.set(s.name, elf.symbolAddress(s.name)!);
  const image: PrebuiltImage = {
    isa,
    bytes: loaded[0]!.data,
    symbols,
    absoluteWords: absoluteWords(file, elf),
    symbolAt: (offset) => elf.symbolAt(offset),
  };
  cache.set(path, image);
  return image;
}

const SHT_REL = 9;
const SHT_RELA = 4;
const SHN_ABS = 0xfff1;
const R_ARM_ABS32 = 2;
const R_RISCV_32 = 1;

/**
 * The words of .text that hold absolute addresses, from the relocations `--emit-relocs` keeps
 * (SHT_REL/SHT_RELA entries of the section at address 0, their symbols). Relocations against
 * absolute symbols (SHN_ABS) are not moved.
 */
function absoluteWords(bytes: Uint8Array, elf: ElfImage): number[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const absType = elf.machine === EM_ARM ? R_ARM_ABS32 : R_RISCV_32;
  const words: number[] = [];
  for (const rel of elf.sections) {
    if (rel.type !== SHT_REL && rel.type !== SHT_RELA) continue;
    const target = elf.sections[rel.info]!;
    const symtab = elf.sections[rel.link]!;
    for (let at = rel.offset; at < rel.offset + rel.size; at += rel.entsize) {
      const info = v.getUint32(at + 4, true);
      if ((info & 0xff) !== absType) continue;
      const shndx = v.getUint16(symtab.offset + (info >>> 8) * 16 + 14, true);
      if (shndx !== SHN_ABS) words.push(target.addr + v.getUint32(at, true));
    }
  }
  return words.sort((a, b) => a - b);
}

/** The prebuilt boot ROM images (runtime-gen/bootrom, built by its build.sh). */
export const BOOT_ROM_IMAGES = ['rp2040-bootrom'] as const;

/** The bytes of prebuilt boot ROM `name` (board data `boot.rom.image`). */
export function bootRomImage(name: string): Uint8Array {
  if (!(BOOT_ROM_IMAGES as readonly string[]).includes(name))
    throw new Error(`no prebuilt boot ROM ${name} (known: ${BOOT_ROM_IMAGES.join(', ')})`);
  return new Uint8Array(
    readFileSync(fileURLToPath(new URL(`./prebuilt/${name}.bin`, import.meta.url))),
  );
}
