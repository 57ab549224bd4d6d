import { describe, expect, it } from 'vitest';
import { clockTreeOf } from '../../../../sim/devices/rp2040/clock-tree.js';
import { resetLinesOf, RESET_BIT } from '../../../../sim/devices/rp2040/resets.js';
import { baudRate, FR, frameBits, makeUart } from '../../../../sim/devices/rp2040/uart.js';
import { BASE, rw, testEnv } from './helpers.js';

const U = {
  DR: 0x00,
  FR: 0x18,
  IBRD: 0x24,
  FBRD: 0x28,
  LCR_H: 0x2c,
  CR: 0x30,
  IFLS: 0x34,
  IMSC: 0x38,
  RIS: 0x3c,
  MIS: 0x40,
  ICR: 0x44,
} as const;
const LCR_H_8N1_FIFO = (3 << 5) | (1 << 4); // WLEN 8 bits, FEN
const CR_ENABLED = (1 << 0) | (1 << 8) | (1 << 9); // UARTEN, TXE, RXE
/** 115200 baud 8N1 at clk_peri 125 MHz: 10 x (64 x 67 + 52) / (4 x 125 MHz) = 86.8 us. */
const FRAME_NS = 86_800;

/** UART0 out of reset on clk_peri 125 MHz, set up as pico-sdk uart_init(uart0, 115200). */
function uart0() {
  const env = testEnv();
  clockTreeOf(env).clkPeriHz = () => 125e6;
  const dev = makeUart({ base: BASE.UART0, uart: 0 }, env);
  resetLinesOf(env).set(0x01ff_ffff & ~(1 << RESET_BIT.UART0));
  const u = rw(dev);
  u.write(U.IBRD, 67); // uart_set_baudrate: (8 x 125e6 / 115200 + 1) >> 7
  u.write(U.FBRD, 52);
  u.write(U.LCR_H, LCR_H_8N1_FIFO);
  u.write(U.CR, CR_ENABLED);
  return { env, dev, u };
}

describe('UART (PL011, RP2040 datasheet §4.2)', () => {
  it('has the regs/uart.h reset values and PrimeCell IDs', () => {
    const u = rw(makeUart({ base: BASE.UART1, uart: 1 }, testEnv()));
    expect([u.read(U.FR), u.read(U.CR), u.read(U.IFLS)]).toEqual([0x90, 0x300, 0x12]);
    const ids = [0xfe0, 0xfe4, 0xfe8, 0xfec, 0xff0, 0xff4, 0xff8, 0xffc].map((o) => u.read(o));
    expect(ids).toEqual([0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1]);
  });

  it('frame length and baud rate from LCR_H, IBRD and FBRD', () => {
    expect(frameBits(3 << 5)).toBe(10); // 8N1
    expect(frameBits((3 << 5) | (1 << 1) | (1 << 3))).toBe(12); // 8E2
    expect(frameBits(0)).toBe(7); // 5N1
    expect(baudRate(125e6, 67, 52)).toBeCloseTo(115_207.37, 2);
  });

  it('delivers bytes through serialOut 86.8 us apart at 115200 8N1', () => {
    const { env, u } = uart0();
    for (const b of [0x48, 0x69, 0x0a]) u.write(U.DR, b);
    expect(u.read(U.FR) & (FR.BUSY | FR.TXFE)).toBe(FR.BUSY);
    env.clock.advanceBy(1e6);
    expect(env.serial.map((s) => [s.port, s.byte])).toEqual([
      ['uart0', 0x48],
      ['uart0', 0x69],
      ['uart0', 0x0a],
    ]);
    const times = env.serial.map((s) => s.atNs);
    expect(times[0]).toBeCloseTo(FRAME_NS, 6);
    expect(times[1]! - times[0]!).toBeCloseTo(FRAME_NS, 6);
    expect(times[2]! - times[1]!).toBeCloseTo(FRAME_NS, 6);
    expect(u.read(U.FR)).toBe(FR.TXFE | FR.RXFE);
  });

  it('TXFE clears while the FIFO holds bytes; TXFF at 32 waiting bytes; BUSY until the last has left', () => {
    const { env, u } = uart0();
    for (let i = 0; i < 33; i++) u.write(U.DR, i); // one shifts out, 32 wait
    expect(u.read(U.FR) & (FR.TXFF | FR.TXFE | FR.BUSY)).toBe(FR.TXFF | FR.BUSY);
    u.write(U.DR, 0xee); // lost: FIFO full
    env.clock.advanceBy(33 * FRAME_NS - 1);
    expect(u.read(U.FR) & (FR.TXFE | FR.BUSY)).toBe(FR.TXFE | FR.BUSY);
    env.clock.advanceBy(1);
    expect(u.read(U.FR) & (FR.TXFE | FR.BUSY)).toBe(FR.TXFE);
    expect(env.serial.map((s) => s.byte)).toEqual(Array.from({ length: 33 }, (_, i) => i));
  });

  it('IBRD/FBRD take effect on the LCR_H write (PL011 TRM §3.3.7)', () => {
    const { env, u } = uart0();
    u.write(U.IBRD, 134); // ~57600, not latched yet
    u.write(U.DR, 1);
    env.clock.advanceBy(1e6);
    expect(env.serial[0]!.atNs).toBeCloseTo(FRAME_NS, 6);
    u.write(U.FBRD, 40);
    u.write(U.LCR_H, LCR_H_8N1_FIFO);
    const start = env.clock.nowNs();
    u.write(U.DR, 2);
    env.clock.advanceBy(1e6);
    expect(env.serial[1]!.atNs - start).toBeCloseTo((10 * (64 * 134 + 40) * 1e9) / 500e6, 6);
  });

  it('holds bytes while CR.UARTEN is clear and sends them once enabled', () => {
    const { env, u } = uart0();
    u.write(U.CR, 0);
    u.write(U.DR, 0x55);
    env.clock.advanceBy(1e6);
    expect(env.serial).toEqual([]);
    u.write(U.CR, CR_ENABLED);
    env.clock.advanceBy(FRAME_NS);
    expect(env.serial.map((s) => s.byte)).toEqual([0x55]);
  });

  it('TX interrupt: set when the FIFO drains to the 1/2 level, raises UART0_IRQ (20), ICR clears it', () => {
    const { env, u } = uart0();
    u.write(U.IMSC, 1 << 5);
    for (let i = 0; i < 18; i++) u.write(U.DR, i); // 1 shifting, 17 waiting (> 16)
    expect(u.read(U.RIS) & (1 << 5)).toBe(0);
    env.clock.advanceBy(FRAME_NS); // next byte starts: 16 waiting
    expect(u.read(U.MIS)).toBe(1 << 5);
    expect([env.irq.get('0:20'), env.irq.get('1:20')]).toEqual([true, true]);
    u.write(U.ICR, 1 << 5);
    expect(u.read(U.MIS)).toBe(0);
    expect(env.irq.get('0:20')).toBe(false);
  });

  it('receives into the RX FIFO: RXFE clears, DR pops in order', () => {
    const { dev, u } = uart0();
    dev.receive(0x31);
    dev.receive(0x32);
    expect(u.read(U.FR) & FR.RXFE).toBe(0);
    expect([u.read(U.DR), u.read(U.DR)]).toEqual([0x31, 0x32]);
    expect(u.read(U.FR) & FR.RXFE).toBe(FR.RXFE);
  });
});
