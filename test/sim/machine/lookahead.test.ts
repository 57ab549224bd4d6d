/**
 * Lookahead scheduling (sim/machine/lookahead.ts) against the reference order it reproduces (the
 * laggard core one instruction at a time, `lookahead: false`): the same exit, trace hash, per-core
 * and per-bank statistics, timeline, output and memory, on hand-written programs, the multicore C
 * programs, random programs for 2-4 Cortex-M cores of mixed types and clocks and for RV32 harts,
 * and the real executor firmware on RP2040 and RP2350-RISCV (code in XIP flash behind the cache).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../compiler/compile.js';
import { seededInput } from '../../../compiler/ref/seeded-input.js';
import { ZOO } from '../../../compiler/zoo/registry.js';
import { builtinBoard } from '../../../platforms/boards/registry.js';
import type { Board } from '../../../platforms/boards/schema.js';
import { writeBlob } from '../../../runtime-gen/blob/blob.js';
import { buildImage, queueSupported } from '../../../runtime-gen/image.js';
import { parseElf } from '../../../sim/elf.js';
import { HORIZON_CYCLES } from '../../../sim/machine/lookahead.js';
import { Machine, type MachineRunResult } from '../../../sim/machine/machine.js';
import { assemble } from '../armv6m/thumb-asm.js';
import { CODE_BASE, EXIT, hartMachine, RV_EXIT, twoCoreMachine } from './helpers.js';

const SHARED = 0x2000_0000;

interface Outcome {
  result: MachineRunResult;
  machine: Machine;
  out: string;
}

type Build = (lookahead: boolean, host: { writeStdout: (b: Uint8Array) => void }) => Machine;

function runBoth(build: Build, maxCycles: number): [Outcome, Outcome] {
  const run = (lookahead: boolean): Outcome => {
    let out = '';
    const machine = build(lookahead, { writeStdout: (b) => (out += Buffer.from(b).toString()) });
    return { result: machine.run({ maxCycles }), machine, out };
  };
  return [run(true), run(false)];
}

function memory(m: Machine, addr: number, length: number): number[] {
  const w = m.map.find(addr, 0)!;
  return Array.from(w.storage!.subarray(addr - w.base, addr - w.base + length));
}

/** Everything a run produces, for comparing the two schedulers. */
function observed({ result, machine, out }: Outcome) {
  return {
    exit: result.exit,
    traceHash: result.traceHash,
    cores: result.stats.cores,
    banks: result.stats.banks,
    caches: result.stats.caches,
    timeline: machine.timeline.events,
    out,
    shared: memory(machine, SHARED, 256),
  };
}

function expectSame(build: Build, maxCycles: number): Outcome {
  const [look, step] = runBoth(build, maxCycles);
  expect(observed(look)).toEqual(observed(step));
  return look;
}

/** A deterministic pseudo-random sequence (xorshift32). */
function rng(seed: number): (n: number) => number {
  let s = seed * 0x9e3779b9 || 1;
  return (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

/**
 * A random Thumb (ARMv6-M) loop for core `id` of `cores`: ALU work on r0-r3, loads and stores of
 * every size and LDM/STM on 256 shared bytes (r6), LDRSB, SEV/WFE, mailbox CPUID, FIFO and
 * spinlock accesses (r4 = mailbox). Core 0 exits after its loop; the others sleep in WFE.
 */
function thumbProgram(seed: number, id: number, cores: number): string {
  const r = rng(seed * 31 + id + 1);
  const lines: string[] = [];
  const off = () => 4 * r(16);
  const d = () => `r${r(4)}`;
  for (let i = 0, n = 3 + r(10); i < n; i++) {
    switch (r(14)) {
      case 0:
        lines.push(`adds ${d()}, ${d()}, ${d()}`);
        break;
      case 1:
        lines.push(`eors ${d()}, ${d()}`, `lsls ${d()}, ${d()}, #${1 + r(8)}`);
        break;
      case 2:
        lines.push(`muls ${d()}, ${d()}`);
        break;
      case 3:
        lines.push(`ldr ${d()}, [r6, #${off()}]`);
        break;
      case 4:
        lines.push(`str ${d()}, [r6, #${off()}]`);
        break;
      case 5:
        lines.push(`ldrb ${d()}, [r6, #${r(32)}]`, `strh ${d()}, [r6, #${2 * r(16)}]`);
        break;
      case 6:
        lines.push(`movs r5, #${r(64)}`, `ldrsb ${d()}, [r6, r5]`);
        break;
      case 7:
        lines.push(`adds r5, r6, #${4 * r(2)}`);
        lines.push(r(2) ? 'ldm r5!, {r0, r1, r2}' : 'stm r5!, {r1, r3}');
        break;
      case 8:
        lines.push('sev');
        break;
      case 9:
        lines.push(r(3) === 0 ? 'wfe' : 'nop');
        break;
      case 10:
        lines.push(
          `movs r5, #${(0x100 + 4 * r(cores)) >> 2}`,
          'lsls r5, r5, #2',
          `str ${d()}, [r4, r5]`,
        );
        break;
      case 11:
        lines.push(`ldr ${d()}, [r4, #12]`, `ldr ${d()}, [r4, #0]`);
        break;
      case 12:
        lines.push(
          'movs r5, #0x80',
          'lsls r5, r5, #2',
          `ldr ${d()}, [r4, r5]`,
          `str ${d()}, [r4, r5]`,
        );
        break;
      default:
        lines.push(`subs ${d()}, #${r(200)}`, `cmp ${d()}, ${d()}`);
    }
  }
  const end = id === 0 ? EXIT : 'sleep:\n  wfe\n  b sleep';
  return `
  movs r6, #0x20
  lsls r6, r6, #24
  movs r4, #0x40
  lsls r4, r4, #24
  movs r7, #${5 + r(30)}
loop:
  ${lines.join('\n  ')}
  subs r7, #1
  bne loop
${end}`;
}

/** The same for an RV32 hart: loads, stores, AMOs, LR/SC, wfi, mailbox FIFO writes, mcycle. */
function rvProgram(seed: number, id: number, cores: number): string {
  const r = rng(seed * 17 + id + 3);
  const lines: string[] = [];
  const t = () => `t${r(4)}`;
  const off = () => 4 * r(16);
  for (let i = 0, n = 3 + r(10); i < n; i++) {
    switch (r(11)) {
      case 0:
        lines.push(`add ${t()}, ${t()}, ${t()}`, `slli ${t()}, ${t()}, ${r(8)}`);
        break;
      case 1:
        lines.push(`lw ${t()}, ${off()}(s0)`);
        break;
      case 2:
        lines.push(`sw ${t()}, ${off()}(s0)`);
        break;
      case 3:
        lines.push(`lb ${t()}, ${r(64)}(s0)`, `sh ${t()}, ${2 * r(32)}(s0)`);
        break;
      case 4:
        lines.push(`addi t4, s0, ${off()}`, `amoadd.w ${t()}, ${t()}, (t4)`);
        break;
      case 5:
        lines.push(`addi t4, s0, ${off()}`, `lr.w t5, (t4)`, 'addi t5, t5, 1', 'sc.w t6, t5, (t4)');
        break;
      case 6:
        lines.push(r(3) === 0 ? 'wfi' : 'nop');
        break;
      case 7:
        lines.push(`sw ${t()}, ${0x100 + 4 * r(cores)}(s1)`);
        break;
      case 8:
        lines.push(`lw ${t()}, 12(s1)`, 'csrrs t5, mcycle, zero');
        break;
      case 9:
        lines.push(`addi t4, s0, ${off()}`, `amoswap.w ${t()}, ${t()}, (t4)`);
        break;
      default:
        lines.push(`xor ${t()}, ${t()}, ${t()}`, `sub ${t()}, ${t()}, ${t()}`);
    }
  }
  const end = id === 0 ? RV_EXIT : 'sleep:\n  wfi\n  j sleep';
  return `
  li s0, ${SHARED}
  li s1, 0x40000000
  li s2, ${5 + r(30)}
loop:
  ${lines.join('\n  ')}
  addi s2, s2, -1
  bne s2, zero, loop
  ${end}`;
}

function elfMachine(name: string, board: Board): Build {
  const path = new URL(`../../programs/multicore/bin/${name}.elf`, import.meta.url);
  const elf = parseElf(readFileSync(path), path.pathname);
  return (lookahead, host) => {
    const m = new Machine(board, { lookahead, host });
    m.load(elf);
    m.boot(Machine.bootAddress(elf));
    return m;
  };
}

/** RV32 harts of a generic board, each with its program at CODE_BASE + id * 0x400. */
function rvMachine(board: Board, sources: string[]): Build {
  return (lookahead, host) => hartMachine(board, sources, { lookahead, host });
}

describe('lookahead scheduling gives the reference order results', () => {
  it('on the bank contention programs and mixed clocks', () => {
    const hammer = (bank: number, exit: boolean) => `
  movs r0, #0x21
  lsls r0, r0, #24
  movs r7, #${bank}
  lsls r7, r7, #16
  adds r0, r0, r7
  movs r5, #50
loop:
  ldm r0!, {r1, r2, r3, r4}
  subs r0, #16
  subs r5, #1
  bne loop
${exit ? EXIT : 'done:\n  b done'}`;
    for (const banks of [
      [0, 0],
      [0, 1],
    ]) {
      const sources = banks.map((b, id) => hammer(b, id === 0));
      expectSame((lookahead) => twoCoreMachine(sources, { lookahead }), 10_000);
    }
    const board = builtinBoard('generic', [
      'cores=cortex-m0plus@100e6,cortex-m4@64e6,cortex-m0plus@30e6',
    ]);
    const sources = [0, 1, 2].map((id) => hammer(0, id === 0).replace('#0x21', '#0x20'));
    expectSame((lookahead) => twoCoreMachine(sources, { lookahead, board }), 100_000);
  });

  it('on the RP2040 C programs: FIFO launch, spinlocks, WFE/SEV, a racy counter', () => {
    for (const name of ['spinlock_counter', 'racy_counter']) {
      const look = expectSame(elfMachine(name, builtinBoard('rp2040')), 2_000_000);
      expect(look.result.exit).toMatchObject({ kind: 'semihosting', code: 0 });
    }
  });

  it('when a run is cut in slices of maxCycles (as the ISS backend reports progress)', () => {
    const whole = elfMachine('spinlock_counter', builtinBoard('rp2040'))(true, {
      writeStdout: () => {},
    });
    const once = whole.run({ maxCycles: 2_000_000 });
    const sliced = elfMachine('spinlock_counter', builtinBoard('rp2040'))(true, {
      writeStdout: () => {},
    });
    let r = sliced.run({ maxCycles: 997 });
    for (let until = 997; r.exit.kind === 'max-cycles'; until += 997)
      r = sliced.run({ maxCycles: until });
    expect([r.exit, r.traceHash, r.stats.cores]).toEqual([
      once.exit,
      once.traceHash,
      once.stats.cores,
    ]);
  });

  it('on the exclusive-access programs, 2 and 4 cores, Cortex-M4 and Hazard3', () => {
    for (const cores of [2, 4]) {
      expectSame(elfMachine('exclusive_counter', builtinBoard('generic', [`cores=${cores}`])), 1e6);
      const rv = builtinBoard('generic', [`cores=${cores}`, 'core=hazard3']);
      expectSame(elfMachine('lrsc_counter', rv), 1e6);
    }
  });

  it('on random programs for 2-4 Cortex-M cores of mixed types and clocks', () => {
    const types = ['cortex-m0plus', 'cortex-m4', 'cortex-m33', 'cortex-m7'];
    for (let seed = 1; seed <= 24; seed++) {
      const r = rng(seed);
      const cores = 2 + r(3);
      const spec = Array.from({ length: cores }, () => `${types[r(4)]}@${[150, 100, 64][r(3)]}e6`);
      const board = builtinBoard('generic', [`cores=${spec.join(',')}`]);
      const sources = Array.from({ length: cores }, (_, id) => thumbProgram(seed, id, cores));
      expectSame((lookahead) => twoCoreMachine(sources, { lookahead, board }), 20_000);
    }
  });

  it('on random programs for 2-4 RV32 harts', () => {
    for (let seed = 1; seed <= 16; seed++) {
      const cores = 2 + rng(seed)(3);
      const board = builtinBoard('generic', [`cores=${cores}`, 'core=hazard3']);
      const sources = Array.from({ length: cores }, (_, id) => rvProgram(seed, id, cores));
      expectSame(rvMachine(board, sources), 20_000);
    }
  });

  it('when the first core halts on a fault, Cortex-M and RV32', () => {
    // Core 0 works on registers for a while after its last access, then faults; core 1 keeps
    // loading, so the exit catches it mid-loop at the faulting instruction's time.
    const busy = (label: string) =>
      `  movs r6, #0x20\n  lsls r6, r6, #24\n${label}:\n  ldr r0, [r6]\n  adds r0, #1\n  str r0, [r6]\n  b ${label}`;
    const arm = [
      `  movs r0, #0x20\n  lsls r0, r0, #24\n  ldr r1, [r0]\n  movs r0, #9\nspin:\n  subs r0, #1\n  bne spin\n  udf #0`,
      busy('l1'),
    ];
    const board = builtinBoard('generic', ['cores=2', 'core=cortex-m0plus']);
    const look = expectSame((lookahead) => twoCoreMachine(arm, { lookahead, board }), 100_000);
    expect(look.result.exit).toMatchObject({ kind: 'fault', coreId: 0 });
    expect(look.result.exit).toMatchObject({ halt: { detail: expect.stringMatching(/UDF/) } });
    // The third run of a loop's load (decoded long before) is unaligned.
    const unaligned = `  movs r6, #0x20\n  lsls r6, r6, #24\n  movs r7, #3\nagain:\n  ldr r1, [r6]\n  adds r6, #2\n  movs r2, #9\nspin:\n  subs r2, #1\n  bne spin\n  subs r7, #1\n  bne again`;
    const misaligned = expectSame(
      (lookahead) => twoCoreMachine([unaligned, busy('l1')], { lookahead, board }),
      100_000,
    );
    expect(misaligned.result.exit).toMatchObject({
      halt: { detail: expect.stringMatching(/unaligned/) },
    });
    const rv = [
      `  li t0, 9\n  li s0, ${SHARED}\n  lw t1, 0(s0)\nspin:\n  addi t0, t0, -1\n  bne t0, zero, spin\n  .word 0`,
      `  li s0, ${SHARED}\nl1:\n  lw t0, 0(s0)\n  addi t0, t0, 1\n  sw t0, 0(s0)\n  j l1`,
    ];
    // An exit through a BKPT that already ran (a semihosting WRITEC first) after register work.
    const twice = `  movs r0, #0x20
  lsls r0, r0, #24
  movs r1, #65
  str r1, [r0, #124]
  movs r1, r0
  adds r1, #124
  movs r0, #3
  bl call
  movs r2, #20
spin2:
  subs r2, #1
  bne spin2
  movs r0, #0x18
  movs r1, #2
  lsls r1, r1, #16
  adds r1, #0x26
  bl call
call:
  bkpt #0xab
  bx lr`;
    const exits = expectSame(
      (lookahead, host) => twoCoreMachine([twice, busy('l2')], { lookahead, board, host }),
      1e5,
    );
    expect(exits.out).toBe('A');
    const harts = builtinBoard('generic', ['cores=2', 'core=hazard3']);
    const rvLook = expectSame(rvMachine(harts, rv), 100_000);
    expect(rvLook.result.exit).toMatchObject({ kind: 'fault', coreId: 0 });
  });

  it('when SysTick wakes a core from WFI: the wake-up at its cycle, the handler in time order', () => {
    // Core 1: vector table with a SysTick handler (vector 15) that counts in shared memory, SysTick
    // every 200 cycles with its interrupt, then WFI forever. Core 0 adds to the same word and exits.
    const base = CODE_BASE + 0x400;
    const vectors = [base + 0x400, base + 0x51, ...Array<number>(13).fill(0), base + 0x41];
    const core1 = `${vectors.map((v) => `.word ${v}`).join('\n')}
  movs r0, #0x20
  lsls r0, r0, #24
  ldr r1, [r0, #64]
  adds r1, #1
  str r1, [r0, #64]
  bx lr
  nop
  nop
  movs r5, #0xe0
  lsls r5, r5, #24
  movs r6, #0xe0
  lsls r6, r6, #8
  adds r6, #0x10
  adds r5, r5, r6
  movs r0, #200
  str r0, [r5, #4]
  movs r0, #0
  str r0, [r5, #8]
  movs r0, #7
  str r0, [r5, #0]
sleep:
  wfi
  b sleep`;
    const core0 = `
  movs r6, #0x20
  lsls r6, r6, #24
  movs r7, #200
loop:
  ldr r0, [r6, #64]
  adds r0, #1
  str r0, [r6, #64]
  subs r7, #1
  bne loop
${EXIT}`;
    const board = builtinBoard('generic', ['cores=2', 'core=cortex-m0plus']);
    // Core 0 either works and exits or sleeps for good (then only SysTick moves the machine).
    for (const first of [core0, 'idle:\n  wfe\n  b idle']) {
      const look = expectSame((lookahead, host) => {
        const m = new Machine(board, { lookahead, host });
        const code0 = assemble(
          `.word ${CODE_BASE + 0x400}\n.word ${CODE_BASE + 9}\n${first}`,
          CODE_BASE,
        );
        m.loadBytes(CODE_BASE, code0.bytes);
        m.loadBytes(base, assemble(core1, base).bytes);
        m.start(0, CODE_BASE);
        m.start(1, base);
        return m;
      }, 20_000);
      const wakes = look.machine.timeline.events.filter((e) => e.coreId === 1 && e.kind === 'wake');
      expect(wakes.length).toBeGreaterThan(3);
    }
  });

  it('when another core than the leader exits: the leader is at most the horizon ahead', () => {
    // Core 0 (the leader) spins without touching memory while core 1 counts down and exits.
    const board = builtinBoard('generic', ['cores=2', 'core=cortex-m0plus']);
    const sources = [
      'hang:\n  b hang',
      `  movs r6, #200\nloop:\n  subs r6, #1\n  bne loop\n${EXIT}`,
    ];
    const [look, step] = runBoth((lookahead) => twoCoreMachine(sources, { lookahead, board }), 1e6);
    const { cores: lookCores, traceHash: _a, ...lookRest } = observed(look);
    const { cores: stepCores, traceHash: _b, ...stepRest } = observed(step);
    expect(lookRest).toEqual(stepRest);
    expect(lookCores[1]).toEqual(stepCores[1]);
    const ahead = lookCores[0]!.cycles - stepCores[0]!.cycles;
    expect(ahead).toBeGreaterThanOrEqual(0);
    expect(ahead).toBeLessThanOrEqual(HORIZON_CYCLES + 4);
  });
});

describe('lookahead scheduling on the executor firmware', () => {
  /** LeNet-5 built for `board` as `arielsim run` builds it. */
  function firmware(board: Board, scheduler: 'heft' | 'ariel-greedy'): Build {
    const g = ZOO.lenet5!.build();
    const compiled = compileModel(g, board, { scheduler });
    const dynamicQueue = compiled.scheduler === 'ariel-greedy' && queueSupported(board);
    const blob = writeBlob(g, compiled, { rounding: 'double', dynamicQueue });
    const image = buildImage(compiled, blob, { dynamicQueue });
    const input = seededInput(g.tensors[g.inputs[0]!]!, 7);
    const at = image.layout.arena + blob.arenaOffsets.get(g.inputs[0]!)!;
    const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    return (lookahead, host) => {
      const m = new Machine(board, { lookahead, host });
      for (const s of [...image.segments, { name: 'input', addr: at, bytes }])
        expect(m.map.load(s.addr, s.bytes)).toBe(true);
      if (image.start.kind === 'fifo-launch') m.boot(image.start.boot);
      else m.bootEach(image.start.boots);
      return m;
    };
  }

  it('on rp2350-riscv with ariel-greedy (constant flash waits): identical', () => {
    const look = expectSame(firmware(builtinBoard('rp2350-riscv'), 'ariel-greedy'), 50_000_000);
    expect(look.result.exit).toMatchObject({ kind: 'semihosting', code: 0 });
    expect(look.result.stats.caches[0]!.misses).toBeGreaterThan(0);
  }, 60_000);

  // With the XIP timed through the one shared port (the boot convention leaves the SSI as boot2
  // does), an instruction fetch that hits the cache is not placed in time order: a core that ran
  // ahead may be served before another core's fill that began earlier in time (the limit in
  // sim/memory/flash-interface.ts, "Order"), and a core that ran ahead and then loses a port
  // cycle to the round-robin tie-break is moved on afterwards (sim/memory/round-robin.ts). So the
  // two schedulers agree on everything the program computes and on every event but when a core
  // waits (a WFE whose event comes a few cycles earlier or later sleeps or does not), and their
  // times differ by a few such fetches.
  it('on rp2040 with heft (timed XIP): the same results, times within 0.2%', () => {
    const [look, step] = runBoth(firmware(builtinBoard('rp2040'), 'heft'), 50_000_000);
    const a = observed(look);
    const b = observed(step);
    expect(a.exit).toEqual(b.exit);
    expect(a.exit).toMatchObject({ kind: 'semihosting', code: 0 });
    expect(a.out).toBe(b.out);
    expect(a.shared).toEqual(b.shared);
    const kinds = (o: typeof a) =>
      o.timeline.filter((e) => e.kind !== 'sleep').map((e) => `${e.coreId}:${e.kind}`);
    expect(kinds(a)).toEqual(kinds(b));
    expect(a.timeline.filter((e) => e.kind === 'xip').map((e) => e.detail)).toEqual(['timed']);
    a.cores.forEach((c, i) => {
      // The same work: only a waiting loop may spin a few more or fewer times.
      expect(Math.abs(c.instructions - b.cores[i]!.instructions)).toBeLessThan(100);
      expect(Math.abs(c.cycles - b.cores[i]!.cycles) / b.cores[i]!.cycles).toBeLessThan(0.002);
    });
    expect(a.caches[0]!.misses).toBeGreaterThan(0);
    // A waiting loop that runs from flash a few more times, or a core that sleeps once more,
    // misses a few lines more or fewer.
    expect(Math.abs(a.caches[0]!.misses - b.caches[0]!.misses)).toBeLessThan(
      b.caches[0]!.misses * 0.005,
    );
  }, 60_000);
});
