/**
 * The firmware files `arielsim exec` takes: an ELF32 executable, a UF2 image (the Raspberry Pi
 * bootloaders' format: 512-byte blocks of up to 476 payload bytes, each with its flash address;
 * Microsoft's UF2 specification, github.com/microsoft/uf2), or a raw `.bin` of the flash's
 * contents from its first byte. UF2 and .bin carry no symbols and are taken as ARM images.
 */
import { DiagnosticError } from '../common/diagnostics.js';
import { EM_ARM, parseElf, type ElfImage, type ElfSegment } from './elf.js';

const UF2_MAGIC_START0 = 0x0a324655;
const UF2_MAGIC_START1 = 0x9e5d5157;
const UF2_MAGIC_END = 0x0ab16f30;
/** Block flag: the block is not for the main flash (a comment, a file container): skipped. */
const UF2_FLAG_NOT_MAIN_FLASH = 0x0000_0001;
const UF2_BLOCK = 512;

/** Reads firmware `bytes` (named `path`); a raw .bin is placed at `flashBase`. */
export function readFirmware(bytes: Uint8Array, path: string, flashBase: number): ElfImage {
  if (
    bytes.length >= 4 &&
    bytes[0] === 0x7f &&
    bytes[1] === 0x45 &&
    bytes[2] === 0x4c &&
    bytes[3] === 0x46
  )
    return parseElf(bytes, path);
  if (
    bytes.length >= 8 &&
    word(bytes, 0) === UF2_MAGIC_START0 &&
    word(bytes, 4) === UF2_MAGIC_START1
  )
    return image(path, uf2Segments(bytes, path));
  if (/\.bin$/i.test(path)) {
    if (bytes.length === 0)
      throw new DiagnosticError({
        code: 'firmware/empty',
        where: path,
        message: 'the .bin file is empty',
      });
    return image(path, [
      { paddr: flashBase, vaddr: flashBase, data: bytes, memsz: bytes.length, flags: 5 },
    ]);
  }
  throw new DiagnosticError({
    code: 'firmware/unknown-format',
    where: path,
    message: 'not an ELF (no \\x7fELF magic), not a UF2 image (no UF2 magic) and not named .bin',
    hint: 'give an .elf, a .uf2, or a raw flash image named .bin',
  });
}

function word(bytes: Uint8Array, at: number): number {
  return (
    (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0
  );
}

/** The payloads of a UF2 file, merged into runs of consecutive addresses. */
function uf2Segments(bytes: Uint8Array, path: string): ElfSegment[] {
  const problems: { code: string; where: string; message: string }[] = [];
  if (bytes.length % UF2_BLOCK !== 0)
    problems.push({
      code: 'firmware/uf2-truncated',
      where: path,
      message: `${bytes.length} bytes is not a whole number of 512-byte UF2 blocks`,
    });
  const blocks: { addr: number; data: Uint8Array }[] = [];
  for (let at = 0; at + UF2_BLOCK <= bytes.length; at += UF2_BLOCK) {
    const n = at / UF2_BLOCK;
    const size = word(bytes, at + 16);
    if (
      word(bytes, at) !== UF2_MAGIC_START0 ||
      word(bytes, at + 4) !== UF2_MAGIC_START1 ||
      word(bytes, at + 508) !== UF2_MAGIC_END
    ) {
      problems.push({
        code: 'firmware/uf2-bad-block',
        where: `${path}: block ${n}`,
        message: 'bad UF2 magic numbers',
      });
      continue;
    }
    if (size > 476) {
      problems.push({
        code: 'firmware/uf2-bad-block',
        where: `${path}: block ${n}`,
        message: `payload size ${size} exceeds 476`,
      });
      continue;
    }
    if ((word(bytes, at + 8) & UF2_FLAG_NOT_MAIN_FLASH) !== 0) continue;
    blocks.push({ addr: word(bytes, at + 12), data: bytes.subarray(at + 32, at + 32 + size) });
  }
  if (problems.length > 0) throw new DiagnosticError(problems);
  if (blocks.length === 0)
    throw new DiagnosticError({
      code: 'firmware/uf2-empty',
      where: path,
      message: 'no UF2 block holds main-flash data',
    });
  blocks.sort((a, b) => a.addr - b.addr);
  const segments: ElfSegment[] = [];
  let run: { addr: number; parts: Uint8Array[]; end: number } | undefined;
  const flush = () => {
    if (run === undefined) return;
    const data = new Uint8Array(run.end - run.addr);
    let o = 0;
    for (const p of run.parts) {
      data.set(p, o);
      o += p.length;
    }
    segments.push({ paddr: run.addr, vaddr: run.addr, data, memsz: data.length, flags: 5 });
  };
  for (const b of blocks) {
    if (run !== undefined && b.addr === run.end) {
      run.parts.push(b.data);
      run.end += b.data.length;
      continue;
    }
    flush();
    run = { addr: b.addr, parts: [b.data], end: b.addr + b.data.length };
  }
  flush();
  return segments;
}

function image(path: string, segments: ElfSegment[]): ElfImage {
  return {
    path,
    machine: EM_ARM,
    entry: segments[0]!.paddr,
    segments,
    sections: [],
    symbols: [],
    symbolAt: () => undefined,
    symbolAddress: () => undefined,
  };
}
