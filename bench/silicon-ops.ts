/**
 * `npm run bench:silicon-ops`: where the person-detection benchmark's time goes, per operator, on
 * the simulated RP2040 with one and two cores (the measurements behind bench:silicon's 2-core gaps).
 *
 * The benchmark's profiler reads TIMERAWL at the start and end of every operator (pico-tflmicro's
 * MicroProfiler); the machine's counters are read at each of those reads by core 0, so each
 * operator's interval gets its instructions per core, stalled cycles per core, XIP line fills,
 * the ticks accesses waited at the shared XIP port, port accesses and SRAM bank conflicts.
 *
 *   npm run bench:silicon-ops [-- --json]
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { formatTable } from '../cli/output.js';
import { benchmarkBlock, type BenchmarkBlock } from '../scenarios/tflm-benchmark-log.js';
import { runPicoFirmware } from '../scenarios/pico-firmware.js';
import type { Machine } from '../sim/machine/machine.js';

const DIR = fileURLToPath(new URL('../../shared/firmware/rp2040/', import.meta.url));
const BLOCK = 'NoPersonDataIterations(1)';
const TIMER_BASE = 0x4005_4000;
const TIMERAWL = 0x28;

interface Counters {
  atUs: number;
  instructions: number[];
  stalled: number[];
  fills: number;
  portAccesses: number;
  portWaitCycles: number;
  bankConflicts: number;
}

function counters(m: Machine, atUs: number): Counters {
  const iface = m.map.cacheOf('XIP')?.iface?.stats;
  const tpc = m.ticksPerCycle[0]!;
  return {
    atUs,
    instructions: m.cores.map((c) => c.instructions),
    stalled: m.buses.map((b) => b.stats.stalledCycles),
    fills: iface?.fills ?? 0,
    portAccesses: iface?.accesses ?? 0,
    portWaitCycles: (iface?.waitedTicks ?? 0) / tpc,
    bankConflicts: m.map.arbiters.reduce(
      (n, a) => n + a.stats.reduce((k, s) => k + s.conflictStalls, 0),
      0,
    ),
  };
}

/** The counters at every TIMERAWL read core 0 makes, and the benchmark block. */
function run(elf: string): { reads: Counters[]; block: BenchmarkBlock } {
  const reads: Counters[] = [];
  let block: BenchmarkBlock | undefined;
  runPicoFirmware(elf, {
    until: (uart) => (block ??= benchmarkBlock(uart, BLOCK)) !== undefined,
    maxSeconds: 4,
    setup: (m) => {
      const w = m.map.find(TIMER_BASE, 0)!;
      const device = w.device!;
      const read = device.read.bind(device);
      device.read = (offset, size, coreId) => {
        const v = read(offset, size, coreId);
        if (coreId === 0 && offset === TIMERAWL) reads.push(counters(m, v));
        return v;
      };
    },
  });
  return { reads, block: block! };
}

/**
 * The profiler's two reads around each operator: the pairs of reads whose interval is the
 * operator's reported ticks, matched in order (the ticks are the difference of the two reads).
 */
function opIntervals(reads: Counters[], block: BenchmarkBlock): [Counters, Counters][] {
  // The block's operators run in one sequence of reads: find it by the first op's ticks and the
  // second's, then take each op's end as the first later read `ticks` after its start.
  for (let s = 0; s < reads.length; s++) {
    const out: [Counters, Counters][] = [];
    let i = s;
    for (const op of block.ops) {
      let j = i + 1;
      while (j < reads.length && reads[j]!.atUs - reads[i]!.atUs < op.ticks) j++;
      if (j >= reads.length || reads[j]!.atUs - reads[i]!.atUs !== op.ticks) break;
      out.push([reads[i]!, reads[j]!]);
      i = j + 1;
    }
    if (out.length === block.ops.length) return out;
  }
  throw new Error('no sequence of TIMERAWL reads matches the benchmark block');
}

function main(): void {
  const one = join(DIR, 'person_detection_benchmark-1core.elf');
  const two = join(DIR, 'person_detection_benchmark-2core.elf');
  if (!existsSync(one)) {
    console.log('[skip] bench:silicon-ops needs ../shared/firmware/rp2040 beside the checkout');
    return;
  }
  const silicon = JSON.parse(readFileSync(join(DIR, 'silicon.json'), 'utf8')) as {
    ops: { index: number; silicon1coreUs: number; silicon2coreUs: number }[];
  };
  const r1 = run(one);
  const r2 = run(two);
  const i1 = opIntervals(r1.reads, r1.block);
  const i2 = opIntervals(r2.reads, r2.block);
  const d = (a: Counters, b: Counters) => ({
    us: b.atUs - a.atUs,
    instr: b.instructions.map((x, k) => x - a.instructions[k]!),
    stalled: b.stalled.map((x, k) => x - a.stalled[k]!),
    fills: b.fills - a.fills,
    port: b.portAccesses - a.portAccesses,
    wait: Math.round(b.portWaitCycles - a.portWaitCycles),
    conflicts: b.bankConflicts - a.bankConflicts,
  });
  const rows = r1.block.ops.map((op, k) => {
    const x = d(...i1[k]!);
    const y = d(...i2[k]!);
    const s = silicon.ops[k]!;
    return [
      op.index,
      op.op,
      s.silicon1coreUs,
      x.us,
      x.instr[0]!,
      x.fills,
      s.silicon2coreUs,
      y.us,
      `${y.instr[0]!}/${y.instr[1]!}`,
      `${y.stalled[0]!}/${y.stalled[1]!}`,
      y.fills,
      y.port,
      y.wait,
      y.conflicts,
    ];
  });
  if (process.argv.includes('--json')) {
    console.log(
      JSON.stringify({ oneCore: i1.map((p) => d(...p)), twoCore: i2.map((p) => d(...p)) }),
    );
    return;
  }
  console.log(
    formatTable(
      [
        '#',
        'op',
        'si 1c us',
        'sim 1c us',
        'instr',
        'fills',
        'si 2c us',
        'sim 2c us',
        'instr c0/c1',
        'stalled c0/c1',
        'fills',
        'port acc',
        'port wait',
        'bank confl',
      ],
      rows,
    ),
  );
}

main();
