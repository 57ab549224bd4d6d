/** Semihosting through the ISA-neutral handler and through BKPT 0xAB on the Cortex-M0+. */
import { describe, expect, test } from 'vitest';
import { FlatBus } from '../../sim/memory/bus.js';
import { ADP_STOPPED_APPLICATION_EXIT, semihostingCall, SYS } from '../../sim/semihosting.js';
import { runThumb } from './armv6m/runner.js';

function setup() {
  const bus = new FlatBus();
  bus.addRam('ram', 0x1000, 0x1000);
  const out: number[] = [];
  const call = (op: number, param: number, elapsedCycles = 0) =>
    semihostingCall({
      op,
      param,
      bus,
      host: { writeStdout: (b) => out.push(...b) },
      elapsedCycles,
      clockHz: 1_000_000,
    });
  const text = () => new TextDecoder().decode(Uint8Array.from(out));
  return { bus, call, text };
}

describe('semihosting operations', () => {
  test('SYS_WRITEC writes the byte r1 points at', () => {
    const s = setup();
    s.bus.write8(0x1000, 0x41);
    expect(s.call(SYS.WRITEC, 0x1000)).toEqual({ kind: 'return', value: 0 });
    expect(s.text()).toBe('A');
  });

  test('SYS_WRITE0 writes a NUL-terminated string', () => {
    const s = setup();
    s.bus.load(0x1000, new TextEncoder().encode('hi there\0junk'));
    s.call(SYS.WRITE0, 0x1000);
    expect(s.text()).toBe('hi there');
  });

  test('SYS_WRITE to handle 1 writes len bytes and returns 0 (bytes not written)', () => {
    const s = setup();
    s.bus.load(0x1100, new TextEncoder().encode('abcdef'));
    [1, 0x1100, 4].forEach((v, i) => s.bus.write32(0x1000 + 4 * i, v));
    expect(s.call(SYS.WRITE, 0x1000)).toEqual({ kind: 'return', value: 0 });
    expect(s.text()).toBe('abcd');
  });

  test('SYS_WRITE to another handle writes nothing and returns len', () => {
    const s = setup();
    [7, 0x1100, 4].forEach((v, i) => s.bus.write32(0x1000 + 4 * i, v));
    expect(s.call(SYS.WRITE, 0x1000)).toEqual({ kind: 'return', value: 4 });
    expect(s.text()).toBe('');
  });

  test('SYS_CLOCK is centiseconds of simulated time', () => {
    expect(setup().call(SYS.CLOCK, 0, 2_345_678)).toEqual({ kind: 'return', value: 234 });
  });

  test('SYS_ELAPSED writes a 64-bit tick count', () => {
    const s = setup();
    expect(s.call(SYS.ELAPSED, 0x1000, 2 ** 32 * 3 + 5)).toEqual({ kind: 'return', value: 0 });
    expect([s.bus.read32(0x1000), s.bus.read32(0x1004)]).toEqual([5, 3]);
  });

  test('SYS_EXIT: reason in r1 directly; ApplicationExit is 0, anything else 1', () => {
    const s = setup();
    expect(s.call(SYS.EXIT, ADP_STOPPED_APPLICATION_EXIT)).toEqual({ kind: 'exit', code: 0 });
    expect(s.call(SYS.EXIT, 0x20023)).toEqual({ kind: 'exit', code: 1 });
  });

  test('SYS_EXIT_EXTENDED: block {reason, subcode}; exit code = subcode', () => {
    const s = setup();
    s.bus.write32(0x1000, ADP_STOPPED_APPLICATION_EXIT);
    s.bus.write32(0x1004, 42);
    expect(s.call(SYS.EXIT_EXTENDED, 0x1000)).toEqual({ kind: 'exit', code: 42 });
    s.bus.write32(0x1000, 0x20023);
    expect(s.call(SYS.EXIT_EXTENDED, 0x1000)).toEqual({ kind: 'exit', code: 1 });
  });

  test('an unknown operation is reported, not ignored', () => {
    expect(setup().call(0x99, 0)).toEqual({
      kind: 'unsupported',
      detail: 'unsupported semihosting operation 0x99',
    });
  });
});

describe('semihosting from a Cortex-M0+ program (BKPT 0xAB)', () => {
  test('print then exit with a code', () => {
    const run = runThumb(`
       movs r0, #4
       adr r1, msg
       bkpt #0xab
       adr r1, block
       movs r0, #0x20
       bkpt #0xab
       b end
       .align
     msg: .word 0x0a6b6f, 0
     block: .word 0x20026, 3
     end:
       nop`);
    expect(run.stdout).toBe('ok\n');
    expect(run.cpu.halt).toEqual({ kind: 'semihosting', code: 3 });
  });

  test('SYS_CLOCK returns centiseconds in r0', () => {
    const run = runThumb('movs r0, #0x10\nbkpt #0xab\nmov r4, r0');
    expect(run.cpu.r[4]).toBe(0); // 1 cycle at 100 MHz
  });
});
