/**
 * XIP_CTRL at 0x1400_0000 (RP2040 datasheet §2.6.3.5 and List of Registers; pico-sdk regs/xip.h):
 * the control block of the XIP cache in front of the flash.
 * - CTRL (reset 0x3): EN (bit 0) turns the cache on; with EN clear every cached access goes to the
 *   flash and allocates nothing. ERR_BADWRITE (bit 1) and POWER_DOWN (bit 3) only store.
 * - FLUSH: writing 1 invalidates every line. The datasheet has a read of FLUSH stall until the
 *   flush completes; the flush takes no time here, so the read returns at once.
 * - STAT: FLUSH_READY (bit 0, 1 whenever no flush runs), FIFO_EMPTY (bit 1; the streaming FIFO is
 *   not modelled and is always empty), FIFO_FULL (bit 2) 0.
 * - CTR_HIT / CTR_ACC: hits and accesses of the cached windows since they were last written
 *   (any write clears a counter).
 * - STREAM_ADDR / STREAM_CTR / STREAM_FIFO: stored; the streaming engine is not modelled.
 */
import type { MachineDevice } from '../device.js';
import type { Rp2040DeviceEnv } from './env.js';
import { RegisterFile } from './registers.js';

/** The cache XIP_CTRL controls (sim/memory/xip-cache.ts). */
export interface ControlledCache {
  enabled: boolean;
  invalidate(): void;
  readonly stats: { hits: number; misses: number };
}

export interface XipCtrlConfig {
  base: number;
}

export function makeXipCtrl(
  _config: XipCtrlConfig,
  env: Rp2040DeviceEnv,
  cache: ControlledCache,
): MachineDevice {
  let hitBase = 0;
  let accessBase = 0;
  const accesses = () => cache.stats.hits + cache.stats.misses;
  return new RegisterFile(
    'XIP_CTRL',
    [
      {
        name: 'CTRL',
        offset: 0x00,
        reset: 0x3,
        writable: 0xb,
        written: (value) => (cache.enabled = (value & 1) !== 0),
      },
      {
        name: 'FLUSH',
        offset: 0x04,
        get: () => 0,
        set: (value) => {
          if ((value & 1) !== 0) cache.invalidate();
        },
      },
      { name: 'STAT', offset: 0x08, writable: 0, get: () => 0x3 },
      {
        name: 'CTR_HIT',
        offset: 0x0c,
        get: () => (cache.stats.hits - hitBase) >>> 0,
        set: () => (hitBase = cache.stats.hits),
      },
      {
        name: 'CTR_ACC',
        offset: 0x10,
        get: () => (accesses() - accessBase) >>> 0,
        set: () => (accessBase = accesses()),
      },
      { name: 'STREAM_ADDR', offset: 0x14, writable: 0xffff_fffc },
      { name: 'STREAM_CTR', offset: 0x18, writable: 0x3f_ffff },
      { name: 'STREAM_FIFO', offset: 0x1c, writable: 0 },
    ],
    env,
  );
}
