/**
 * A small binding to the Unicorn 2 CPU emulator (Debian `libunicorn2`, `libunicorn.so.2`) through
 * koffi: just what the differential tests need (open a CPU, map memory, set registers, run a block,
 * read the state back). Loaded lazily: `loadUnicorn()` reports why the library is missing instead of
 * throwing, so callers can skip.
 *
 * Constants are the values of the Unicorn 2.0.1 headers (include/unicorn/unicorn.h, arm.h, riscv.h
 * of the libunicorn-dev 2.0.1.post1 package, the version Debian ships; compiled and printed with the
 * installed headers). Newer Unicorn releases reorder uc_cpu_arm after M33, so only the values below
 * are relied on.
 */
import { createRequire } from 'node:module';

/** uc_arch (unicorn.h). */
export const UcArch = { ARM: 1, RISCV: 8 } as const;

/** uc_mode (unicorn.h): UC_MODE_THUMB = 1 << 4, UC_MODE_MCLASS = 1 << 5, UC_MODE_RISCV32 = 1 << 2. */
export const UcMode = { THUMB: 1 << 4, MCLASS: 1 << 5, RISCV32: 1 << 2 } as const;

/** uc_cpu_arm (arm.h, 2.0.1): UC_CPU_ARM_926 = 0 ... UC_CPU_ARM_11MPCORE = 6, then the Cortex-Ms. */
export const UcCpuArm = {
  CORTEX_M0: 7,
  CORTEX_M3: 8,
  CORTEX_M4: 9,
  CORTEX_M7: 10,
  CORTEX_M33: 11,
} as const;

/** uc_cpu_riscv32 (riscv.h): UC_CPU_RISCV32_ANY = 0, BASE32 = 1, SIFIVE_E31 = 2, SIFIVE_U34 = 3. */
export const UcCpuRiscv32 = { ANY: 0, BASE32: 1, SIFIVE_E31: 2, SIFIVE_U34: 3 } as const;

/**
 * uc_arm_reg (arm.h, 2.0.1). R0..R12 are consecutive from UC_ARM_REG_R0 = 66, S0..S31 from
 * UC_ARM_REG_S0 = 79 (S0 and FPSCR also checked on the library: what VMOV s0 and VMSR write reads
 * back through them).
 */
export const UcArmReg = {
  FPSCR: 6,
  LR: 10,
  PC: 11,
  SP: 12,
  R0: 66,
  S0: 79,
  CONTROL: 117,
  XPSR: 120,
  PRIMASK: 125,
  /** APSR N Z C V Q and GE[3:0] (write mask of MSR APSR_nzcvqg). */
  APSR_NZCVQG: 129,
} as const;

/** uc_riscv_reg (riscv.h): UC_RISCV_REG_X0 = 1 ... X31 = 32, UC_RISCV_REG_PC = 190. */
export const UcRiscvReg = { X0: 1, PC: 190 } as const;

/** UC_PROT_ALL (unicorn.h): read | write | exec. */
export const UC_PROT_ALL = 7;

/** UC_CTL_WRITE(UC_CTL_CPU_MODEL, 1) (unicorn.h): 1 argument (bits 26-29), write (bit 30), nr 7. */
const UC_CTL_WRITE_CPU_MODEL = (1 << 30) | (1 << 26) | 7;

/** The library file; Debian's libunicorn2 installs it on the default search path. */
export const UNICORN_LIBRARY = 'libunicorn.so.2';

/** A failed Unicorn call: the function, its uc_err code and uc_strerror's text. */
export class UnicornError extends Error {
  constructor(
    readonly call: string,
    readonly code: number,
    text: string,
  ) {
    super(`${call} failed: ${text} (uc_err ${code})`);
    this.name = 'UnicornError';
  }
}

type Fn = (...args: unknown[]) => unknown;

/** The bound C functions. */
interface UnicornLibrary {
  version: number;
  open: Fn;
  close: Fn;
  ctl: Fn;
  memMap: Fn;
  memWrite: Fn;
  memRead: Fn;
  regWrite: Fn;
  regRead: Fn;
  emuStart: Fn;
  strerror: (code: number) => string;
}

let loaded: UnicornLibrary | string | undefined;

/** Binds libunicorn.so.2; returns the reason when koffi or the library cannot be loaded. */
export function loadUnicorn(): UnicornLibrary | string {
  loaded ??= bind();
  return loaded;
}

/** Why Unicorn is unavailable, or undefined when it loads. */
export function unicornUnavailable(): string | undefined {
  const lib = loadUnicorn();
  return typeof lib === 'string' ? lib : undefined;
}

function bind(): UnicornLibrary | string {
  let koffi: typeof import('koffi');
  try {
    koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
  } catch (e) {
    return `the koffi package cannot be loaded: ${(e as Error).message}`;
  }
  let lib: ReturnType<typeof koffi.load>;
  try {
    lib = koffi.load(UNICORN_LIBRARY);
  } catch (e) {
    return `${UNICORN_LIBRARY} cannot be loaded (install Debian libunicorn2): ${(e as Error).message}`;
  }
  koffi.opaque('uc_engine');
  const f = (decl: string) => lib.func(decl) as Fn;
  return {
    version: f('unsigned int uc_version(unsigned int *major, unsigned int *minor)')(
      null,
      null,
    ) as number,
    open: f('int uc_open(int arch, int mode, _Out_ uc_engine **uc)'),
    close: f('int uc_close(uc_engine *uc)'),
    ctl: f('int uc_ctl(uc_engine *uc, int control, ...)'),
    memMap: f('int uc_mem_map(uc_engine *uc, uint64_t address, size_t size, uint32_t perms)'),
    memWrite: f('int uc_mem_write(uc_engine *uc, uint64_t address, void *bytes, size_t size)'),
    memRead: f('int uc_mem_read(uc_engine *uc, uint64_t address, _Out_ void *bytes, size_t size)'),
    regWrite: f('int uc_reg_write(uc_engine *uc, int regid, uint32_t *value)'),
    regRead: f('int uc_reg_read(uc_engine *uc, int regid, _Out_ uint32_t *value)'),
    emuStart: f(
      'int uc_emu_start(uc_engine *uc, uint64_t begin, uint64_t until, uint64_t timeout, size_t count)',
    ),
    strerror: f('const char *uc_strerror(int code)') as (code: number) => string,
  };
}

function library(): UnicornLibrary {
  const lib = loadUnicorn();
  if (typeof lib === 'string') throw new Error(lib);
  return lib;
}

/** One Unicorn CPU instance with 32-bit registers. Call `close()` when done. */
export class Unicorn {
  private readonly lib: UnicornLibrary;
  private handle: unknown;

  /** `cpuModel`: a UcCpuArm / UcCpuRiscv32 value, set before anything else (uc_ctl_set_cpu_model). */
  constructor(arch: number, mode: number, cpuModel?: number) {
    this.lib = library();
    const out: unknown[] = [null];
    this.check('uc_open', this.lib.open(arch, mode, out));
    this.handle = out[0];
    if (cpuModel !== undefined) {
      this.check(
        'uc_ctl(CPU_MODEL)',
        this.lib.ctl(this.handle, UC_CTL_WRITE_CPU_MODEL, 'int', cpuModel),
      );
    }
  }

  /** Maps [address, address + size) read/write/execute; both must be 4 KiB aligned. */
  memMap(address: number, size: number): void {
    this.check('uc_mem_map', this.lib.memMap(this.live(), address, size, UC_PROT_ALL));
  }

  memWrite(address: number, bytes: Uint8Array): void {
    this.check('uc_mem_write', this.lib.memWrite(this.live(), address, bytes, bytes.length));
  }

  memRead(address: number, size: number): Uint8Array {
    const buffer = new Uint8Array(size);
    this.check('uc_mem_read', this.lib.memRead(this.live(), address, buffer, size));
    return buffer;
  }

  regWrite(reg: number, value: number): void {
    this.check('uc_reg_write', this.lib.regWrite(this.live(), reg, [value >>> 0]));
  }

  regRead(reg: number): number {
    const out = [0];
    this.check('uc_reg_read', this.lib.regRead(this.live(), reg, out));
    return out[0]! >>> 0;
  }

  /**
   * Runs from `begin` until the PC reaches `until` or `count` instructions ran (0: no limit).
   * Thumb code needs bit 0 of `begin` set. Throws UnicornError when the guest faults.
   */
  emuStart(begin: number, until: number, count = 0): void {
    this.check('uc_emu_start', this.lib.emuStart(this.live(), begin, until, 0, count));
  }

  close(): void {
    if (this.handle === undefined) return;
    this.lib.close(this.handle);
    this.handle = undefined;
  }

  private live(): unknown {
    if (this.handle === undefined) throw new Error('Unicorn instance used after close()');
    return this.handle;
  }

  private check(call: string, code: unknown): void {
    if (code !== 0) throw new UnicornError(call, code as number, this.lib.strerror(code as number));
  }
}
