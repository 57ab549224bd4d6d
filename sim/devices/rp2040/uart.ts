/**
 * UART0 / UART1: the ARM PrimeCell PL011 (r1p5) as the RP2040 has it (RP2040 datasheet §4.2, List
 * of Registers; offsets, fields and reset values from pico-sdk regs/uart.h; behaviour from the
 * PL011 TRM, ARM DDI 0183). UARTCLK is clk_peri (§4.2.2).
 *
 * Transmit: a 32-entry TX FIFO (1 entry, the holding register, with LCR_H.FEN clear, §4.2.2.1)
 * feeds the shift register. A byte starts shifting as soon as the previous one has left, while
 * CR.UARTEN and CR.TXE are set and the baud rate is valid; a frame lasts
 *   1 start + WLEN+5 data + PEN parity + (STP2 ? 2 : 1) stop bits   (10 for 8N1)
 * at baud = UARTCLK x 4 / (64 x IBRD + FBRD) (PL011 TRM §3.3.6: divisor IBRD + FBRD/64 of
 * 16 x baud). Each byte is delivered through `serialOut(port, byte, atNs)` when its last stop bit
 * ends, in simulated time: a callback is scheduled at each frame's end, so bytes leave even when
 * no one reads the UART. IBRD, FBRD and LCR_H take effect together on an LCR_H write (PL011 TRM
 * §3.3.7: the three form one register updated on the LCR_H write strobe; pico-sdk's
 * `uart_set_baudrate` writes LCR_H afterwards for this reason). The baud rate of a frame is fixed
 * when it starts.
 *
 * FR: TXFF, TXFE (FIFO empty; the shift register may still be busy), BUSY (FIFO non-empty or a
 * frame shifting), RXFE, RXFF; CTS/DSR/DCD/RI read 0. Interrupts (RIS, MIS = RIS & IMSC, ICR):
 * TXRIS sets when the TX FIFO level falls to or below the IFLS.TXIFLSEL level (1/8..7/8 of 32;
 * with FIFOs off, when the holding register empties) and clears when it is filled above it or
 * through ICR; RXRIS sets when the RX FIFO reaches IFLS.RXIFLSEL and clears when read below it.
 * The UART's interrupt (UART0_IRQ = 20, UART1_IRQ = 21, pico-sdk intctrl.h) is MIS != 0.
 *
 * Receive: bytes arrive through `receive(byte)` (nothing drives it yet). Not modelled: the
 * receive timeout interrupt, break/parity/framing/overrun errors (RSR reads 0), loopback, IrDA,
 * modem lines, DMA handshakes (DMACR only stores). The block is reset through RESETS (bits 22/23).
 */
import type { MachineDevice } from '../device.js';
import type { TimerHandle } from '../time.js';
import { clockTreeOf } from './clock-tree.js';
import { IrqLine, type Rp2040DeviceEnv } from './env.js';
import { RegisterFile, type RegisterSpec } from './registers.js';
import { attachReset, RESET_BIT } from './resets.js';

/** FR bits (regs/uart.h UARTFR). */
export const FR = { BUSY: 1 << 3, RXFE: 1 << 4, TXFF: 1 << 5, RXFF: 1 << 6, TXFE: 1 << 7 } as const;
/** RIS/IMSC/MIS/ICR bits (regs/uart.h UARTRIS): RX 4, TX 5. */
export const UART_INT = { RX: 1 << 4, TX: 1 << 5 } as const;
const LCR_H_PEN = 1 << 1;
const LCR_H_STP2 = 1 << 3;
const LCR_H_FEN = 1 << 4;
const CR_UARTEN = 1 << 0;
const CR_TXE = 1 << 8;
const FIFO_DEPTH = 32; // §4.2.1: 32-entry TX and RX FIFOs
/** IFLS trigger levels 1/8, 1/4, 1/2, 3/4, 7/8 of the FIFO (PL011 TRM §3.3.12). */
const TRIGGER_EIGHTHS = [1, 2, 4, 6, 7];

/** UART0/UART1 facts: interrupt (intctrl.h), RESETS bit (§2.14). */
const UARTS = [
  { name: 'UART0', irq: 20, resetBit: RESET_BIT.UART0 },
  { name: 'UART1', irq: 21, resetBit: RESET_BIT.UART1 },
] as const;

export interface UartConfig {
  base: number;
  uart: 0 | 1;
  /** The name `serialOut` reports (default 'uart0' / 'uart1'). */
  port?: string;
}

export interface UartDevice extends MachineDevice {
  /** A byte arrives on RX (dropped when the RX FIFO is full). */
  receive(byte: number): void;
}

/** Bits in one frame for an LCR_H value: start, WLEN+5 data, parity, stop bits. */
export function frameBits(lcrH: number): number {
  const data = ((lcrH >>> 5) & 3) + 5;
  return 1 + data + ((lcrH & LCR_H_PEN) !== 0 ? 1 : 0) + ((lcrH & LCR_H_STP2) !== 0 ? 2 : 1);
}

/** Baud rate for UARTCLK and the divisor registers; 0 for IBRD = 0 (invalid, PL011 TRM §3.3.6). */
export function baudRate(uartClkHz: number, ibrd: number, fbrd: number): number {
  return ibrd === 0 ? 0 : (uartClkHz * 4) / (64 * ibrd + fbrd);
}

export function makeUart(config: UartConfig, env: Rp2040DeviceEnv): UartDevice {
  const facts = UARTS[config.uart];
  const port = config.port ?? `uart${config.uart}`;
  const tree = clockTreeOf(env);
  const time = env.time;
  const irq = new IrqLine(env, facts.irq);
  const tx: number[] = [];
  const rx: number[] = [];
  let shifting: { byte: number; endNs: number } | undefined = undefined;
  let handle: TimerHandle | undefined = undefined;
  let ris = 0;
  /** IBRD, FBRD, LCR_H as latched by the last LCR_H write. */
  let latched = { ibrd: 0, fbrd: 0, lcrH: 0 };

  const depth = () => ((latched.lcrH & LCR_H_FEN) !== 0 ? FIFO_DEPTH : 1);
  const trigger = (shift: number) =>
    (depth() * TRIGGER_EIGHTHS[Math.min(4, (regs.value('UARTIFLS') >>> shift) & 7)]!) / 8;
  const txTrigger = () => (depth() === 1 ? 0 : trigger(0));
  const rxTrigger = () => (depth() === 1 ? 1 : trigger(3));
  const frameNs = () => {
    const baud = baudRate(tree.clkPeriHz(), latched.ibrd, latched.fbrd);
    return baud > 0 ? (frameBits(latched.lcrH) * 1e9) / baud : undefined;
  };
  const transmitting = () => {
    const cr = regs.value('UARTCR');
    return (cr & CR_UARTEN) !== 0 && (cr & CR_TXE) !== 0;
  };
  const updateIrq = () => irq.set((ris & regs.value('UARTIMSC')) !== 0);

  /** The TX FIFO went from `before` entries to its current level. */
  const txLevelChanged = (before: number) => {
    const level = tx.length;
    if (before > txTrigger() && level <= txTrigger()) ris |= UART_INT.TX;
    if (level > txTrigger()) ris &= ~UART_INT.TX;
  };
  /** Moves the next FIFO byte into the shift register at `atNs`, if the UART may send. */
  const startNext = (atNs: number) => {
    const duration = frameNs();
    if (shifting !== undefined || tx.length === 0 || !transmitting() || duration === undefined)
      return;
    const before = tx.length;
    shifting = { byte: tx.shift()!, endNs: atNs + duration };
    txLevelChanged(before);
  };
  /** Brings the transmitter up to now: delivers every frame that has ended. */
  const advance = () => {
    const now = time.nowNs();
    while (shifting !== undefined && shifting.endNs <= now) {
      const done: { byte: number; endNs: number } = shifting;
      shifting = undefined;
      deliver(done.byte, done.endNs);
      startNext(done.endNs);
    }
    startNext(now);
    reschedule();
    updateIrq();
  };
  const deliver = (byte: number, atNs: number) => {
    if (env.serialOut !== undefined) env.serialOut(port, byte, atNs);
    else env.host.note(0, 'uart-tx', `${port} 0x${byte.toString(16).padStart(2, '0')}`);
  };
  const reschedule = () => {
    if (handle !== undefined) time.cancel(handle);
    handle = shifting === undefined ? undefined : time.schedule(shifting.endNs, advance);
  };

  const push = (value: number) => {
    advance();
    if (tx.length >= depth()) return; // PL011: a write to a full TX FIFO is lost
    const before = tx.length;
    tx.push(value & 0xff);
    txLevelChanged(before);
    advance();
  };
  const pop = (): number => {
    const byte = rx.shift();
    if (rx.length < rxTrigger()) ris &= ~UART_INT.RX;
    updateIrq();
    return byte ?? 0;
  };
  const flags = () => {
    advance();
    return (
      (shifting !== undefined || tx.length > 0 ? FR.BUSY : 0) |
      (rx.length === 0 ? FR.RXFE : 0) |
      (tx.length >= depth() ? FR.TXFF : 0) |
      (rx.length >= depth() ? FR.RXFF : 0) |
      (tx.length === 0 ? FR.TXFE : 0)
    );
  };
  const afterControl = () => advance();
  const rawInterrupts = () => {
    advance();
    return ris;
  };

  const specs: RegisterSpec[] = [
    { name: 'UARTDR', offset: 0x00, peek: () => rx[0] ?? 0, get: pop, set: push },
    { name: 'UARTRSR', offset: 0x04, writable: 0 },
    { name: 'UARTFR', offset: 0x18, reset: 0x90, writable: 0, get: flags },
    { name: 'UARTILPR', offset: 0x20, writable: 0xff },
    { name: 'UARTIBRD', offset: 0x24, writable: 0xffff },
    { name: 'UARTFBRD', offset: 0x28, writable: 0x3f },
    {
      name: 'UARTLCR_H',
      offset: 0x2c,
      writable: 0xff,
      written: (value) => {
        advance();
        latched = { ibrd: regs.value('UARTIBRD'), fbrd: regs.value('UARTFBRD'), lcrH: value };
        advance();
      },
    },
    { name: 'UARTCR', offset: 0x30, reset: 0x300, writable: 0xff87, written: afterControl },
    { name: 'UARTIFLS', offset: 0x34, reset: 0x12, writable: 0x3f },
    { name: 'UARTIMSC', offset: 0x38, writable: 0x7ff, written: updateIrq },
    { name: 'UARTRIS', offset: 0x3c, writable: 0, get: () => rawInterrupts() },
    {
      name: 'UARTMIS',
      offset: 0x40,
      writable: 0,
      get: () => rawInterrupts() & regs.value('UARTIMSC'),
    },
    {
      name: 'UARTICR',
      offset: 0x44,
      get: () => 0,
      set: (value, bits) => {
        advance();
        ris &= ~(value & bits & 0x7ff);
        updateIrq();
      },
    },
    { name: 'UARTDMACR', offset: 0x48, writable: 0x7 },
    // PrimeCell identification (regs/uart.h): PL011 r1p5, part 0x011, designer 0x41 ('A').
    ...[0x11, 0x10, 0x34, 0x00].map((reset, i) => ({
      name: `UARTPERIPHID${i}`,
      offset: 0xfe0 + 4 * i,
      reset,
      writable: 0,
    })),
    ...[0x0d, 0xf0, 0x05, 0xb1].map((reset, i) => ({
      name: `UARTPCELLID${i}`,
      offset: 0xff0 + 4 * i,
      reset,
      writable: 0,
    })),
  ];
  const regs: RegisterFile = new RegisterFile(facts.name, specs, env);

  attachReset(env, facts.resetBit, () => {
    if (handle !== undefined) time.cancel(handle);
    handle = undefined;
    shifting = undefined;
    tx.length = 0;
    rx.length = 0;
    ris = 0;
    latched = { ibrd: 0, fbrd: 0, lcrH: 0 };
    regs.resetValues();
    updateIrq();
  });

  // A new clk_peri (or a stopped one restarting) lets waiting bytes go.
  tree.onChange(advance);

  const receive = (byte: number) => {
    if (rx.length >= depth()) return;
    rx.push(byte & 0xff);
    if (rx.length >= rxTrigger()) ris |= UART_INT.RX;
    updateIrq();
  };
  return Object.assign(regs, { receive });
}
