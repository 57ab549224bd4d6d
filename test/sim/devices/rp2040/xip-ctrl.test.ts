/**
 * XIP_CTRL (RP2040 datasheet §2.6.3.5; pico-sdk regs/xip.h): CTRL resets to 0x3 (EN and
 * ERR_BADWRITE), EN clear sends every access to the flash without allocating, FLUSH invalidates
 * every line, CTR_HIT and CTR_ACC count the cache's hits and accesses and clear on any write,
 * STAT reads FLUSH_READY and FIFO_EMPTY.
 */
import { describe, expect, it } from 'vitest';
import { makeXipCtrl } from '../../../../sim/devices/rp2040/xip-ctrl.js';
import { XipCache } from '../../../../sim/memory/xip-cache.js';
import { rw, testEnv } from './helpers.js';

const CTRL = 0x00;
const FLUSH = 0x04;
const STAT = 0x08;
const CTR_HIT = 0x0c;
const CTR_ACC = 0x10;

function rig() {
  const cache = new XipCache({ sizeBytes: 16 * 1024, ways: 2, lineBytes: 8 });
  const x = rw(makeXipCtrl({ base: 0x1400_0000 }, testEnv(), cache));
  return { cache, x };
}

describe('XIP_CTRL', () => {
  it('resets CTRL to EN | ERR_BADWRITE and STAT to FLUSH_READY | FIFO_EMPTY', () => {
    const { x, cache } = rig();
    expect(x.read(CTRL)).toBe(0x3);
    expect(x.read(STAT)).toBe(0x3);
    expect(cache.enabled).toBe(true);
  });

  it('counts hits and accesses, and any write clears a counter', () => {
    const { x, cache } = rig();
    expect(cache.lookup(0x100)).toBe(false);
    expect(cache.lookup(0x104)).toBe(true);
    expect(cache.lookup(0x108)).toBe(false);
    expect([x.read(CTR_HIT), x.read(CTR_ACC)]).toEqual([1, 3]);
    x.write(CTR_HIT, 0);
    x.write(CTR_ACC, 0x1234);
    expect(cache.lookup(0x100)).toBe(true);
    expect([x.read(CTR_HIT), x.read(CTR_ACC)]).toEqual([1, 1]);
  });

  it('FLUSH invalidates every line; the read returns at once', () => {
    const { x, cache } = rig();
    cache.lookup(0x200);
    expect(cache.lookup(0x200)).toBe(true);
    x.write(FLUSH, 1);
    expect(x.read(FLUSH)).toBe(0);
    expect(cache.lookup(0x200)).toBe(false);
  });

  it('EN clear: every access misses and nothing is allocated; set again, the cache works', () => {
    const { x, cache } = rig();
    x.write(CTRL, 0x2);
    expect(cache.enabled).toBe(false);
    expect(cache.lookup(0x300)).toBe(false);
    expect(cache.lookup(0x300)).toBe(false);
    x.write(CTRL, 0x3);
    expect(cache.lookup(0x300)).toBe(false);
    expect(cache.lookup(0x300)).toBe(true);
    // POWER_DOWN (bit 3) stores; bit 2 is not a field.
    x.write(CTRL, 0xf);
    expect(x.read(CTRL)).toBe(0xb);
  });
});
