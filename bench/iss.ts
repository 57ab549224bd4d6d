/**
 * ISS speed: MIPS of every simulated core model (cycle counting on) on an int8 dot-product loop and
 * on branchy code, plus rp2040js (npm) running the same Cortex-M0+ machine code in the same process
 * for comparison. Prints figures; never asserts (ARCHITECTURE.md).
 * Run: npm run bench:iss [-- runs]   (best of `runs`, default 3)
 *
 * Programs: test/programs/bin/bench_*.elf (Cortex-M0+) and test/programs/riscv/bin/bench_*.elf (the
 * same C sources built for RV32IMC). Host seconds are the process's CPU time (user + system) for the
 * run, so a loaded machine slows the figures less than wall time would; wall-time MIPS are printed
 * too.
 *
 * rp2040js: its `RP2040` boots from the bootrom at 0, so the Cortex-M0+ ELF's code (linked at 0, with
 * its vector table there) is loaded as the bootrom and its RAM image into SRAM at 0x2000_0000; the
 * core then runs the same instructions as ours (the instruction counts match). The loop is rp2040js's
 * own `Simulator.execute` loop without its setTimeout slicing: `core.executeInstruction()` and
 * `clock.tick(cycles)`. What rp2040js counts as cycles (cortex-m0-core.js, `deltaCycles`, 1.4.1):
 * 1 per instruction, + the memory accesses of loads/stores (1 each; 3-4 for APB, 0 for SIO; one per
 * register for LDM/STM/PUSH/POP), + 1 or 2 for taken branches, BX/BLX and BL, + 2 for barriers and
 * MRS/MSR. It is an estimate, not the Cortex-M0+ cycle model ours follows, so its cycle counts
 * differ slightly from ours.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RP2040, Simulator } from 'rp2040js';
import { parseElf, type ElfImage } from '../sim/elf.js';
import { runElf } from '../sim/exec.js';
import { formatTable } from '../cli/output.js';

const PROGRAMS = ['bench_dot', 'bench_branchy'];
const RUNS = Number(process.argv[2] ?? 3);

interface Measurement {
  program: string;
  model: string;
  instructions: number;
  cycles: number;
  /** CPU seconds of the fastest run. */
  hostSeconds: number;
  /** Best of RUNS, by CPU time and by wall time. */
  mips: number;
  wallMips: number;
}

function loadElf(relative: string): ElfImage {
  const path = fileURLToPath(new URL(`../test/programs/${relative}`, import.meta.url));
  return parseElf(new Uint8Array(readFileSync(path)), path);
}

/** One timed run: what the simulator reports, with CPU and wall seconds around it. */
interface Run {
  instructions: number;
  cycles: number;
  cpuSeconds: number;
  wallSeconds: number;
}

function timed(run: () => { instructions: number; cycles: number }): Run {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = run();
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { ...r, cpuSeconds: (cpu.user + cpu.system) / 1e6, wallSeconds };
}

/** The best of `runs` (fewest CPU seconds); wall MIPS from the shortest wall time. */
function bestOf(program: string, model: string, runs: Run[]): Measurement {
  const fastest = runs.reduce((a, b) => (b.cpuSeconds < a.cpuSeconds ? b : a));
  const wall = Math.min(...runs.map((r) => r.wallSeconds));
  for (const r of runs) {
    if (r.instructions !== fastest.instructions || r.cycles !== fastest.cycles)
      throw new Error(`${program} on ${model}: runs differ`);
  }
  return {
    program,
    model,
    instructions: fastest.instructions,
    cycles: fastest.cycles,
    hostSeconds: fastest.cpuSeconds,
    mips: fastest.instructions / fastest.cpuSeconds / 1e6,
    wallMips: fastest.instructions / wall / 1e6,
  };
}

/** Our simulator, through `arielsim exec`'s flat machine. */
function runOurs(elf: ElfImage, coreType: string): Run {
  return timed(() => {
    const r = runElf(elf, { coreType, host: { writeStdout: () => undefined } });
    if (r.exit.kind !== 'semihosting' || r.exit.code !== 0)
      throw new Error(`${elf.path} on ${coreType} did not exit 0`);
    return { instructions: r.core.instructions, cycles: r.core.cycles };
  });
}

const SEMIHOSTING_BKPT = 0xab;
const SYS_EXIT_EXTENDED = 0x20;
const BOOTROM_BYTES = 16 * 1024;
const SRAM_BASE = 0x2000_0000;

/** rp2040js with the Cortex-M0+ ELF as its bootrom (see the header). */
function runRp2040js(elf: ElfImage): Run {
  const sim = new Simulator();
  const mcu: RP2040 = sim.rp2040;
  const rom = new Uint8Array(BOOTROM_BYTES);
  for (const s of elf.segments) {
    if (s.data.length === 0) continue;
    if (s.paddr + s.data.length <= BOOTROM_BYTES) rom.set(s.data, s.paddr);
    else if (s.paddr >= SRAM_BASE) mcu.sram.set(s.data, s.paddr - SRAM_BASE);
    else throw new Error(`${elf.path}: segment at 0x${s.paddr.toString(16)} fits no RP2040 memory`);
  }
  mcu.loadBootrom(new Uint32Array(rom.buffer));
  const core = mcu.core;
  let exitCode: number | undefined;
  mcu.onBreak = (code) => {
    if (code !== SEMIHOSTING_BKPT || core.registers[0] !== SYS_EXIT_EXTENDED)
      throw new Error(`rp2040js: unexpected bkpt 0x${code.toString(16)}`);
    exitCode = mcu.readUint32(core.registers[1]! + 4);
  };
  const clock = sim.clock;
  const cycleNanos = 1e9 / 125_000_000;
  return timed(() => {
    let instructions = 0;
    while (exitCode === undefined) {
      clock.tick(core.executeInstruction() * cycleNanos);
      instructions++;
    }
    if (exitCode !== 0) throw new Error(`${elf.path} on rp2040js exited ${exitCode}`);
    return { instructions, cycles: core.cycles };
  });
}

interface Case {
  program: string;
  model: string;
  run: () => Run;
  runs: Run[];
}

/**
 * ARMv7-M: the same C sources built for Cortex-M4F (test/programs/bin/cortex-m4/bench_*.elf,
 * test/programs/build.sh). Its instruction counts differ from the M0+ build (Thumb-2 code).
 */
function addArmv7mCases(program: string, add: (model: string, run: () => Run) => void): void {
  const m4 = loadElf(`bin/cortex-m4/${program}.elf`);
  add('cortex-m4', () => runOurs(m4, 'cortex-m4'));
}

const cases: Case[] = [];
for (const program of PROGRAMS) {
  const m0 = loadElf(`bin/${program}.elf`);
  const rv = loadElf(`riscv/bin/${program}.elf`);
  const add = (model: string, run: () => Run) => cases.push({ program, model, run, runs: [] });
  add('cortex-m0plus', () => runOurs(m0, 'cortex-m0plus'));
  add('rp2040js (M0+)', () => runRp2040js(m0));
  add('hazard3', () => runOurs(rv, 'hazard3'));
  add('rv32imc-esp', () => runOurs(rv, 'rv32imc-esp'));
  addArmv7mCases(program, add);
}
// Round robin, so a change in the machine's load affects every model alike.
for (let i = 0; i < RUNS; i++) for (const c of cases) c.runs.push(c.run());
const results = cases.map((c) => bestOf(c.program, c.model, c.runs));

const rp2040jsMips = (program: string) =>
  results.find((r) => r.program === program && r.model.startsWith('rp2040js'))!.mips;
console.log(`best of ${RUNS} runs (round robin); host s = CPU time of the fastest run`);
console.log(
  formatTable(
    [
      'program',
      'core model',
      'instructions',
      'cycles',
      'host s',
      'MIPS',
      'MIPS (wall)',
      'x rp2040js',
    ],
    results.map((r) => [
      r.program,
      r.model,
      r.instructions,
      r.cycles,
      r.hostSeconds.toFixed(3),
      r.mips.toFixed(1),
      r.wallMips.toFixed(1),
      (r.mips / rp2040jsMips(r.program)).toFixed(2),
    ]),
  ),
);
console.log(
  'rp2040js cycles are its own estimate (1 per instruction + memory accesses + extras for taken\n' +
    'branches, BL, barriers), not the Cortex-M0+ cycle model; see the header of bench/iss.ts.',
);
