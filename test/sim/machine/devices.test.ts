/** Sync blocks register by register: RP2040 SIO, the boot ROM launch loop, STM32 HSEM, the mailbox. */
import { describe, expect, it } from 'vitest';
import { BootRomLaunch } from '../../../sim/devices/boot-rom-launch.js';
import type { DeviceHost } from '../../../sim/devices/device.js';
import { Hsem } from '../../../sim/devices/hsem.js';
import { Ipc, IpcChannels } from '../../../sim/devices/ipc.js';
import { MAILBOX, Mailbox } from '../../../sim/devices/mailbox.js';
import { SIO, Sio } from '../../../sim/devices/sio.js';

function recordingHost(): DeviceHost & { events: number[] } {
  const events: number[] = [];
  return { events, signalEvent: (c) => events.push(c), note: () => undefined };
}

describe('RP2040 SIO', () => {
  it('answers CPUID per core', () => {
    const sio = new Sio(recordingHost(), true);
    expect([sio.read(SIO.CPUID, 4, 0), sio.read(SIO.CPUID, 4, 1)]).toEqual([0, 1]);
  });

  it('spinlocks: a read claims (1 << n) once, then reads 0 until a write releases', () => {
    const sio = new Sio(recordingHost(), true);
    const lock5 = SIO.SPINLOCK0 + 5 * 4;
    expect(sio.read(lock5, 4, 0)).toBe(32);
    expect(sio.read(lock5, 4, 1)).toBe(0);
    expect(sio.read(SIO.SPINLOCK_ST, 4, 1)).toBe(32);
    sio.write(lock5, 4, 0, 1);
    expect(sio.read(lock5, 4, 1)).toBe(32);
    expect(sio.read(SIO.SPINLOCK0 + 31 * 4, 4, 0)).toBe(0x8000_0000);
    expect(sio.counts).toMatchObject({ lockClaims: 3, lockContended: 1 });
  });

  it('FIFOs: 8 deep per direction, status bits, sticky WOF/ROE, SEV to the reader', () => {
    const host = recordingHost();
    const sio = new Sio(host, true);
    expect(sio.read(SIO.FIFO_ST, 4, 0)).toBe(2); // RDY, nothing valid
    for (let i = 0; i < 9; i++) sio.write(SIO.FIFO_WR, 4, 100 + i, 0);
    expect(sio.read(SIO.FIFO_ST, 4, 0)).toBe(4); // full: not RDY; WOF set by the 9th word
    expect(sio.read(SIO.FIFO_ST, 4, 1)).toBe(3); // core 1: VLD and RDY
    expect(host.events).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    const words = Array.from({ length: 8 }, () => sio.read(SIO.FIFO_RD, 4, 1));
    expect(words).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
    expect(sio.read(SIO.FIFO_RD, 4, 1)).toBe(0);
    expect(sio.read(SIO.FIFO_ST, 4, 1)).toBe(2 | 8); // ROE
    sio.write(SIO.FIFO_ST, 4, 0, 1);
    expect(sio.read(SIO.FIFO_ST, 4, 1)).toBe(2);
  });

  it('divider: unsigned, signed and by zero', () => {
    const sio = new Sio(recordingHost(), true);
    const div = (dividend: number, divisor: number, signed: boolean) => {
      sio.write(signed ? 0x68 : 0x60, 4, dividend, 0);
      sio.write(signed ? 0x6c : 0x64, 4, divisor, 0);
      return [sio.read(0x70, 4, 0), sio.read(0x74, 4, 0)];
    };
    expect(div(100, 7, false)).toEqual([14, 2]);
    expect(div(0xffff_fff0, 16, false)).toEqual([0x0fff_ffff, 0]);
    expect(div(-100, 7, true)).toEqual([-14 >>> 0, -2 >>> 0]);
    expect(div(5, 0, false)).toEqual([0xffff_ffff, 5]);
    expect(div(-5, 0, true)).toEqual([1, -5 >>> 0]);
    expect(sio.read(0x78, 4, 0)).toBe(1); // READY, not DIRTY after reading the quotient
  });
});

describe('boot ROM core-1 launch', () => {
  it('echoes every word, restarts on a broken sequence and launches after the entry', () => {
    const host = recordingHost();
    const sio = new Sio(host, true);
    const launched: unknown[] = [];
    new BootRomLaunch(sio, host, (t) => launched.push(t));
    const send = (w: number) => {
      sio.write(SIO.FIFO_WR, 4, w, 0);
      return sio.read(SIO.FIFO_RD, 4, 0);
    };
    expect([0, 7].map(send)).toEqual([0, 7]); // 7 breaks the sequence
    expect(launched).toEqual([]);
    expect([0, 0, 1, 0x2000_0000, 0x2004_1000].map(send)).toEqual([
      0, 0, 1, 0x2000_0000, 0x2004_1000,
    ]);
    expect(send(0x2000_00d5)).toBe(0x2000_00d5);
    expect(launched).toEqual([
      { vectorTable: 0x2000_0000, stackPointer: 0x2004_1000, entry: 0x2000_00d5 },
    ]);
    expect(sio.core1Reader).toBeUndefined();
    expect(host.events.every((c) => c === 0)).toBe(true);
  });
});

describe('STM32H7 HSEM', () => {
  it('one-step lock by reading RLR, two-step lock by writing R, unlock by the owner only', () => {
    const hsem = new Hsem([3, 1]);
    expect(hsem.read(0x80 + 4 * 2, 4, 0)).toBe((0x8000_0000 | (3 << 8)) >>> 0); // CM7 COREID 3
    expect(hsem.read(0x80 + 4 * 2, 4, 1)).toBe((0x8000_0000 | (3 << 8)) >>> 0); // still CM7's
    hsem.write(4 * 2, 4, 0, 1); // CM4 cannot free it
    expect(hsem.read(4 * 2, 4, 1)).toBe((0x8000_0000 | (3 << 8)) >>> 0);
    hsem.write(4 * 2, 4, 0, 0); // owner frees it: CM4's status bit 2 is set
    expect(hsem.read(4 * 2, 4, 0)).toBe(0);
    expect(hsem.read(0x118, 4, 1)).toBe(4);
    hsem.write(4 * 3, 4, 0x8000_0007, 1); // two-step lock with PROCID 7
    expect(hsem.read(4 * 3, 4, 0)).toBe((0x8000_0000 | (1 << 8) | 7) >>> 0);
    hsem.write(4 * 3, 4, 0x6, 1); // wrong PROCID: stays locked
    expect(hsem.read(4 * 3, 4, 0)).not.toBe(0);
  });
});

describe('generic mailbox', () => {
  it('per-core FIFOs, CPUID, CORES and spinlocks', () => {
    const host = recordingHost();
    const mb = new Mailbox(host, 4);
    expect([0, 3].map((c) => mb.read(MAILBOX.CPUID, 4, c))).toEqual([0, 3]);
    expect(mb.read(MAILBOX.CORES, 4, 2)).toBe(4);
    mb.write(MAILBOX.TX0 + 4 * 3, 4, 42, 0);
    expect(host.events).toEqual([3]);
    expect(mb.read(MAILBOX.RX_COUNT, 4, 3)).toBe(1);
    expect(mb.read(MAILBOX.RX_POP, 4, 3)).toBe(42);
    expect(mb.read(MAILBOX.SPINLOCK0, 4, 1)).toBe(1);
    expect(mb.read(MAILBOX.SPINLOCK0, 4, 2)).toBe(0);
  });
});

describe('nRF5340 IPC', () => {
  it('TASKS_SEND signals its channels; the other instance receives on the configured event', () => {
    const host = recordingHost();
    const channels = new IpcChannels();
    const app = new Ipc('APP_IPC', host, channels, 0);
    const net = new Ipc('NET_IPC', host, channels, 1);
    app.write(0x510 + 4 * 2, 4, 1 << 5); // SEND_CNF[2] = channel 5
    net.write(0x590 + 4 * 7, 4, 1 << 5); // RECEIVE_CNF[7] = channel 5
    net.write(0x304, 4, 1 << 7); // INTENSET: RECEIVE[7]
    app.write(0x000 + 4 * 2, 4, 1); // TASKS_SEND[2]
    expect(net.read(0x100 + 4 * 7)).toBe(1); // EVENTS_RECEIVE[7]
    expect(net.read(0x30c)).toBe(1 << 7); // INTPEND
    expect(app.read(0x100 + 4 * 7)).toBe(0); // the sender's RECEIVE_CNF[7] is not set
    expect(host.events).toEqual([1]);
    net.write(0x100 + 4 * 7, 4, 0); // the handler clears the event
    expect(net.read(0x30c)).toBe(0);
  });
});

describe('RP2040 SIO FIFO interrupt lines', () => {
  it('each core line is VLD | ROE | WOF of its FIFO_ST, driven to every core', () => {
    const calls: string[] = [];
    const host: DeviceHost = {
      signalEvent: () => undefined,
      note: () => undefined,
      setIrq: (core, line, level) => calls.push(`${core}:${line}:${level ? 1 : 0}`),
    };
    const sio = new Sio(host, true, 2, [15, 16]);
    sio.write(SIO.FIFO_WR, 4, 7, 0); // core 1's FIFO gets a word: line 16 rises
    sio.write(SIO.FIFO_WR, 4, 8, 0); // already high: no change
    expect(calls.splice(0)).toEqual(['0:16:1', '1:16:1']);
    expect(sio.read(SIO.FIFO_RD, 4, 1)).toBe(7);
    expect(calls).toEqual([]);
    expect(sio.read(SIO.FIFO_RD, 4, 1)).toBe(8); // empty: line 16 falls
    expect(calls.splice(0)).toEqual(['0:16:0', '1:16:0']);
    sio.read(SIO.FIFO_RD, 4, 1); // read when empty: ROE holds the line up
    expect(calls.splice(0)).toEqual(['0:16:1', '1:16:1']);
    sio.write(SIO.FIFO_ST, 4, 0, 1); // clears ROE
    expect(calls.splice(0)).toEqual(['0:16:0', '1:16:0']);
    // Core 1 fills core 0's FIFO (line 15 rises), and the 9th word sets WOF in core 1's FIFO_ST.
    for (let i = 0; i < 9; i++) sio.write(SIO.FIFO_WR, 4, i, 1);
    expect(calls.splice(0)).toEqual(['0:15:1', '1:15:1', '0:16:1', '1:16:1']);
    expect(sio.read(SIO.FIFO_ST, 4, 1)).toBe(4);
  });
});
