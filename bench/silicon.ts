/**
 * `npm run bench:silicon`: TFLM person detection (../shared/firmware/rp2040, pico-sdk firmware
 * measured on a real RP2040 at 125 MHz) per operator: silicon beside the simulators, measured in
 * this run.
 *
 * Columns: silicon 1-core (silicon.json), rp2040js 1.4.1 on the same single-core ELF run here
 * (started at 0x1000_0000 with the B2 ROM loaded for its functions, as silicon.json describes: it
 * cannot boot from the ROM's reset vector), its error, and the rp2040js figure silicon.json recorded.
 * arielsim's columns (1-core and 2-core from reset, issue 14) are printed as "-" until the
 * simulated RP2040 boots unmodified pico-sdk firmware; the 2-core silicon figures are shown for
 * reference. The table is the `NoPersonDataIterations(1)` block of the benchmark's UART log.
 *
 *   npm run bench:silicon [-- --rp2040js-only]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsoleLogger, LogLevel, RP2040, Simulator } from 'rp2040js';
import { parseElf } from '../sim/elf.js';
import { benchmarkBlock, type BenchmarkBlock } from '../scenarios/tflm-benchmark-log.js';
import { formatTable } from '../cli/output.js';

const DIR = fileURLToPath(new URL('../../shared/firmware/rp2040/', import.meta.url));
const BLOCK = 'NoPersonDataIterations(1)';
const FLASH_BASE = 0x1000_0000;
const SRAM_BASE = 0x2000_0000;
const CYCLE_NS = 8; // 125 MHz

interface SiliconOp {
  index: number;
  op: string;
  silicon1coreUs: number;
  silicon2coreUs: number;
  rp2040js1coreUs: number;
}
interface Silicon {
  totals: Record<string, number>;
  ops: SiliconOp[];
}

/** rp2040js on `elf` until the benchmark's UART log holds `BLOCK`; its log block and host time. */
function runRp2040js(elfPath: string): {
  block: BenchmarkBlock;
  hostSeconds: number;
  cycles: number;
} {
  const elf = parseElf(new Uint8Array(readFileSync(elfPath)), elfPath);
  const sim = new Simulator();
  const mcu: RP2040 = sim.rp2040;
  // Its SEV and unimplemented-register notes at debug and warning level would flood the table.
  mcu.logger = new ConsoleLogger(LogLevel.Error);
  const rom = new Uint8Array(readFileSync(join(DIR, 'bootrom-b2-from-source.bin')));
  mcu.loadBootrom(new Uint32Array(rom.buffer, rom.byteOffset, rom.length / 4));
  for (const s of elf.segments) {
    if (s.data.length === 0) continue;
    if (s.paddr >= FLASH_BASE && s.paddr < FLASH_BASE + mcu.flash.length)
      mcu.flash.set(s.data, s.paddr - FLASH_BASE);
    else if (s.paddr >= SRAM_BASE) mcu.sram.set(s.data, s.paddr - SRAM_BASE);
  }
  mcu.core.PC = FLASH_BASE;
  let log = '';
  let block: BenchmarkBlock | undefined;
  mcu.uart[0]!.onByte = (b) => {
    log += String.fromCharCode(b);
    if (b === 10 && log.endsWith('\r\n\r\n')) block ??= benchmarkBlock(log, BLOCK);
  };
  const clock = sim.clock;
  const t0 = performance.now();
  while (block === undefined) {
    if (mcu.core.waiting) clock.tick(clock.nanosToNextAlarm);
    else clock.tick(mcu.core.executeInstruction() * CYCLE_NS);
    if (mcu.core.cycles > 20e9) throw new Error('rp2040js: no benchmark block after 20e9 cycles');
  }
  return { block, hostSeconds: (performance.now() - t0) / 1000, cycles: mcu.core.cycles };
}

const pct = (got: number, want: number) => `${(((got - want) / want) * 100).toFixed(1)}%`;

function main(): void {
  let silicon: Silicon;
  try {
    silicon = JSON.parse(readFileSync(join(DIR, 'silicon.json'), 'utf8')) as Silicon;
  } catch {
    console.log(`[skip] bench:silicon needs ../shared/firmware/rp2040 beside the checkout`);
    return;
  }
  console.log(`rp2040js: person_detection_benchmark-1core.elf until ${BLOCK} ...`);
  const js = runRp2040js(join(DIR, 'person_detection_benchmark-1core.elf'));
  const rows = silicon.ops.map((s) => {
    const got = js.block.ops[s.index - 1];
    if (got === undefined || got.op !== s.op)
      throw new Error(`op ${s.index}: the log has ${got?.op ?? 'nothing'}, silicon.json ${s.op}`);
    return [
      s.index,
      s.op,
      s.silicon1coreUs,
      '-',
      got.ticks,
      pct(got.ticks, s.silicon1coreUs),
      s.rp2040js1coreUs,
      s.silicon2coreUs,
      '-',
    ];
  });
  const sum = js.block.ops.reduce((n, o) => n + o.ticks, 0);
  rows.push([
    '',
    'total',
    silicon.totals.silicon1coreUs!,
    '-',
    sum,
    pct(sum, silicon.totals.silicon1coreUs!),
    silicon.totals.rp2040js1coreUs!,
    silicon.totals.silicon2coreUs!,
    '-',
  ]);
  console.log(
    formatTable(
      [
        '#',
        'op',
        'silicon 1c us',
        'arielsim 1c',
        'rp2040js us',
        'rp2040js err',
        'recorded rp2040js',
        'silicon 2c us',
        'arielsim 2c',
      ],
      rows,
    ),
  );
  console.log(
    `\nsilicon 2-core speedup ${silicon.totals.silicon2coreSpeedup}x; arielsim: - (pico-sdk firmware does not boot on the simulated RP2040 yet)`,
  );
  console.log(
    `rp2040js host: ${js.hostSeconds.toFixed(1)} s for ${(js.cycles / 1e6).toFixed(0)} M cycles (${(js.cycles / 1e6 / js.hostSeconds).toFixed(1)} M cycles/s), block total ${sum} us (log header ${js.block.totalTicks} us)`,
  );
}

main();
