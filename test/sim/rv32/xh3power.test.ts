/**
 * Xh3power (sim/isa/rv32/xh3power.ts): h3.block = slt x0, x0, x0 and h3.unblock = slt x0, x0, x1.
 * On Hazard3 they sleep and wake between cores like ARM's WFE/SEV (Hazard3 custom_extensions.adoc;
 * RP2350 datasheet §3.4, §3.8.6.3); on the ESP models they are the plain `slt x0, ...` NOPs. Cycles:
 * h3.block is priced as wfi, h3.unblock as alu (platforms/cores/hazard3.ts), 1 each.
 */
import { describe, expect, it } from 'vitest';
import { Rv32Decoder } from '../../../sim/isa/rv32/decode.js';
import { MATCH_H3_BLOCK, MATCH_H3_UNBLOCK } from '../../../sim/isa/rv32/xh3power.js';
import { builtinBoard } from '../../../platforms/boards/registry.js';
import { Machine, type MachineOptions } from '../../../sim/machine/machine.js';
import { assemble } from './asm.js';
import { MODELS, machine, runToEbreak, runToHalt } from './run.js';

const A0 = 10;

describe('Xh3power decoding', () => {
  it('gives the two hint words their own entries on Hazard3 only', () => {
    const word = (line: string) => {
      const b = assemble(line, 0).bytes;
      return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
    };
    expect(word('slt x0, x0, x0')).toBe(MATCH_H3_BLOCK);
    expect(word('slt x0, x0, x1')).toBe(MATCH_H3_UNBLOCK);
    expect(word('h3.block')).toBe(MATCH_H3_BLOCK);
    const hazard3 = new Rv32Decoder(MODELS.hazard3.extensions);
    expect(hazard3.decode(MATCH_H3_BLOCK)!.mnemonic).toBe('h3.block');
    expect(hazard3.decode(MATCH_H3_UNBLOCK)!.mnemonic).toBe('h3.unblock');
    // The rest of the hint space stays slt: other rs1/rs2/rd values.
    for (const line of ['slt x0, x0, x2', 'slt x0, x1, x0', 'slt x1, x0, x0', 'slt a0, a1, a2'])
      expect(hazard3.decode(word(line))!.mnemonic, line).toBe('slt');
    for (const model of [MODELS['rv32imc-esp'], MODELS['rv32imac-esp']]) {
      const esp = new Rv32Decoder(model.extensions);
      expect(esp.decode(MATCH_H3_BLOCK)!.mnemonic).toBe('slt');
      expect(esp.decode(MATCH_H3_UNBLOCK)!.mnemonic).toBe('slt');
    }
  });

  it('sets misa.X on Hazard3 (non-standard extensions present), not on the ESP models', () => {
    const misa = (model: keyof typeof MODELS) =>
      runToEbreak(MODELS[model], 'csrrs a0, misa, x0\n ebreak').x[A0]! >>> 0;
    expect(misa('hazard3') & (1 << 23)).not.toBe(0);
    expect(misa('rv32imc-esp') & (1 << 23)).toBe(0);
  });
});

describe('h3.block / h3.unblock on one Hazard3 hart', () => {
  it('h3.block with an unblock latched returns at once and consumes it', () => {
    const m = machine(MODELS.hazard3, 'h3.block\n li a0, 1\n h3.block\n li a0, 2\n ebreak');
    m.core.signalEvent(); // an unblock from another core, before the block
    m.core.run(20);
    expect(m.core.x[A0]).toBe(1); // first block fell through, the second sleeps
    expect(m.core.sleeping).toBe(true);
    expect(m.core.unblockPending).toBe(false);
    expect(m.core.instructions).toBe(3); // block, li, block (it retires, then the hart sleeps)
  });

  it('h3.block without one sleeps until an unblock arrives, which it consumes', () => {
    const m = machine(MODELS.hazard3, 'h3.block\n li a0, 1\n ebreak');
    m.core.run(1000);
    expect(m.core.sleeping).toBe(true);
    expect(m.core.cycles).toBe(1000); // idle time passes
    m.core.signalEvent();
    expect(m.core.sleeping).toBe(false);
    expect(m.core.unblockPending).toBe(false);
    runToHalt(m, 2000);
    expect(m.core.x[A0]).toBe(1);
    expect(m.core.cycles).toBe(1000 + 1 + 3); // li, then the final ebreak's trap entry
  });

  it('h3.unblock then h3.block on the same hart falls through (RP2350 feeds it back): 1 + 1', () => {
    let sent = 0;
    const m = machine(MODELS.hazard3, 'h3.unblock\n h3.block\n ebreak', 0, () => sent++);
    runToHalt(m);
    expect(sent).toBe(1);
    expect(m.core.unblockPending).toBe(false);
    expect(m.core.cycles - MODELS.hazard3.timing.trapEntry!.cycles).toBe(2);
  });

  it("h3.unblock sets the other hart's unblock latch, and its h3.block then falls through", () => {
    const other = machine(MODELS.hazard3, 'h3.block\n li a0, 1\n ebreak');
    const sender = machine(MODELS.hazard3, 'h3.unblock\n ebreak', 0, () =>
      other.core.signalEvent(),
    );
    runToHalt(sender);
    expect(other.core.unblockPending).toBe(true);
    runToHalt(other);
    expect(other.core.x[A0]).toBe(1);
    expect(other.core.cycles).toBe(1 + 1 + 3); // block (fell through), li, ebreak's trap entry
  });

  it('an unblock does not end a wfi sleep (only interrupts do), but is latched', () => {
    const m = machine(MODELS.hazard3, 'wfi\n ebreak');
    m.core.run(100);
    m.core.signalEvent();
    expect(m.core.sleeping).toBe(true);
    expect(m.core.unblockPending).toBe(true);
  });

  it('an interrupt that would end a wfi ends h3.block too (mstatus.MIE clear: no trap)', () => {
    const r = runToEbreak(
      MODELS.hazard3,
      `li t1, 0x02004000       # mtimecmp (hart 0) = 100
       li t2, 100
       sw t2, 0(t1)
       sw x0, 4(t1)
       li t2, 0x80             # mie.MTIE
       csrrw x0, mie, t2
       h3.block
       li a0, 1
       ebreak`,
    );
    expect(r.x[A0]).toBe(1);
    expect(r.cycles).toBe(100 + 1); // woken at mtime = 100, then li
  });
});

describe.each(['rv32imc-esp', 'rv32imac-esp'] as const)('the hints on %s', (model) => {
  it('are NOPs: 1 cycle each, no sleep, nothing sent', () => {
    let sent = 0;
    const m = machine(
      MODELS[model],
      'h3.block\n h3.unblock\n h3.block\n li a0, 1\n ebreak',
      0,
      () => sent++,
    );
    runToHalt(m);
    expect(m.core.x[A0]).toBe(1);
    expect(sent).toBe(0);
    expect(m.core.cycles - MODELS[model].timing.trapEntry!.cycles).toBe(4);
  });
});

// ---- two Hazard3 cores on the rp2350-riscv board (sim/machine) ----

const FLAG = 0x2000_1000; // core 0 -> core 1: the value; core 1 -> core 0 at FLAG + 4: the result
const CODE = [0x2000_0000, 0x2000_0400];

/** SYS_EXIT_EXTENDED (0x20) with ADP_Stopped_ApplicationExit and the code in a2. */
const EXIT_WITH_A2 = `
  li t0, 0x20026
  sw t0, 8(s0)
  sw a2, 12(s0)
  li a0, 0x20
  addi a1, s0, 8
  .balign 4
  slli x0, x0, 0x1f
  ebreak
  srai x0, x0, 7`;

/** Core 0 waits `delay` loop iterations, stores 41 and unblocks; it exits with core 1's result. */
const core0 = (delay: number) => `
  li s0, ${FLAG}
  li t1, ${delay}
spin:
  addi t1, t1, -1
  bne t1, x0, spin
  li t0, 41
  sw t0, 0(s0)
  h3.unblock
poll:
  lw a2, 4(s0)
  beq a2, x0, poll
${EXIT_WITH_A2}`;

/** Core 1 waits `delay` iterations, then sleeps in h3.block until the flag is set; result = flag + 1. */
const core1 = (delay: number) => `
  li s0, ${FLAG}
  li t1, ${delay}
spin:
  beq t1, x0, wait
  addi t1, t1, -1
  j spin
wait:
  h3.block
  lw t0, 0(s0)
  beq t0, x0, wait
  addi t0, t0, 1
  sw t0, 4(s0)
idle:
  h3.block
  j idle`;

function twoHarts(sources: string[], options: MachineOptions): Machine {
  const m = new Machine(builtinBoard('rp2350-riscv'), options);
  sources.forEach((s, id) => m.loadBytes(CODE[id]!, assemble(s, CODE[id]!).bytes));
  sources.forEach((_, id) => m.start(id, CODE[id]!));
  return m;
}

describe.each([
  ['quantum 1 (the default scheduling)', { quantumCycles: 1 }],
  ['quantum 8', { quantumCycles: 8 }],
])('two Hazard3 cores on rp2350-riscv, %s', (_name, options) => {
  it('core 1 sleeps in h3.block until core 0 stores the flag and runs h3.unblock', () => {
    const r = twoHarts([core0(300), core1(0)], options).run({ maxCycles: 100_000 });
    expect(r.exit).toEqual({ kind: 'semihosting', code: 42, coreId: 0 });
    const [c0, c1] = r.stats.cores;
    // Core 0 spins ~600 cycles (addi + predicted bne) before it unblocks; core 1 sleeps through it.
    expect(c1!.sleeping).toBeGreaterThan(550);
    expect(c1!.sleeping).toBeLessThan(c0!.cycles);
    // No polling: li (2 words), li, beq, block, then lw, beq, addi, sw and the idle block.
    expect(c1!.instructions).toBe(9);
    expect(c0!.sleeping).toBe(0);
  });

  it('an unblock that arrives before the h3.block is latched: core 1 never sleeps on it', () => {
    const r = twoHarts([core0(1), core1(300)], options).run({ maxCycles: 100_000 });
    expect(r.exit).toEqual({ kind: 'semihosting', code: 42, coreId: 0 });
    const [c0, c1] = r.stats.cores;
    // Core 1 reached h3.block ~1200 cycles in, long after the unblock; it fell straight through
    // and only its final `idle` block sleeps, until core 0 exits a few cycles later.
    expect(c1!.sleeping).toBeLessThan(20);
    expect(c0!.cycles).toBeGreaterThan(1200);
  });
});

describe('without h3.unblock', () => {
  it('core 1 sleeps in h3.block for the whole run (nothing else wakes it)', () => {
    const sleeper = 'h3.block\n li a0, 1\n ebreak';
    const m = twoHarts(['spin:\n j spin', sleeper], {});
    const r = m.run({ maxCycles: 5000 });
    expect(r.exit).toEqual({ kind: 'max-cycles' });
    expect(m.cores[1]!.sleeping).toBe(true);
    expect(r.stats.cores[1]!.sleeping).toBeGreaterThan(4900);
  });
});
