/** Traps, interrupts, WFI, CSRs, atomics and semihosting on the RV32 core models. */
import { describe, expect, it } from 'vitest';
import type { ModelName } from './run.js';
import { MODELS, machine, runToEbreak, runToHalt, u32 } from './run.js';

const A0 = 10;
const A1 = 11;
const A2 = 12;
const A3 = 13;

/** A handler that records mcause/mepc/mtval in a1..a3 and halts with ebreak (mtvec cleared first). */
const RECORDING_HANDLER = `
handler:
  csrrs a1, mcause, x0
  csrrs a2, mepc, x0
  csrrs a3, mtval, x0
  csrrw x0, mtvec, x0
  ebreak`;

const withHandler = (body: string) => `
  la t0, handler
  csrrw x0, mtvec, t0
${body}
  ebreak
${RECORDING_HANDLER}`;

describe.each(['hazard3', 'rv32imc-esp'] as ModelName[])('traps on %s', (model) => {
  const m = MODELS[model];

  it('ecall enters the handler with mcause 11, mepc = the ecall; mret resumes after it', () => {
    const r = runToEbreak(
      m,
      `
      la t0, h
      csrrw x0, mtvec, t0
      ecall
      li a0, 42
      ebreak
    h: csrrs a1, mcause, x0
      csrrs t1, mepc, x0
      addi t1, t1, 4
      csrrw x0, mepc, t1
      csrrw x0, mtvec, x0
      mret`,
    );
    expect(r.x[A0]).toBe(42);
    expect(r.x[A1]).toBe(11);
    // la 2, csrrw 1, ecall 3 (trap entry), 5 handler instructions, mret 2, li 1
    expect(r.cycles).toBe(2 + 1 + 3 + 5 + 2 + 1);
    expect(r.core.instructions).toBe(2 + 1 + 5 + 1 + 1); // the ecall does not retire
  });

  it('illegal instruction: mcause 2, mtval = the instruction bits', () => {
    const r = machine(m, withHandler('.word 0xffffffff'));
    runToHalt(r);
    expect(r.core.x[A1]).toBe(2);
    expect(u32(r.core.x[A3]!)).toBe(0xffffffff);
    expect(u32(r.core.x[A2]!)).toBe(0x8000000c);
  });

  it('misaligned load: mcause 4, mtval = the address', () => {
    const r = machine(m, withHandler('li a5, 0x80000102\n lw a0, 0(a5)'));
    runToHalt(r);
    expect([r.core.x[A1], u32(r.core.x[A3]!)]).toEqual([4, 0x80000102]);
  });

  it('misaligned store: mcause 6', () => {
    const r = machine(m, withHandler('li a5, 0x80000101\n sh a0, 0(a5)'));
    runToHalt(r);
    expect([r.core.x[A1], u32(r.core.x[A3]!)]).toEqual([6, 0x80000101]);
  });

  it('load from unmapped memory: load access fault, mcause 5, mtval = address', () => {
    const r = machine(m, withHandler('li a5, 0x10000000\n lw a0, 4(a5)'));
    runToHalt(r);
    expect([r.core.x[A1], u32(r.core.x[A3]!)]).toEqual([5, 0x10000004]);
  });

  it('store to unmapped memory: store access fault, mcause 7', () => {
    const r = machine(m, withHandler('li a5, 0x10000000\n sw a0, 0(a5)'));
    runToHalt(r);
    expect([r.core.x[A1], u32(r.core.x[A3]!)]).toEqual([7, 0x10000000]);
  });

  it('a trap with mtvec = 0 halts with a fault naming the cause and address', () => {
    const r = machine(m, 'li a5, 0x10000000\n lw a0, 0(a5)');
    runToHalt(r);
    expect(r.core.halt).toMatchObject({
      kind: 'fault',
      fault: 'load access fault',
      pc: 0x80000004,
      instruction: 0x0007a503,
      detail: 'load access fault at address 0x10000000 with no trap handler (mtvec = 0)',
    });
  });

  it('an illegal instruction with no handler halts with the instruction word', () => {
    const r = machine(m, '.word 0');
    runToHalt(r);
    expect(r.core.halt).toMatchObject({
      kind: 'fault',
      fault: 'illegal instruction',
      pc: 0x80000000,
    });
  });

  it('a fault in the handler before it retires an instruction is a double fault', () => {
    const r = machine(m, 'li t0, 0x10000000\n csrrw x0, mtvec, t0\n ecall');
    runToHalt(r);
    const halt = r.core.halt!;
    expect(halt.kind === 'fault' && halt.detail).toBe(
      'double fault: instruction access fault at address 0x10000000 in the handler of environment call from M-mode before it retired an instruction',
    );
  });

  it('unknown and read-only CSRs are illegal instructions', () => {
    const r1 = machine(m, withHandler('csrrs a0, 0x7c0, x0'));
    runToHalt(r1);
    expect(r1.core.x[A1]).toBe(2);
    const r2 = machine(m, withHandler('li a0, 1\n csrrw x0, mhartid, a0'));
    runToHalt(r2);
    expect(r2.core.x[A1]).toBe(2);
  });

  it('counters: mcycle and minstret count from reset; misa names the extensions', () => {
    const r = runToEbreak(
      m,
      'nop\n nop\n csrrs a0, mcycle, x0\n csrrs a1, minstret, x0\n csrrs a2, misa, x0\n csrrs a3, cycleh, x0\n ebreak',
    );
    expect([r.x[A0], r.x[A1], r.x[A3]]).toEqual([2, 3, 0]);
    // I M (A) C, MXL = 1; X on Hazard3 (Xh3power). RP2350 reads 0x40901105: U is not modelled.
    const misa = model === 'hazard3' ? 0x40801105 : 0x40001104;
    expect(u32(r.x[A2]!)).toBe(misa);
  });

  it('writing mcycle moves the counter', () => {
    const r = runToEbreak(m, 'li a0, 1000\n csrrw x0, mcycle, a0\n csrrs a1, mcycle, x0\n ebreak');
    expect(r.x[A1]).toBe(1001);
  });
});

describe('machine timer interrupt through the CLINT', () => {
  const program = (vectored: boolean) => `
    la t0, vectors
    ${vectored ? 'addi t0, t0, 1' : ''}
    csrrw x0, mtvec, t0
    li t1, 0x02004000        # mtimecmp (hart 0)
    li t2, 100
    sw t2, 0(t1)
    sw x0, 4(t1)
    li t2, 0x80              # MTIE
    csrrw x0, mie, t2
    csrrsi x0, mstatus, 8    # MIE
    wfi
    li a1, 7
    ebreak
  .balign 64
  vectors:
    j direct
    .word 0, 0, 0, 0, 0, 0   # vectors 1..6
    j timer                  # vector 7
  direct:
    li a0, 1
    j done
  timer:
    li a0, 2
  done:
    csrrs a2, mcause, x0
    li t1, 0x02004000
    li t2, -1
    sw t2, 4(t1)             # mtimecmp far in the future
    csrrs a3, mip, x0
    csrrw x0, mtvec, x0
    mret`;

  it.each([
    [false, 1],
    [true, 2],
  ])('vectored=%s: WFI sleeps until mtime >= mtimecmp, then the handler runs', (vectored, a0) => {
    const r = machine(MODELS.hazard3, program(vectored));
    runToHalt(r);
    expect(r.core.halt).toMatchObject({ kind: 'fault', fault: 'breakpoint' });
    expect(r.core.x[A0]).toBe(a0);
    expect(u32(r.core.x[A2]!)).toBe(0x80000007);
    expect(r.core.x[A3]).toBe(0); // MTIP cleared by moving mtimecmp
    expect(r.core.x[A1]).toBe(7);
    // Woken at cycle 100 exactly; trap entry 3, handler, mret, li, then ebreak's 3.
    const handler = vectored ? 2 + 1 + 8 : 2 + 1 + 2 + 8; // j, li, (j), then done: 6 x 1 + mret 2
    expect(r.core.cycles).toBe(100 + 3 + handler + 1 + 3);
  });

  it('WFI with nothing enabled sleeps (the machine sees sleeping)', () => {
    const r = machine(MODELS.hazard3, 'wfi\n ebreak');
    r.core.run(1000);
    expect(r.core.sleeping).toBe(true);
    expect(r.core.halt).toBeUndefined();
    expect(r.core.cycles).toBe(1000); // idle time passes
  });

  it('msip raises a machine software interrupt', () => {
    const r = machine(
      MODELS.hazard3,
      `
      la t0, h
      csrrw x0, mtvec, t0
      li t2, 0x8
      csrrw x0, mie, t2
      csrrsi x0, mstatus, 8
      li t1, 0x02000000
      li t2, 1
      sw t2, 0(t1)
      li a0, 5
    h: csrrs a1, mcause, x0
      csrrw x0, mtvec, x0
      ebreak`,
    );
    runToHalt(r);
    expect(u32(r.core.x[A1]!)).toBe(0x80000003);
    expect(r.core.x[A0]).toBe(0); // taken right after the store, before li a0
  });
});

describe.each(['hazard3', 'rv32imac-esp'] as ModelName[])('A extension on %s', (model) => {
  it('lr/sc succeed once; amoadd returns the old value', () => {
    const r = runToEbreak(
      MODELS[model],
      `
      la a5, data
      li t0, 5
      sw t0, 0(a5)
      lr.w a0, (a5)
      addi a0, a0, 1
      sc.w a1, a0, (a5)
      sc.w a2, a0, (a5)
      li t1, 10
      amoadd.w a3, t1, (a5)
      lw a4, 0(a5)
      ebreak
    .balign 4
    data: .word 0`,
    );
    expect([r.x[A0], r.x[A1], r.x[A2], r.x[A3], r.x[14]]).toEqual([6, 0, 1, 6, 16]);
    // la 2, li 1, sw 1, lr 1 + load-use 1, addi 1, sc 1, sc 1 + back-to-back 1, li 1, amo 4, lw 1
    expect(r.cycles).toBe(2 + 1 + 1 + 2 + 1 + 1 + 2 + 1 + 4 + 1);
  });

  it('amoswap/amomax/amominu on the same word', () => {
    const r = runToEbreak(
      MODELS[model],
      `
      la a5, data
      li t0, -3
      amoswap.w a0, t0, (a5)
      li t0, 4
      amomax.w a1, t0, (a5)
      li t0, 2
      amominu.w a2, t0, (a5)
      lw a3, 0(a5)
      ebreak
    .balign 4
    data: .word 77`,
    );
    expect([r.x[A0], r.x[A1], r.x[A2], r.x[A3]]).toEqual([77, -3, 4, 2]);
  });
});

describe('A extension absent on rv32imc-esp', () => {
  it('amoadd.w is an illegal instruction', () => {
    const r = machine(MODELS['rv32imc-esp'], 'la a5, 0x80000100\n amoadd.w a0, a1, (a5)');
    runToHalt(r);
    expect(r.core.halt).toMatchObject({ kind: 'fault', fault: 'illegal instruction' });
  });
});

describe('semihosting', () => {
  const call = `
    slli x0, x0, 0x1f
    ebreak
    srai x0, x0, 7`;
  it('SYS_WRITE0 and SYS_WRITEC print; SYS_EXIT_EXTENDED ends with the exit code', () => {
    const r = machine(
      MODELS.hazard3,
      `
      li a0, 4
      la a1, msg
      ${call}
      li a0, 3
      la a1, bang
      ${call}
      li a0, 0x20
      la a1, block
      ${call}
      ebreak
    msg: .word 0x0a6968      # "hi\\n"
    bang: .word 0x21
    block: .word 0x20026, 3`,
    );
    runToHalt(r);
    expect(r.stdout()).toBe('hi\n!');
    expect(r.core.halt).toEqual({ kind: 'semihosting', code: 3 });
  });

  it('SYS_EXIT with ADP_Stopped_ApplicationExit is exit code 0', () => {
    const r = machine(MODELS.hazard3, `li a0, 0x18\n li a1, 0x20026\n ${call}`);
    runToHalt(r);
    expect(r.core.halt).toEqual({ kind: 'semihosting', code: 0 });
  });

  it('a bare ebreak is a breakpoint, not a semihosting call', () => {
    const r = machine(MODELS.hazard3, 'li a0, 0x18\n ebreak');
    runToHalt(r);
    expect(r.core.halt).toMatchObject({ kind: 'fault', fault: 'breakpoint' });
  });
});

describe('bus wait states', () => {
  it('each data access adds the region wait states; fetches are free', () => {
    const r = runToEbreak(
      MODELS.hazard3,
      'la a5, 0x80000100\n lw a0, 0(a5)\n sw a0, 4(a5)\n ebreak',
      2,
    );
    expect(r.cycles).toBe(2 + 1 + 2 + 1 + 2);
  });
});
