/**
 * The XIP cache's data RAM as SRAM at 0x1500_0000 (RP2040 datasheet §2.6.3.1 and XIP_CTRL.CTRL.EN):
 * with the cache disabled its 16 KB read and write as ordinary memory (pico-sdk places code there
 * for `copy_to_ram_using_xip_ram` builds); with the cache enabled an access is a bus error. Little
 * endian, any size, no wait states.
 * Not modelled: the data RAM is also the cache's, so lines written here while their tags are valid
 * would be served on a later hit (the datasheet asks software to flush after such use); the cache
 * here holds only tags, and a hit returns the flash's bytes.
 */
import { DeviceAccessError, type MachineDevice } from '../device.js';
import type { ControlledCache } from './xip-ctrl.js';

export class XipSram implements MachineDevice {
  private readonly bytes: Uint8Array;

  constructor(
    readonly name: string,
    size: number,
    private readonly cache: Pick<ControlledCache, 'enabled'>,
  ) {
    this.bytes = new Uint8Array(size);
  }

  read(offset: number, size: 1 | 2 | 4): number {
    this.check(offset, 'read');
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = (v << 8) | this.bytes[offset + i]!;
    return v >>> 0;
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    this.check(offset, 'write');
    for (let i = 0; i < size; i++) this.bytes[offset + i] = value >>> (8 * i);
  }

  private check(offset: number, what: string): void {
    if (this.cache.enabled)
      throw new DeviceAccessError(
        `${this.name}: ${what} at +0x${offset.toString(16)} while the XIP cache is enabled (XIP_CTRL.CTRL.EN)`,
      );
  }
}
