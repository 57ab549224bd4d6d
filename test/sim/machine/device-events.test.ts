/**
 * Device events (sim/machine/device-events.ts): what a device schedules in simulated time happens
 * at that time on every core, asleep or running, in the reference order and under lookahead alike;
 * a core asleep with an event still to come is not asleep forever.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinBoard, withCores } from '../../../platforms/boards/registry.js';
import { parseElf } from '../../../sim/elf.js';
import { Machine, type MachineOptions } from '../../../sim/machine/machine.js';
import { REPO } from '../../helpers/cli.js';
import { assemble } from '../armv6m/thumb-asm.js';
import { CODE_BASE } from './helpers.js';

const ELF = parseElf(
  new Uint8Array(readFileSync(join(REPO, 'test/programs/bin/irq_wait.elf'))),
  'irq_wait.elf',
);
/** 125 MHz: 8 ns a cycle. */
const NS_PER_CYCLE = 8;

/**
 * irq_wait.elf on one RP2040 core: IRQ 0 at `firstNs` wakes it from WFI; when it prints
 * "spinning" the test schedules IRQ 0 again `secondAfterNs` later, which ends its busy loop.
 */
function run(
  firstNs: number | undefined,
  secondAfterNs: number,
  options: MachineOptions & { spinner?: boolean } = {},
) {
  const output: string[] = [];
  const stamps: number[] = [];
  const raise = () => {
    stamps.push(m.events.time.nowNs());
    // A pulse: the NVIC latches the interrupt pending on the rising edge; a line left high would
    // pend it again after every handler (level-sensitive, ARMv6-M B3.4.1).
    m.deviceHost.setIrq!(0, 0, true);
    m.deviceHost.setIrq!(0, 0, false);
  };
  const board = builtinBoard('rp2040');
  const m: Machine = new Machine(options.spinner ? board : withCores(board, 1), {
    ...options,
    host: {
      writeStdout: (bytes) => {
        const text = new TextDecoder().decode(bytes);
        output.push(text);
        // Scheduled from inside the core's run (a semihosting call): the run must stop for it.
        if (text === 'spinning\n')
          m.events.time.schedule(m.events.time.nowNs() + secondAfterNs, raise);
      },
    },
  });
  m.load(ELF);
  m.boot(Machine.bootAddress(ELF));
  if (options.spinner) {
    // Core 1 counts in SRAM4 meanwhile: a second live core for the schedulers to order.
    const code = assemble(
      `.word ${CODE_BASE + 0x400}\n.word ${CODE_BASE + 9}\nsub sp, #8\nmov r0, sp\nloop: ldr r1, [r0]\nadds r1, #1\nstr r1, [r0]\nb loop`,
      CODE_BASE,
    );
    m.loadBytes(CODE_BASE, code.bytes);
    m.start(1, CODE_BASE);
  }
  if (firstNs !== undefined) m.events.time.schedule(firstNs, raise);
  const r = m.run({ maxCycles: 10_000_000 });
  return { r, output, stamps, cycles: m.cores[0]!.cycles, asleep: m.sleepCycles[0]!, m };
}

describe('device events', () => {
  it('wake a core from WFI at their time and interrupt a running one at theirs', () => {
    const a = run(100_000, 10_000);
    expect(a.r.exit).toEqual({ kind: 'semihosting', code: 0, coreId: 0 });
    expect(a.output.join('')).toBe('waiting\nspinning\ndone\n');
    // IRQ 0 at 100 us = cycle 12,500: the core slept from its WFI at cycle 54 until then.
    expect(a.stamps).toEqual([100_000, 110_312]);
    expect(a.asleep).toBe(12_500 - 54);
    // "spinning" 39 cycles after the wake (exception entry, the handler, the print) at 100,312 ns;
    // the second IRQ 10 us later, at cycle 13,789; the exit 53 cycles after it (entry, handler,
    // the loop's exit, "done", the exit call).
    expect(a.stamps[1]! / NS_PER_CYCLE).toBe(13_789);
    expect(a.cycles).toBe(13_789 + 53);
    // The reference order (no lookahead) and a coarse quantum see the same times.
    const reference = run(100_000, 10_000, { lookahead: false });
    expect([reference.cycles, reference.stamps, reference.asleep]).toEqual([
      a.cycles,
      a.stamps,
      a.asleep,
    ]);
    expect(run(100_000, 10_000).cycles).toBe(a.cycles);
  });

  it('order the same way beside another running core, with and without lookahead', () => {
    const a = run(100_000, 10_000, { spinner: true });
    const b = run(100_000, 10_000, { spinner: true, lookahead: false });
    expect(a.output.join('')).toBe('waiting\nspinning\ndone\n');
    expect(a.stamps).toEqual([100_000, 110_312]);
    expect([b.stamps, b.cycles, b.asleep]).toEqual([a.stamps, a.cycles, a.asleep]);
    expect(b.m.cores[1]!.cycles).toBe(a.m.cores[1]!.cycles);
    // Core 1 works in its own bank (SRAM4): core 0's times are those it has alone.
    expect(a.cycles).toBe(13_789 + 53);
    expect(a.m.cores[1]!.cycles).toBeGreaterThan(13_000);
  });

  it('keep a sleeping core from counting as asleep forever; without them it is a deadlock', () => {
    const none = run(undefined, 10_000);
    expect(none.r.exit).toEqual({ kind: 'deadlock' });
    expect(none.output.join('')).toBe('waiting\n');
    const late = run(5_000_000, 10_000);
    expect(late.r.exit.kind).toBe('semihosting');
    expect(late.stamps[0]).toBe(5_000_000);
  });
});
