/**
 * arielsim's own RP2040 boot ROM (runtime-gen/bootrom, prebuilt rp2040-bootrom.bin): the header and
 * lookup tables pico-sdk reads, ROM functions run on the Cortex-M0+ ISS with exact results, core 1's
 * wait_for_vector handshake against a scripted SIO FIFO, the comparison with the B2 ROM in ../shared,
 * and the byte-identical rebuild.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { FlatBus, type Device } from '../../sim/memory/bus.js';
import { CortexM } from '../../sim/core/cortex-m/core.js';
import { THUMB_TABLES } from '../../sim/core/cortex-m/factory.js';
import { cortexM0plusModel } from '../../platforms/cores/cortex-m0plus.js';
import { SHARED } from '../helpers/shared.js';

/** Cycles of this ROM's memcpy (mem.S) on the ISS: see the test 'memcpy cycles on the M0+'. */
const MEMCPY_4_UNALIGNED_CYCLES = 29;
const MEMCPY_64_ALIGNED_CYCLES = 86;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROM = new Uint8Array(readFileSync(join(ROOT, 'runtime-gen/prebuilt/rp2040-bootrom.bin')));
const B2_PATH = join(SHARED, 'firmware/rp2040/bootrom-b2-from-source.bin');
const HAVE_B2 = existsSync(B2_PATH);
if (!HAVE_B2)
  console.warn(`[skip] ${B2_PATH} not found: the comparison with the B2 ROM is skipped`);
const HAVE_GCC = spawnSync('arm-none-eabi-gcc', ['--version']).status === 0;
if (!HAVE_GCC) console.warn('[skip] arm-none-eabi-gcc not found: the rebuild test is skipped');

const u16 = (rom: Uint8Array, at: number) => rom[at]! | (rom[at + 1]! << 8);
const u32 = (rom: Uint8Array, at: number) => (u16(rom, at) | (u16(rom, at + 2) << 16)) >>> 0;
const code = (s: string) => s.charCodeAt(0) | (s.charCodeAt(1) << 8);

/** The (code, pointer) pairs of the table at `at`, as rom_table_lookup walks it. */
function table(rom: Uint8Array, at: number): Map<string, number> {
  const entries = new Map<string, number>();
  for (let p = at; u16(rom, p) !== 0; p += 4) {
    entries.set(String.fromCharCode(rom[p]!, rom[p + 1]!), u16(rom, p + 2));
  }
  return entries;
}
const FUNCS = ['P3', 'R3', 'L3', 'T3', 'MS', 'S4', 'MC', 'C4', 'IF', 'EX', 'RE', 'RP', 'FC', 'CX'];
const MORE_FUNCS = ['UB', 'DT', 'DE', 'WV'];
const DATA = ['CR', 'GR', 'SF', 'SD', 'FZ'];
const funcs = table(ROM, u16(ROM, 0x14));
const data = table(ROM, u16(ROM, 0x16));

// ---- a one-core harness: the ROM at 0, 264 KiB of SRAM, calls that return to a stop address ----

const RAM = 0x20000000;
const STOP = 0x20000100; // the return address (LR) of every call
const STACK = 0x20040000;

class Harness {
  readonly bus = new FlatBus();
  readonly cpu: CortexM;
  constructor() {
    this.bus.addRam('rom', 0, 0x4000);
    this.bus.addRam('sram', RAM, 264 * 1024);
    this.bus.load(0, ROM);
    this.cpu = new CortexM({
      id: 0,
      type: 'cortex-m0plus',
      clockHz: 125_000_000,
      bus: this.bus,
      host: { writeStdout: () => {} },
      model: cortexM0plusModel({ multiplier: 'fast' }),
      tables: THUMB_TABLES,
      hardFault: 'halt',
    });
    this.cpu.reset(0);
  }

  /** Calls the ROM function at `fn` (a thumb address) with r0-r3 and returns r0, r1. */
  call(fn: number, args: number[], maxSteps = 200_000): [number, number] {
    const cpu = this.cpu;
    args.forEach((v, i) => (cpu.r[i] = v >>> 0));
    cpu.r[13] = STACK;
    cpu.r[14] = STOP | 1;
    cpu.pc = fn & ~1;
    for (let i = 0; i < maxSteps; i++) {
      if (cpu.halt !== undefined) throw new Error(`halted: ${JSON.stringify(cpu.halt)}`);
      if (cpu.pc === STOP) return [cpu.r[0]! >>> 0, cpu.r[1]! >>> 0];
      cpu.run(cpu.cycles + 1);
    }
    throw new Error(`no return within ${maxSteps} steps (pc 0x${cpu.pc.toString(16)})`);
  }

  func(c: string, args: number[]): number {
    return this.call(funcs.get(c)!, args)[0];
  }
}

const f32 = (x: number) => {
  const v = new DataView(new ArrayBuffer(4));
  v.setFloat32(0, x, true);
  return v.getUint32(0, true);
};
const f64 = (x: number): [number, number] => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x, true);
  return [v.getUint32(0, true), v.getUint32(4, true)];
};
const fromF64 = ([lo, hi]: [number, number]) => {
  const v = new DataView(new ArrayBuffer(8));
  v.setUint32(0, lo, true);
  v.setUint32(4, hi, true);
  return v.getFloat64(0, true);
};

describe('rp2040 boot ROM image', () => {
  test('is 16384 bytes with the vectors, magic, version and well-known pointers', () => {
    expect(ROM.length).toBe(16384);
    expect(u32(ROM, 0)).toBe(0x20041f00); // initial SP below boot2's 256 bytes
    for (const v of [4, 8, 12]) {
      expect(u32(ROM, v) & 1).toBe(1);
      expect(u32(ROM, v)).toBeLessThan(0x4000);
    }
    expect([...ROM.subarray(0x10, 0x14)]).toEqual([0x4d, 0x75, 0x01, 0x03]);
    expect(u16(ROM, 0x18) & 1).toBe(1);
  });

  test('every documented function code is found, at an odd (thumb) address inside the ROM', () => {
    for (const c of [...FUNCS, ...MORE_FUNCS]) {
      const p = funcs.get(c);
      expect(p, c).toBeDefined();
      expect(p! & 1, c).toBe(1);
      expect(p!, c).toBeLessThan(0x4000);
    }
  });

  test('every documented data code is found inside the ROM; the float tables have 32 entries', () => {
    for (const c of DATA) expect(data.get(c), c).toBeLessThan(0x4000);
    expect(new TextDecoder().decode(ROM.subarray(data.get('CR')!, data.get('CR')! + 8))).toBe(
      'arielsim',
    );
    for (const t of ['SF', 'SD']) {
      const at = data.get(t)!;
      expect(at % 4).toBe(0);
      expect(ROM[at - 2]).toBe(32); // pico-sdk float_init_rom.c:66 reads the size here
      for (let i = 0; i < 32; i++) {
        const p = u32(ROM, at + 4 * i);
        expect(p & 1, `${t}[${i}]`).toBe(1);
        expect(p, `${t}[${i}]`).toBeLessThan(0x4000);
      }
    }
    expect(ROM[data.get('FZ')!]).toBe(32);
  });

  test("the ROM's own rom_table_lookup finds codes and returns 0 for an unknown one", () => {
    const h = new Harness();
    const lookup = u16(ROM, 0x18);
    for (const c of [...FUNCS, ...MORE_FUNCS]) {
      expect(h.call(lookup, [u16(ROM, 0x14), code(c)])[0]).toBe(funcs.get(c));
    }
    for (const c of DATA) expect(h.call(lookup, [u16(ROM, 0x16), code(c)])[0]).toBe(data.get(c));
    expect(h.call(lookup, [u16(ROM, 0x14), code('ZZ')])[0]).toBe(0);
  });
});

describe('rp2040 boot ROM functions on the Cortex-M0+ ISS', () => {
  test('popcount32, reverse32, clz32, ctz32', () => {
    const h = new Harness();
    const cases = [0, 1, 0x80000000, 0xffffffff, 0x12345678, 0x00f00000];
    for (const v of cases) {
      const bits = v.toString(2).padStart(32, '0');
      expect(h.func('P3', [v])).toBe([...bits].filter((b) => b === '1').length);
      expect(h.func('R3', [v])).toBe(parseInt([...bits].reverse().join(''), 2));
      expect(h.func('L3', [v])).toBe(Math.clz32(v));
      expect(h.func('T3', [v])).toBe(v === 0 ? 32 : 31 - Math.clz32(v & -v));
    }
  });

  test('memset, memset4, memcpy, memcpy44 write exactly the bytes asked for', () => {
    const h = new Harness();
    const mem = h.bus.ramAt(RAM)!.bytes;
    const src = 0x1000,
      dst = 0x2000;
    for (let i = 0; i < 64; i++) mem[src + i] = i + 1;
    expect(h.func('MC', [RAM + dst + 3, RAM + src + 1, 37])).toBe(RAM + dst + 3);
    expect([...mem.subarray(dst, dst + 42)]).toEqual([
      0,
      0,
      0,
      ...Array.from({ length: 37 }, (_, i) => i + 2),
      0,
      0,
    ]);
    expect(h.func('C4', [RAM + dst + 0x100, RAM + src, 16])).toBe(RAM + dst + 0x100);
    expect([...mem.subarray(dst + 0x100, dst + 0x114)]).toEqual([
      ...Array.from({ length: 16 }, (_, i) => i + 1),
      0,
      0,
      0,
      0,
    ]);
    expect(h.func('MS', [RAM + dst + 0x201, 0x1a5, 5])).toBe(RAM + dst + 0x201); // c is a byte
    expect([...mem.subarray(dst + 0x200, dst + 0x207)]).toEqual([
      0, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0,
    ]);
    expect(h.func('S4', [RAM + dst + 0x300, 0x5c, 8])).toBe(RAM + dst + 0x300);
    expect([...mem.subarray(dst + 0x300, dst + 0x30c)]).toEqual([
      ...Array(8).fill(0x5c),
      0,
      0,
      0,
      0,
    ]);
  });

  test('memcpy and memset: every length 0..40 at every alignment of source and destination', () => {
    const h = new Harness();
    const mem = h.bus.ramAt(RAM)!.bytes;
    const src = 0x1000,
      dst = 0x2000;
    for (let i = 0; i < 64; i++) mem[src + i] = (i * 7 + 1) & 0xff;
    const wrong: string[] = [];
    for (let n = 0; n <= 40; n++)
      for (let so = 0; so < 4; so++)
        for (let d = 0; d < 4; d++) {
          mem.fill(0xee, dst, dst + 64);
          h.func('MC', [RAM + dst + d, RAM + src + so, n]);
          const expected = [
            ...Array(d).fill(0xee),
            ...mem.subarray(src + so, src + so + n),
            ...Array(64 - d - n).fill(0xee),
          ];
          if (JSON.stringify([...mem.subarray(dst, dst + 64)]) !== JSON.stringify(expected))
            wrong.push(`memcpy n=${n} src+${so} dst+${d}`);
          mem.fill(0xee, dst, dst + 64);
          h.func('MS', [RAM + dst + d, 0x3c, n]);
          const set = [...Array(d).fill(0xee), ...Array(n).fill(0x3c)];
          if (
            JSON.stringify([...mem.subarray(dst, dst + d + n + 1)]) !==
            JSON.stringify([...set, 0xee])
          )
            wrong.push(`memset n=${n} dst+${d}`);
        }
    expect(wrong).toEqual([]);
  });

  test('memcpy cycles on the M0+: a 4-byte unaligned copy (CMSIS-NN reads) and 64 aligned bytes', () => {
    const h = new Harness();
    const cycles = (args: number[]) => {
      const before = h.cpu.cycles;
      h.func('MC', args);
      return h.cpu.cycles - before;
    };
    // Exact counts of this ROM's code (mem.S) on the ISS's Cortex-M0+ timing, including the call's
    // return to the harness's stop address.
    expect(cycles([RAM + 0x2001, RAM + 0x1002, 4])).toBe(MEMCPY_4_UNALIGNED_CYCLES);
    expect(cycles([RAM + 0x2000, RAM + 0x1000, 64])).toBe(MEMCPY_64_ALIGNED_CYCLES);
  });

  const sf = (i: number) => u32(ROM, data.get('SF')! + 4 * i);
  const sd = (i: number) => u32(ROM, data.get('SD')! + 4 * i);
  const [FADD, FMUL, FDIV, FSQRT, FLOAT2INT, FLOAT2FIX, FIX2FLOAT] = [0, 2, 3, 6, 7, 8, 12];
  const [FCMP, FSIN, FEXP, FLN] = [4, 16, 19, 20];

  test('soft float: fadd, fmul, fdiv, fsqrt give the correctly rounded float', () => {
    const h = new Harness();
    const ff = (i: number, a: number, b = 0) => h.call(sf(i), [f32(a), f32(b)])[0];
    expect(ff(FADD, 1.5, 2.25)).toBe(f32(3.75));
    expect(ff(FADD, 0.1, 0.2)).toBe(f32(Math.fround(Math.fround(0.1) + Math.fround(0.2))));
    expect(ff(FMUL, 3, -0.5)).toBe(f32(-1.5));
    expect(ff(FMUL, 1e30, 1e30)).toBe(f32(Infinity));
    expect(ff(FDIV, 1, 3)).toBe(f32(Math.fround(1 / 3)));
    expect(ff(FDIV, 22, 7)).toBe(f32(Math.fround(Math.fround(22) / 7)));
    expect(ff(FSQRT, 2)).toBe(f32(Math.fround(Math.SQRT2)));
    expect(ff(FSQRT, 16)).toBe(f32(4));
    expect(ff(FSQRT, -1)).toBe(0x7fc00000);
  });

  test('soft float conversions round towards -Infinity and clamp', () => {
    const h = new Harness();
    const f2i = (x: number) => h.call(sf(FLOAT2INT), [f32(x)])[0] | 0;
    expect(f2i(3.75)).toBe(3);
    expect(f2i(-3.25)).toBe(-4);
    expect(f2i(-0)).toBe(0);
    expect(f2i(1e20)).toBe(0x7fffffff);
    expect(f2i(-1e20)).toBe(-0x80000000);
    expect(h.call(sf(FLOAT2FIX), [f32(0.5), 16])[0]).toBe(0x8000);
    expect(h.call(sf(FIX2FLOAT), [0x18000, 16])[0]).toBe(f32(1.5));
    const cmp = (a: number, b: number) => h.call(sf(FCMP), [f32(a), f32(b)])[0] | 0;
    expect([cmp(1, 2), cmp(2, 2), cmp(3, 2), cmp(-0, 0), cmp(-1, -2)]).toEqual([-1, 0, 1, 0, 1]);
  });

  test('soft float scientific functions are within 1 ulp', () => {
    const h = new Harness();
    const ulps = (got: number, want: number) => Math.abs(got - f32(Math.fround(want)));
    for (const x of [0.5, 1, 2.5, -3, 10, 100]) {
      expect(
        ulps(h.call(sf(FSIN), [f32(x)])[0], Math.sin(Math.fround(x))),
        `sin ${x}`,
      ).toBeLessThanOrEqual(1);
      expect(
        ulps(h.call(sf(FEXP), [f32(x / 10)])[0], Math.exp(Math.fround(x / 10))),
        `exp ${x}`,
      ).toBeLessThanOrEqual(1);
    }
    for (const x of [0.5, 2, 10, 1e-3, 12345]) {
      expect(
        ulps(h.call(sf(FLN), [f32(x)])[0], Math.log(Math.fround(x))),
        `ln ${x}`,
      ).toBeLessThanOrEqual(1);
    }
  });

  test('soft double: dadd, dsub, dmul, ddiv, dsqrt give the correctly rounded double', () => {
    const h = new Harness();
    const dd = (i: number, a: number, b = 0) => fromF64(h.call(sd(i), [...f64(a), ...f64(b)]));
    expect(dd(0, 0.1, 0.2)).toBe(0.1 + 0.2);
    expect(dd(1, 1, 1e-17)).toBe(1 - 1e-17);
    expect(dd(1, 0.3, 0.1)).toBe(0.3 - 0.1);
    expect(dd(2, 1.1, 1.1)).toBe(1.1 * 1.1);
    expect(dd(3, 1, 3)).toBe(1 / 3);
    expect(dd(3, -7, 0)).toBe(-Infinity);
    for (const x of [2, 3, 1e-310, 1.5e300, 0.7]) expect(dd(6, x)).toBe(Math.sqrt(x));
    expect(h.call(sd(7), [...f64(-2.5)])[0] | 0).toBe(-3); // double2int, towards -Infinity
  });

  test('soft double: sin, cos, exp, ln, atan2 within 2 ulp of the host', () => {
    const h = new Harness();
    const d1 = (i: number, a: number, b = 0) => fromF64(h.call(sd(i), [...f64(a), ...f64(b)]));
    const near = (got: number, want: number) =>
      expect(Math.abs(got - want)).toBeLessThanOrEqual(2 * Math.abs(want) * 2 ** -52 + 1e-300);
    for (const x of [0.1, 1, -2, 3.14159, 100, 1000]) {
      near(d1(16, x), Math.sin(x));
      near(d1(15, x), Math.cos(x));
    }
    for (const x of [-5, 0.5, 1, 20, 700]) near(d1(19, x), Math.exp(x));
    for (const x of [1e-5, 0.5, 2, 10, 1e300]) near(d1(20, x), Math.log(x));
    near(d1(22, 1, -1), Math.atan2(1, -1));
    near(d1(22, -3, 4), Math.atan2(-3, 4));
  });
});

// ---- core 1: wait_for_vector against a scripted SIO FIFO ------------------------------------------

/** SIO as core 1 sees it: CPUID 1, FIFO_ST (VLD, RDY), FIFO_WR (to core 0), FIFO_RD (from core 0). */
class ScriptedSio implements Device {
  readonly toCore1: number[] = [];
  readonly fromCore1: number[] = [];
  read(offset: number): number {
    if (offset === 0x00) return 1; // CPUID
    if (offset === 0x50) return (this.toCore1.length > 0 ? 1 : 0) | 2; // VLD | RDY
    if (offset === 0x58) return this.toCore1.shift() ?? 0;
    return 0;
  }
  write(offset: number, _size: 1 | 2 | 4, value: number): void {
    if (offset === 0x54) this.fromCore1.push(value >>> 0);
  }
}

describe('rp2040 boot ROM: core 1 wait_for_vector', () => {
  const ENTRY = 0x20001000;
  function core1(): { h: Harness; sio: ScriptedSio; runUntilEcho: () => number | undefined } {
    const h = new Harness();
    const sio = new ScriptedSio();
    h.bus.addDevice('sio', 0xd0000000, 0x200, sio);
    h.cpu.reset(0); // from the reset vector, as core 1 starts
    const runUntilEcho = (): number | undefined => {
      for (let i = 0; i < 10_000; i++) {
        if (h.cpu.halt !== undefined) throw new Error(JSON.stringify(h.cpu.halt));
        if (sio.fromCore1.length > 0) return sio.fromCore1.shift();
        if (h.cpu.pc === ENTRY) return undefined;
        if (h.cpu.sleeping) {
          if (sio.toCore1.length === 0) return undefined;
          h.cpu.signalEvent();
        }
        h.cpu.run(h.cpu.cycles + 1);
      }
      throw new Error(`core 1 stuck at 0x${h.cpu.pc.toString(16)}`);
    };
    return { h, sio, runUntilEcho };
  }

  test('greets with 0, then sleeps in WFE with SLEEPDEEP set while the FIFO is empty', () => {
    const { h, runUntilEcho } = core1();
    expect(runUntilEcho()).toBe(0);
    expect(runUntilEcho()).toBeUndefined();
    expect(h.cpu.sleeping).toBe(true);
    expect(h.cpu.scs.sleepDeep).toBe(true);
  });

  test("pico-sdk's launch sequence (with a restart after a wrong word) echoes and launches", () => {
    const { h, sio, runUntilEcho } = core1();
    const seq = [0, 0, 1, 0x10000100, 0x20041000, ENTRY | 1];
    // multicore_launch_core1_raw (pico-sdk multicore.c:140-171), preceded by a broken attempt.
    const script = [0, 7, ...seq];
    const echoes: number[] = [];
    runUntilEcho(); // the greeting
    for (const word of script) {
      sio.toCore1.push(word);
      const echo = runUntilEcho();
      if (echo !== undefined) echoes.push(echo);
    }
    expect(echoes).toEqual([0, 0, ...seq]); // 7 is answered by a fresh 0, not echoed
    runUntilEcho();
    expect(h.cpu.pc).toBe(ENTRY);
    expect(h.cpu.r[13]).toBe(0x20041000);
    expect(h.cpu.scs.vtor).toBe(0x10000100);
    expect(h.cpu.scs.sleepDeep).toBe(false);
  });
});

describe('rp2040 boot ROM vs the B2 ROM', () => {
  test.skipIf(!HAVE_B2)(
    'both have the magic and every function and data code pico-sdk uses',
    () => {
      const b2 = new Uint8Array(readFileSync(B2_PATH));
      expect([...b2.subarray(0x10, 0x14)]).toEqual([...ROM.subarray(0x10, 0x14)]);
      const b2funcs = table(b2, u16(b2, 0x14));
      const b2data = table(b2, u16(b2, 0x16));
      for (const c of [...FUNCS, ...MORE_FUNCS]) {
        expect(b2funcs.has(c), c).toBe(true);
        expect(funcs.has(c), c).toBe(true);
      }
      for (const c of DATA) expect([b2data.has(c), data.has(c)], c).toEqual([true, true]);
      // The table size in words: before 'S','F' (read by pico-sdk) and at 'F','Z'.
      expect(ROM[data.get('SF')! - 2]).toBe(b2[b2data.get('SF')! - 2]);
      expect(ROM[data.get('FZ')!]).toBe(b2[b2data.get('FZ')!]);
      expect(u32(ROM, 0)).toBe(u32(b2, 0)); // same initial SP
    },
  );
});

describe('rp2040 boot ROM build', () => {
  test.skipIf(!HAVE_GCC)(
    'a rebuild is byte-identical to the committed prebuilt',
    () => {
      const out = mkdtempSync(join(tmpdir(), 'bootrom-'));
      const r = spawnSync('bash', [join(ROOT, 'runtime-gen/bootrom/build.sh'), out], {
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      for (const f of ['rp2040-bootrom.bin', 'rp2040-bootrom.elf']) {
        expect(
          Buffer.compare(
            readFileSync(join(out, f)),
            readFileSync(join(ROOT, 'runtime-gen/prebuilt', f)),
          ),
          f,
        ).toBe(0);
      }
    },
    60_000,
  );
});
