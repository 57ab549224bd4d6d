/**
 * ELF32 little-endian executables (System V gABI, "ELF-32 Object File Format"): loadable segments,
 * entry point, machine and the symbol table. A file that is not such an executable is a user
 * mistake and gets a DiagnosticError naming the file and the problem.
 */
import { DiagnosticBag, DiagnosticError } from '../common/diagnostics.js';

export const EM_ARM = 40;
export const EM_RISCV = 243;

/**
 * Common e_machine values (System V ABI gABI, "ELF Header"; Linux include/uapi/linux/elf-em.h),
 * for naming the architecture of an ELF arielsim cannot run.
 */
const ELF_MACHINE_NAMES: Record<number, string> = {
  0: 'no machine (EM_NONE)',
  2: 'SPARC',
  3: 'x86 (EM_386)',
  8: 'MIPS',
  20: 'PowerPC',
  21: 'PowerPC64',
  22: 'IBM S/390',
  40: 'ARM',
  42: 'SuperH',
  50: 'IA-64',
  62: 'x86-64 (EM_X86_64)',
  83: 'AVR',
  94: 'Xtensa',
  105: 'MSP430',
  183: 'AArch64',
  243: 'RISC-V',
  258: 'LoongArch',
};

/** `x86-64 (EM_X86_64)`, `ARM`, or `e_machine 1234` for a value not in the table. */
export function elfMachineName(machine: number): string {
  return ELF_MACHINE_NAMES[machine] ?? `e_machine ${machine}`;
}
const PT_LOAD = 1;
const SHT_SYMTAB = 2;
const SYMBOL_TYPES = ['notype', 'object', 'func', 'section', 'file'] as const;

export interface ElfSegment {
  /** Load (physical) address: where the bytes go, as QEMU's loader places them. */
  paddr: number;
  /** Run (virtual) address. */
  vaddr: number;
  /** File bytes (filesz); the rest up to memsz is zero. */
  data: Uint8Array;
  memsz: number;
  flags: number;
}

/** A section header (only what the readers here use). */
export interface ElfSection {
  type: number;
  addr: number;
  /** File offset and size of its bytes. */
  offset: number;
  size: number;
  link: number;
  info: number;
  entsize: number;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  type: (typeof SYMBOL_TYPES)[number] | 'other';
}

export interface ElfImage {
  path: string;
  machine: number;
  entry: number;
  segments: ElfSegment[];
  /** Section headers, in file order (empty when the file has none). */
  sections: ElfSection[];
  symbols: ElfSymbol[];
  /** The function or object containing `addr`, e.g. {name: 'crc32', offset: 12}. */
  symbolAt(addr: number): { name: string; offset: number } | undefined;
  /** A symbol's address by name (Thumb bit cleared for ARM functions). */
  symbolAddress(name: string): number | undefined;
}

/** Parses an ELF32 little-endian executable. `path` names it in diagnostics. */
export function parseElf(bytes: Uint8Array, path: string): ElfImage {
  const fail = (message: string, code = 'elf/invalid') =>
    new DiagnosticError({ code, where: path, message });
  if (bytes.length < 52) {
    if (bytes.length >= 4 && isElfMagic(bytes)) throw fail('truncated ELF header', 'elf/truncated');
    throw fail('not an ELF file (no \\x7fELF magic)', 'elf/not-elf');
  }
  if (!isElfMagic(bytes)) throw fail('not an ELF file (no \\x7fELF magic)', 'elf/not-elf');
  if (bytes[4] !== 1) {
    // e_machine sits at offset 18 in both classes, in the byte order of EI_DATA (1 LE, 2 BE).
    const machine =
      bytes[5] === 2 ? (bytes[18]! << 8) | bytes[19]! : bytes[18]! | (bytes[19]! << 8);
    const cls =
      bytes[4] === 2 ? 'a 64-bit ELF (ELFCLASS64)' : `an ELF of unknown class ${bytes[4]}`;
    throw fail(
      `${cls} for ${elfMachineName(machine)}; arielsim runs 32-bit ELFs (ELFCLASS32) for ARM or RISC-V`,
      'elf/wrong-class',
    );
  }
  if (bytes[5] !== 1) throw fail('ELF data encoding is not little-endian', 'elf/wrong-class');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const type = u16(16);
  if (type !== 2)
    throw fail(`ELF type ${type} is not an executable (ET_EXEC)`, 'elf/not-executable');
  const machine = u16(18);
  const entry = u32(24);
  const [phoff, shoff] = [u32(28), u32(32)];
  const [phentsize, phnum, shentsize, shnum] = [u16(42), u16(44), u16(46), u16(48)];

  const problems = new DiagnosticBag();
  const inFile = (offset: number, size: number) => offset + size <= bytes.length;
  if (!inFile(phoff, phnum * phentsize) || (phnum > 0 && phentsize < 32)) {
    problems.add('elf/truncated', path, 'program header table lies outside the file');
  }
  if (shnum > 0 && (!inFile(shoff, shnum * shentsize) || shentsize < 40)) {
    problems.add('elf/truncated', path, 'section header table lies outside the file');
  }
  problems.throwIfAny();

  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const h = phoff + i * phentsize;
    if (u32(h) !== PT_LOAD) continue;
    const [offset, vaddr, paddr, filesz, memsz, flags] = [4, 8, 12, 16, 20, 24].map((o) =>
      u32(h + o),
    ) as [number, number, number, number, number, number];
    if (!inFile(offset, filesz)) {
      problems.add(
        'elf/truncated',
        path,
        `segment ${i} (file bytes ${offset}+${filesz}) lies outside the file`,
      );
      continue;
    }
    if (memsz < filesz) problems.add('elf/invalid', path, `segment ${i} has memsz < filesz`);
    segments.push({ paddr, vaddr, data: bytes.subarray(offset, offset + filesz), memsz, flags });
  }
  problems.throwIfAny();
  const sections = Array.from({ length: shnum }, (_, i): ElfSection => {
    const h = shoff + i * shentsize;
    const [type, addr, offset, size, link, info, entsize] = [4, 12, 16, 20, 24, 28, 36].map((o) =>
      u32(h + o),
    ) as [number, number, number, number, number, number, number];
    return { type, addr, offset, size, link, info, entsize };
  });
  const symbols = readSymbols(bytes, u16, u32, sections, path);
  return makeImage(path, machine, entry, segments, sections, symbols);
}

function isElfMagic(b: Uint8Array): boolean {
  return b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
}

function readSymbols(
  bytes: Uint8Array,
  u16: (o: number) => number,
  u32: (o: number) => number,
  sections: readonly ElfSection[],
  path: string,
): ElfSymbol[] {
  const symbols: ElfSymbol[] = [];
  const decoder = new TextDecoder();
  for (const s of sections) {
    if (s.type !== SHT_SYMTAB) continue;
    const strtab = sections[s.link];
    if (
      strtab === undefined ||
      s.offset + s.size > bytes.length ||
      strtab.offset + strtab.size > bytes.length
    ) {
      throw new DiagnosticError({
        code: 'elf/truncated',
        where: path,
        message: 'symbol table lies outside the file',
      });
    }
    const entsize = s.entsize || 16;
    for (let o = s.offset + entsize; o + 16 <= s.offset + s.size; o += entsize) {
      const nameOffset = strtab.offset + u32(o);
      let end = nameOffset;
      while (end < strtab.offset + strtab.size && bytes[end] !== 0) end++;
      const info = bytes[o + 12]!;
      const type = SYMBOL_TYPES[info & 0xf] ?? 'other';
      if (u16(o + 14) === 0 || type === 'section' || type === 'file') continue; // undefined/section/file
      symbols.push({
        name: decoder.decode(bytes.subarray(nameOffset, end)),
        value: u32(o + 4),
        size: u32(o + 8),
        type,
      });
    }
  }
  return symbols;
}

function makeImage(
  path: string,
  machine: number,
  entry: number,
  segments: ElfSegment[],
  sections: ElfSection[],
  symbols: ElfSymbol[],
): ElfImage {
  // Thumb functions have bit 0 set in their value; addresses for lookups clear it.
  const address = (s: ElfSymbol) =>
    (machine === EM_ARM && s.type === 'func' ? s.value & ~1 : s.value) >>> 0;
  const named = symbols.filter((s) => s.name !== '' && !s.name.startsWith('$'));
  const sorted = [...named].sort((a, b) => address(a) - address(b));
  return {
    path,
    machine,
    entry,
    segments,
    sections,
    symbols,
    symbolAt(addr: number) {
      addr >>>= 0;
      let best: ElfSymbol | undefined;
      for (const s of sorted) {
        const start = address(s);
        if (start > addr) break;
        if (addr < start + Math.max(s.size, 1) || (s.size === 0 && s.type === 'func')) best = s;
      }
      return best === undefined ? undefined : { name: best.name, offset: addr - address(best) };
    },
    symbolAddress(name: string) {
      const s = named.find((x) => x.name === name);
      return s === undefined ? undefined : address(s);
    },
  };
}
