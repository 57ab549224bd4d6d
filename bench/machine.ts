/**
 * Aggregate simulation speed of the multicore machine (contention modelling on, quantum 1 cycle)
 * against one bare core on a flat bus running the same instructions. Each core sums its own
 * 1 KB array in striped SRAM forever (LDR, ADDS, ADDS, SUBS, BNE): about one load per 7 cycles,
 * so the banks see real traffic. Prints host time per simulated instruction and MIPS.
 *
 * Every configuration runs in BENCH_PROCESSES fresh processes (one JIT state each: a bare core
 * measured after the machine's code has run is slower than a bare core alone). Each process reports
 * its best of BENCH_REPS runs after a warm-up run, timed in process CPU time (the host is shared and
 * noisy; the best run is the least disturbed one). The table prints the best and the worst process:
 * on Node 20 (V8 11.3) a process sometimes ends up running the cores' loop functions through
 * on-stack-replacement entries for good (after a deoptimization during a long run, V8 never gives a
 * function with cached OSR code a regular optimized version again), and the many short runs of the
 * lookahead scheduler's catch-ups then cost about twice as much. Which process does is chance.
 * "stepping" is the reference order the lookahead scheduler reproduces (MachineOptions.lookahead).
 * Run: npm run bench:machine   (BENCH_CYCLES, BENCH_REPS, BENCH_PROCESSES: run length and repeats)
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { builtinBoard } from '../platforms/boards/registry.js';
import { coreModel } from '../platforms/cores/index.js';
import { cortexMFactory } from '../sim/core/cortex-m/factory.js';
import { Machine } from '../sim/machine/machine.js';
import { FlatBus } from '../sim/memory/bus.js';
import { assemble } from '../test/sim/armv6m/thumb-asm.js';

const CYCLES_PER_CORE = Number(process.env.BENCH_CYCLES ?? 5_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 3);
const CODE = 0x2004_0000;

interface Config {
  name: string;
  cores: number;
  quantumCycles?: number;
  lookahead?: boolean;
}

const CONFIGS: Config[] = [
  { name: 'bare core (FlatBus, no machine)', cores: 0 },
  { name: 'machine, 1 core', cores: 1 },
  { name: 'machine, 2 cores', cores: 2 },
  { name: 'machine, 4 cores', cores: 4 },
  { name: 'machine, 2 cores, stepping', cores: 2, lookahead: false },
  { name: 'machine, 4 cores, stepping', cores: 4, lookahead: false },
  { name: 'machine, 2 cores, quantum 64', cores: 2, quantumCycles: 64 },
  { name: 'machine, 4 cores, quantum 64', cores: 4, quantumCycles: 64 },
];

interface Measured {
  instructions: number;
  seconds: number;
  stalls: number;
}

function program(id: number, base: number): Uint8Array {
  const source = `
  .word ${base + 0x400}
  .word ${base + 9}
  movs r2, #0
outer:
  movs r0, #0x20
  lsls r0, r0, #24
  movs r7, #${id * 4}
  lsls r7, r7, #8
  adds r0, r0, r7
  movs r3, #255
inner:
  ldr r1, [r0]
  adds r2, r2, r1
  adds r0, #4
  subs r3, #1
  bne inner
  b outer
`;
  return assemble(source, base).bytes;
}

function machineRun(c: Config, cycles: number): Measured {
  const board = builtinBoard('generic', [
    `cores=${c.cores}`,
    'core=cortex-m0plus',
    'clockHz=125e6',
  ]);
  const m = new Machine(board, {
    ...(c.quantumCycles === undefined ? {} : { quantumCycles: c.quantumCycles }),
    ...(c.lookahead === undefined ? {} : { lookahead: c.lookahead }),
  });
  for (let id = 0; id < c.cores; id++)
    m.loadBytes(CODE + id * 0x400, program(id, CODE + id * 0x400));
  for (let id = 0; id < c.cores; id++) m.start(id, CODE + id * 0x400);
  const t0 = cpuSeconds();
  const r = m.run({ maxCycles: cycles });
  const seconds = cpuSeconds() - t0;
  const instructions = r.stats.cores.reduce((s, x) => s + x.instructions, 0);
  const stalls = r.stats.cores.reduce((s, x) => s + x.stalled, 0);
  return { instructions, seconds, stalls };
}

function bareRun(cycles: number): Measured {
  const bus = new FlatBus();
  bus.addRam('sram', 0x2000_0000, 512 * 1024);
  bus.load(CODE, program(0, CODE));
  const config = {
    id: 0,
    type: 'cortex-m0plus',
    clockHz: 125e6,
    bus,
    host: { writeStdout: () => {} },
  };
  const core = cortexMFactory(coreModel('cortex-m0plus')!).create(config, { stopOnFault: true });
  core.reset(CODE);
  const t0 = cpuSeconds();
  core.run(cycles);
  return { instructions: core.instructions, seconds: cpuSeconds() - t0, stalls: 0 };
}

/** Host CPU time of this process: less disturbed than wall time by other work on the host. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** In the child: a warm-up run, then the best of REPS. */
function measure(c: Config): Measured {
  const run = (cycles: number) => (c.cores === 0 ? bareRun(cycles) : machineRun(c, cycles));
  run(Math.ceil(CYCLES_PER_CORE / 5));
  let best: Measured | undefined;
  for (let i = 0; i < REPS; i++) {
    const r = run(CYCLES_PER_CORE);
    if (best === undefined || r.seconds < best.seconds) best = r;
  }
  return best!;
}

const child = process.argv[2];
if (child !== undefined) {
  process.stdout.write(JSON.stringify(measure(CONFIGS[Number(child)]!)));
} else {
  const script = fileURLToPath(import.meta.url);
  const measureIn = (i: number): Measured => {
    const out = execFileSync(process.execPath, [...process.execArgv, script, String(i)], {
      encoding: 'utf8',
    });
    return JSON.parse(out) as Measured;
  };
  const nsPerInsn = (r: Measured) => (r.seconds * 1e9) / r.instructions;
  // Processes of different configurations interleave, so that a slow spell of the host spreads out.
  const runs: Measured[][] = CONFIGS.map(() => []);
  for (let p = 0; p < PROCESSES; p++) CONFIGS.forEach((_, i) => runs[i]!.push(measureIn(i)));
  const sorted = runs.map((rs) => [...rs].sort((a, b) => nsPerInsn(a) - nsPerInsn(b)));
  const base = nsPerInsn(sorted[0]![0]!);
  console.log(
    `${CYCLES_PER_CORE} cycles per core, cortex-m0plus @125 MHz, quantum 1 cycle unless stated; ` +
      `best of ${REPS} runs per process, best and worst of ${PROCESSES} processes`,
  );
  console.log(
    `${'configuration'.padEnd(34)} ${'MIPS'.padStart(6)}  ${'ns/insn'.padStart(7)} ${'x bare'.padStart(6)}` +
      `   worst process: ns/insn, x bare   stall cycles`,
  );
  sorted.forEach((rs, i) => {
    const best = rs[0]!;
    const worst = rs[rs.length - 1]!;
    const ns = nsPerInsn(best);
    const nsWorst = nsPerInsn(worst);
    console.log(
      `${CONFIGS[i]!.name.padEnd(34)} ${(best.instructions / best.seconds / 1e6).toFixed(1).padStart(6)}  ` +
        `${ns.toFixed(1).padStart(7)} ${(ns / base).toFixed(2).padStart(5)}x` +
        `   ${nsWorst.toFixed(1).padStart(20)} ${(nsWorst / base).toFixed(2).padStart(5)}x` +
        `   ${String(best.stalls).padStart(12)}`,
    );
  });
}
