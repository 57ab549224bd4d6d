import { describe, expect, it } from 'vitest';
import { UnimplementedRegisterError } from '../../../../sim/devices/rp2040/env.js';
import { makeResets, RESET_BIT } from '../../../../sim/devices/rp2040/resets.js';
import { makeSyscfg } from '../../../../sim/devices/rp2040/syscfg.js';
import { BASE, rw, testEnv } from './helpers.js';

// RP2040 datasheet §2.1.2 atomic aliases, narrow writes, unimplemented registers.
describe('RP2040 register files', () => {
  it('XOR, SET and CLR aliases change only the written bits of the current value', () => {
    const env = testEnv();
    const r = rw(makeSyscfg({ base: BASE.SYSCFG }, env));
    r.write(0x00, 0x0000_ff00); // PROC0_NMI_MASK
    r.set(0x00, 0x0000_000f);
    expect(r.read(0x00)).toBe(0x0000_ff0f);
    r.clr(0x00, 0x0000_0f0f);
    expect(r.read(0x00)).toBe(0x0000_f000);
    r.xor(0x00, 0x0000_ff00);
    expect(r.read(0x00)).toBe(0x0000_0f00);
    // A read through an alias reads the register.
    expect(r.read(0x2000)).toBe(0x0000_0f00);
  });

  it('a CLR alias on RESET releases only the written blocks (it modifies the live value)', () => {
    const r = rw(makeResets({ base: BASE.RESETS }, testEnv()));
    r.clr(0x0, 1 << RESET_BIT.TIMER);
    r.clr(0x0, 1 << RESET_BIT.UART0);
    expect(r.read(0x0)).toBe(0x01ff_ffff & ~((1 << 21) | (1 << 22)));
  });

  it('a byte write writes the byte replicated across the word (§2.1.4)', () => {
    const dev = makeSyscfg({ base: BASE.SYSCFG }, testEnv());
    dev.write(0x01, 1, 0xab, 0);
    expect(dev.read(0x00, 4, 0)).toBe(0xabab_abab);
    expect(dev.read(0x01, 1, 0)).toBe(0xab);
    expect(dev.read(0x02, 2, 0)).toBe(0xabab);
  });

  it('an unimplemented register reads 0 and is reported once with the nearest register', () => {
    const env = testEnv();
    const r = rw(makeSyscfg({ base: BASE.SYSCFG }, env));
    expect(r.read(0x40)).toBe(0);
    expect(r.read(0x40)).toBe(0);
    r.write(0x40, 5);
    r.set(0x40, 5); // the SET alias of the same register
    expect(env.unimplemented).toEqual(['SYSCFG+0x40 MEMPOWERDOWN']);
  });

  it('in strict mode an unimplemented register throws', () => {
    const r = rw(makeSyscfg({ base: BASE.SYSCFG }, testEnv({ strict: true })));
    expect(() => r.read(0x1c)).toThrow(UnimplementedRegisterError);
    expect(() => r.write(0x1c, 1)).toThrow(/write of unimplemented register SYSCFG\+0x1c/);
  });
});
