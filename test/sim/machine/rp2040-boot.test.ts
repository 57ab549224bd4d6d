/**
 * The pieces of booting the RP2040 as on silicon that need no third-party firmware: the boot2
 * check (CRC-32/MPEG-2), a BKPT that stops only its core (pico-sdk's _exit), unimplemented
 * registers read as 0 and reported once or, with strictMmio, a bus fault, and a level-sensitive
 * interrupt line that pends again after its handler while it stays high.
 */
import { describe, expect, it } from 'vitest';
import { builtinBoard, withCores } from '../../../platforms/boards/registry.js';
import { BusFault } from '../../../sim/memory/bus.js';
import { Machine } from '../../../sim/machine/machine.js';
import { crc32Mpeg2, hasValidStage2 } from '../../../sim/machine/rom-boot.js';
import { assemble } from '../armv6m/thumb-asm.js';
import { CODE_BASE, EXIT } from './helpers.js';

const board = builtinBoard('rp2040');

describe('boot2 check', () => {
  it('CRC-32/MPEG-2 gives the catalogued check value for "123456789"', () => {
    expect(crc32Mpeg2(new TextEncoder().encode('123456789'))).toBe(0x0376e6e7);
  });

  it('accepts 252 bytes followed by their CRC, and nothing else', () => {
    const flash = new Uint8Array(4096);
    for (let i = 0; i < 252; i++) flash[i] = (i * 31 + 7) & 0xff;
    const crc = crc32Mpeg2(flash.subarray(0, 252));
    new DataView(flash.buffer).setUint32(252, crc, true);
    expect(hasValidStage2(board, flash)).toBe(true);
    flash[17]! ^= 1;
    expect(hasValidStage2(board, flash)).toBe(false);
    // An erased or empty flash is no boot2.
    expect(hasValidStage2(board, new Uint8Array(4096))).toBe(false);
    expect(hasValidStage2(board, new Uint8Array(4096).fill(0xff))).toBe(false);
  });
});

/** One RP2040 core running `source` from SRAM4 (stack at its top). */
function oneCore(source: string, options: ConstructorParameters<typeof Machine>[1] = {}) {
  const m = new Machine(withCores(board, 1), options);
  const code = assemble(`.word ${CODE_BASE + 0x400}\n.word ${CODE_BASE + 9}\n${source}`, CODE_BASE);
  m.loadBytes(CODE_BASE, code.bytes);
  m.boot(CODE_BASE);
  return m;
}

describe('a BKPT with no debugger', () => {
  it('ends the run as the firmware exit (status r0) once no other core can go on', () => {
    const m = oneCore('movs r0, #7\nbkpt #0', { breakpointsStopCore: true });
    const r = m.run({ maxCycles: 1000 });
    expect(r.exit.kind).toBe('breakpoint');
    expect(r.exit.kind === 'breakpoint' && [r.exit.code, r.exit.halt.breakpoint]).toEqual([7, 0]);
  });

  it('is a fault that ends the run at once by default', () => {
    const r = oneCore('movs r0, #7\nbkpt #3').run({ maxCycles: 1000 });
    expect(r.exit.kind).toBe('fault');
    expect(r.exit.kind === 'fault' && r.exit.halt.breakpoint).toBe(3);
  });
});

describe('unimplemented device registers', () => {
  const UART0 = 0x4003_4000;
  it('read 0 and are reported once, with the nearest register', () => {
    const m = new Machine(board);
    expect(m.buses[0]!.read32(UART0 + 0x100)).toBe(0);
    expect(m.buses[0]!.read32(UART0 + 0x100)).toBe(0);
    expect(m.unimplemented.map((u) => [u.device, u.offset, u.nearestRegister])).toEqual([
      ['UART0', 0x100, 'UARTDMACR'],
    ]);
  });

  it('are a bus fault naming the register with strictMmio', () => {
    const m = new Machine(board, { strictMmio: true });
    let fault: unknown;
    try {
      m.buses[0]!.write32(UART0 + 0x100, 1);
    } catch (e) {
      fault = e;
    }
    expect(fault).toBeInstanceOf(BusFault);
    expect((fault as BusFault).message).toBe(
      'bus fault: write of 4 byte(s) at 0x40034100: write of unimplemented register UART0+0x100 (nearest: UARTDMACR)',
    );
  });
});

/** r0 = NVIC_ISER (0xe000_e100). */
const NVIC_ISER_TO_R0 = [
  'movs r0, #0xe0',
  'lsls r0, r0, #24',
  'movs r1, #0xe1',
  'lsls r1, r1, #8',
  'adds r0, r0, r1',
];

describe('a level-sensitive interrupt line', () => {
  // Vector table at SRAM4 (VTOR resets to it): reset at +0x100, IRQ 0 (exception 16) at +0x180.
  // Thread mode enables IRQ 0 and sleeps in WFI until the handler ran `runs` times, then BKPT;
  // the handler counts in r5 and stores the count at SRAM4 + 0x300.
  const program = (runs: number) => {
    const main = assemble(
      [
        ...NVIC_ISER_TO_R0,
        'movs r1, #1',
        'str r1, [r0]',
        'movs r5, #0',
        'loop: wfi',
        `cmp r5, #${runs}`,
        'bne loop',
        'bkpt #0',
      ].join('\n'),
      CODE_BASE + 0x100,
    );
    const handler = assemble(
      [
        'adds r5, #1',
        'movs r0, #0x20',
        'lsls r0, r0, #24',
        'movs r1, #0x40',
        'lsls r1, r1, #12',
        'adds r0, r0, r1',
        'movs r1, #3',
        'lsls r1, r1, #8',
        'adds r0, r0, r1', // SRAM4 + 0x300
        'str r5, [r0]',
        'bx lr',
      ].join('\n'),
      CODE_BASE + 0x180,
    );
    const m = new Machine(withCores(board, 1), { breakpointsStopCore: true });
    const table = new DataView(new ArrayBuffer(17 * 4));
    table.setUint32(0, CODE_BASE + 0x400, true);
    table.setUint32(4, CODE_BASE + 0x101, true);
    table.setUint32(16 * 4, CODE_BASE + 0x181, true);
    m.loadBytes(CODE_BASE, new Uint8Array(table.buffer));
    m.loadBytes(CODE_BASE + 0x100, main.bytes);
    m.loadBytes(CODE_BASE + 0x180, handler.bytes);
    m.boot(CODE_BASE);
    return m;
  };

  it('pends again after each handler while it stays high: the handler runs back to back', () => {
    const m = program(3);
    m.deviceHost.setIrq!(0, 0, true);
    // Thread mode never runs again: every exception return tail-chains into the handler.
    expect(m.run({ maxCycles: 400 }).exit.kind).toBe('max-cycles');
    expect(m.buses[0]!.read32(CODE_BASE + 0x300)).toBe(LEVEL_RUNS_IN_400_CYCLES);
    // Lowered, the handler's last run returns to the thread, which sees more than 3 and sleeps.
    m.deviceHost.setIrq!(0, 0, false);
    expect(m.run({ maxCycles: 800 }).exit.kind).toBe('deadlock');
  });

  it('pends once for a pulse: then the core sleeps for good', () => {
    const m = program(3);
    m.deviceHost.setIrq!(0, 0, true);
    m.deviceHost.setIrq!(0, 0, false);
    expect(m.run({ maxCycles: 400 }).exit.kind).toBe('deadlock');
    expect(m.buses[0]!.read32(CODE_BASE + 0x300)).toBe(1);
  });
});

/** Handler runs in 400 cycles with the line high (exception entry, 11 instructions, return). */
const LEVEL_RUNS_IN_400_CYCLES = 11;

describe('SIO_IRQ_PROC0/1 (RP2040 datasheet §2.3.1.5): FIFO status as interrupt lines', () => {
  it('core 0 sleeps in WFI with IRQ 15 enabled; core 1 pushes a word; the handler reads it', () => {
    const core0 = assemble(
      [
        'movs r5, #0', // before the enable: the line may be high already
        ...NVIC_ISER_TO_R0,
        'movs r1, #1',
        'lsls r1, r1, #15', // SIO_IRQ_PROC0
        'str r1, [r0]',
        'loop: cmp r5, #1',
        'beq done',
        'wfi',
        'b loop',
        'done:',
        EXIT,
      ].join('\n'),
      CODE_BASE + 0x100,
    );
    const handler = assemble(
      [
        'movs r0, #0xd0',
        'lsls r0, r0, #24', // SIO
        'ldr r1, [r0, #0x58]', // FIFO_RD
        'movs r2, #0x20',
        'lsls r2, r2, #24',
        'str r1, [r2]',
        'ldr r1, [r0, #0x50]', // FIFO_ST once read empty
        'str r1, [r2, #4]',
        'adds r5, #1',
        'bx lr',
      ].join('\n'),
      CODE_BASE + 0x180,
    );
    const core1 = assemble(
      [
        'movs r0, #0xd0',
        'lsls r0, r0, #24',
        'movs r2, #200', // a while after core 0 went to sleep
        'delay: subs r2, #1',
        'bne delay',
        'movs r1, #0x5a',
        'str r1, [r0, #0x54]', // FIFO_WR
        'sleep: wfe',
        'b sleep',
      ].join('\n'),
      CODE_BASE + 0x500,
    );
    const m = new Machine(board);
    const table = new DataView(new ArrayBuffer(32 * 4));
    table.setUint32(0, CODE_BASE + 0x400, true);
    table.setUint32(4, CODE_BASE + 0x101, true);
    table.setUint32(31 * 4, CODE_BASE + 0x181, true); // exception 16 + 15
    m.loadBytes(CODE_BASE, new Uint8Array(table.buffer));
    m.loadBytes(CODE_BASE + 0x100, core0.bytes);
    m.loadBytes(CODE_BASE + 0x180, handler.bytes);
    const table1 = new DataView(new ArrayBuffer(8));
    table1.setUint32(0, CODE_BASE + 0x800, true);
    table1.setUint32(4, CODE_BASE + 0x501, true);
    m.loadBytes(CODE_BASE + 0x400, new Uint8Array(table1.buffer));
    m.loadBytes(CODE_BASE + 0x500, core1.bytes);
    m.start(0, CODE_BASE);
    m.start(1, CODE_BASE + 0x400);
    const r = m.run({ maxCycles: 10_000 });
    expect(m.buses[0]!.read32(0x2000_0000)).toBe(0x5a);
    expect(m.buses[0]!.read32(0x2000_0004)).toBe(2); // RDY only: the line is low again
    expect(r.exit).toMatchObject({ kind: 'semihosting', code: 0 });
    // Core 0 slept from its WFI until core 1's push, 200 loop turns (3 cycles each) in.
    expect(r.stats.cores[0]!.sleeping).toBeGreaterThan(500);
  });
});
