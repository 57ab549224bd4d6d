/**
 * Unmodified pico-sdk firmware (../shared/firmware/rp2040, third-party builds measured on silicon)
 * on the simulated RP2040 from reset: both cores start in arielsim's own boot ROM, which checks
 * boot2's CRC and runs it; boot2 programs the SSI for XIP; crt0, runtime_init, clocks_init, the
 * UART and the TIMER run as on the chip. Each long simulation runs once and many things are
 * asserted on it; the figures beside silicon are in `npm run bench:silicon`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveBoard } from '../../../cli/commands/board-option.js';
import { bootRomImage } from '../../../runtime-gen/prebuilt.js';
import { benchmarkBlock, type BenchmarkBlock } from '../../../scenarios/tflm-benchmark-log.js';
import { runPicoFirmware } from '../../../scenarios/pico-firmware.js';
import { parseElf } from '../../../sim/elf.js';
import { Machine } from '../../../sim/machine/machine.js';
import { SHARED } from '../../helpers/shared.js';

const DIR = join(SHARED, 'firmware/rp2040');
const HAVE = existsSync(join(DIR, 'silicon.json'));
if (!HAVE) console.warn(`[skip] ${DIR} not found: the pico-sdk firmware tests are skipped`);
const BLOCK = 'NoPersonDataIterations(1)';

/** UART bytes with the simulated ns at which each left the wire. */
function boot(file: string, rom?: Uint8Array) {
  const elf = parseElf(new Uint8Array(readFileSync(join(DIR, file))), file);
  const bytes: { byte: number; atNs: number }[] = [];
  const m = new Machine(resolveBoard('rp2040', []), {
    serialOut: (_port, byte, atNs) => bytes.push({ byte, atNs }),
    breakpointsStopCore: true,
  });
  m.load(elf);
  m.loadBytes(0, rom ?? bootRomImage('rp2040-bootrom'));
  m.bootFromRom();
  const text = () => String.fromCharCode(...bytes.map((b) => b.byte));
  return { m, elf, bytes, text };
}

const opNames = () =>
  (
    JSON.parse(readFileSync(join(DIR, 'silicon.json'), 'utf8')) as { ops: { op: string }[] }
  ).ops.map((o) => o.op);

describe.skipIf(!HAVE)('pico-sdk firmware on the simulated RP2040, from reset', () => {
  it('hello_serial prints "Hello, world!\\r\\n" every 1.000 s of simulated time (TIMER alarm, WFE)', () => {
    const { m, bytes, text } = boot('hello_serial.elf');
    const result = m.run({ maxCycles: 3.2 * 125e6 });
    expect(result.exit.kind).toBe('max-cycles');
    expect(text()).toBe('Hello, world!\r\n'.repeat(4));
    const ends = bytes.filter((b) => b.byte === 10).map((b) => b.atNs);
    for (let i = 1; i < ends.length; i++)
      expect(Math.abs(ends[i]! - ends[i - 1]! - 1e9)).toBeLessThan(1e6); // 1.000 s +- 0.1%
    // A byte every 10 bits at 115200 baud: 86.8 us (UART0 from clk_peri 125 MHz, IBRD 67 FBRD 52).
    expect(Math.round(bytes[1]!.atNs - bytes[0]!.atNs)).toBe(86_800);
    expect(m.bootedFromRom).toBe(true);
    expect(m.unimplemented).toEqual([]);
  });

  it('hello_multicore: both cores print; core 0 ends at _exit (bkpt #0); two runs are identical', () => {
    const runs = [0, 1].map(() => {
      const { m, elf, bytes, text } = boot('hello_multicore.elf');
      const result = m.run({ maxCycles: 0.02 * 125e6 });
      m.settleDevices(40e6);
      return { m, elf, bytes, text: text(), result };
    });
    const [a, b] = runs as [(typeof runs)[0], (typeof runs)[0]];
    expect(a.text.startsWith('Hello, multicore!\r\n')).toBe(true);
    expect(a.text).toContain("It's all gone well on core 0!");
    expect(a.text).toContain('Its all gone well on core 1!');
    expect(a.text.length).toBe(19 + 29 + 28);
    // Core 0 stopped at pico-sdk's _exit; core 1 spins in tight_loop_contents as on the chip.
    expect(a.m.live[0]).toBe(0);
    expect(
      a.elf.symbolAt(
        a.m.cores[0]!.halt!.kind === 'fault' ? (a.m.cores[0]!.halt as { pc: number }).pc : 0,
      )?.name,
    ).toBe('_exit');
    expect(a.m.live[1]).toBe(1);
    expect(a.result.exit.kind).toBe('max-cycles');
    // Deterministic: the same cycles, trace and UART bytes at the same times.
    expect(b.result.traceHash).toBe(a.result.traceHash);
    expect(b.m.cores.map((c) => c.cycles)).toEqual(a.m.cores.map((c) => c.cycles));
    expect(b.bytes).toEqual(a.bytes);
  });

  it("hello_serial boots the same from ../shared's B2 ROM (its own boot path and functions)", () => {
    const rom = new Uint8Array(readFileSync(join(DIR, 'bootrom-b2-from-source.bin')));
    const { m, text } = boot('hello_serial.elf', rom);
    m.run({ maxCycles: 0.5 * 125e6 });
    expect(text()).toBe('Hello, world!\r\n');
  });

  function benchmark(file: string): {
    block: BenchmarkBlock;
    run: ReturnType<typeof runPicoFirmware>;
  } {
    let block: BenchmarkBlock | undefined;
    const run = runPicoFirmware(join(DIR, file), {
      until: (uart) => (block ??= benchmarkBlock(uart, BLOCK)) !== undefined,
      maxSeconds: 4,
    });
    return { block: block!, run };
  }

  it('person detection, 1 core: all 31 op lines of the benchmark block and its total', () => {
    const { block, run } = benchmark('person_detection_benchmark-1core.elf');
    expect(block.ops.map((o) => o.op)).toEqual(opNames());
    const sum = block.ops.reduce((n, o) => n + o.ticks, 0);
    // The header's total includes the profiler's own work between the ops.
    expect(block.totalTicks).toBeGreaterThanOrEqual(sum);
    expect(block.totalTicks - sum).toBeLessThan(sum / 100);
    expect(block.totalTicks).toBe(PD_1CORE_TOTAL_TICKS);
    expect(run.machine.unimplemented).toEqual([]);
    // Core 1 stays in the ROM's wait_for_vector the whole run.
    expect(run.machine.cores[1]!.sleeping).toBe(true);
  });

  it('person detection, 2 cores: core 1 relaunched through PSM and the ROM for every split op', () => {
    const { block, run } = benchmark('person_detection_benchmark-2core.elf');
    expect(block.ops.map((o) => o.op)).toEqual(opNames());
    expect(block.totalTicks).toBe(PD_2CORE_TOTAL_TICKS);
    expect(run.machine.starts[1]).toBe(PD_2CORE_CORE1_STARTS);
    expect(run.machine.unimplemented).toEqual([]);
  });
});

/** The deterministic figures of the runs above (see bench:silicon for them beside silicon). */
const PD_1CORE_TOTAL_TICKS = 821_496;
const PD_2CORE_TOTAL_TICKS = 567_533;
const PD_2CORE_CORE1_STARTS = 55;
