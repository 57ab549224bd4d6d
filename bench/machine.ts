/**
 * Aggregate simulation speed of the multicore machine (contention modelling on, quantum 1 cycle)
 * against one bare core on a flat bus running the same instructions. Each core sums its own
 * 1 KB array in striped SRAM forever (LDR, ADDS, ADDS, SUBS, BNE): about one load per 7 cycles,
 * so the banks see real traffic. Prints host time per simulated instruction and MIPS.
 * Run: npm run bench:machine
 */
import { builtinBoard } from '../platforms/boards/registry.js';
import { coreModel } from '../platforms/cores/index.js';
import { cortexMFactory } from '../sim/core/cortex-m/factory.js';
import { Machine } from '../sim/machine/machine.js';
import { FlatBus } from '../sim/memory/bus.js';
import { assemble } from '../test/sim/armv6m/thumb-asm.js';

let CYCLES_PER_CORE = Number(process.env.BENCH_CYCLES ?? 5_000_000);
const CODE = 0x2004_0000;

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

function machineRun(
  cores: number,
  quantumCycles = 1,
): { instructions: number; seconds: number; stalls: number } {
  const board = builtinBoard('generic', [`cores=${cores}`, 'core=cortex-m0plus', 'clockHz=125e6']);
  const m = new Machine(board, { quantumCycles });
  for (let id = 0; id < cores; id++) m.loadBytes(CODE + id * 0x400, program(id, CODE + id * 0x400));
  for (let id = 0; id < cores; id++) m.start(id, CODE + id * 0x400);
  const r = m.run({ maxCycles: CYCLES_PER_CORE });
  const instructions = r.stats.cores.reduce((s, c) => s + c.instructions, 0);
  const stalls = r.stats.cores.reduce((s, c) => s + c.stalled, 0);
  return { instructions, seconds: r.hostSeconds, stalls };
}

function bareRun(): { instructions: number; seconds: number; stalls: number } {
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
  const t0 = performance.now();
  core.run(CYCLES_PER_CORE);
  return { instructions: core.instructions, seconds: (performance.now() - t0) / 1000, stalls: 0 };
}

// Warm-up: the JIT compiles the cores' and the machine's hot paths before anything is timed.
const measured = CYCLES_PER_CORE;
CYCLES_PER_CORE = Math.ceil(measured / 5);
bareRun();
[1, 2, 4].forEach((n) => machineRun(n));
machineRun(2, 64);
CYCLES_PER_CORE = measured;

const rows = [
  ['bare core (FlatBus, no machine)', bareRun()],
  ['machine, 1 core', machineRun(1)],
  ['machine, 2 cores', machineRun(2)],
  ['machine, 4 cores', machineRun(4)],
  ['machine, 2 cores, quantum 64', machineRun(2, 64)],
  ['machine, 4 cores, quantum 64', machineRun(4, 64)],
] as const;
const baseNsPerInsn = (rows[0][1].seconds * 1e9) / rows[0][1].instructions;
console.log(
  `${CYCLES_PER_CORE} cycles per core, cortex-m0plus @125 MHz, quantum 1 cycle unless stated`,
);
for (const [name, r] of rows) {
  const nsPerInsn = (r.seconds * 1e9) / r.instructions;
  console.log(
    `${name.padEnd(34)} ${(r.instructions / r.seconds / 1e6).toFixed(1).padStart(6)} MIPS  ` +
      `${nsPerInsn.toFixed(1).padStart(6)} ns/insn (${(nsPerInsn / baseNsPerInsn).toFixed(2)}x bare)  ` +
      `${r.stalls} stall cycles`,
  );
}
