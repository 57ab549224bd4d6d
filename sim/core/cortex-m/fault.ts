/** A synchronous guest fault raised by an instruction (undefined, unaligned, invalid state...). */
export class GuestFault extends Error {
  constructor(
    readonly reason: string,
    /** The immediate of a BKPT with no debugger attached (pico-sdk's _exit ends in BKPT #0). */
    readonly breakpoint?: number,
  ) {
    super(reason);
    this.name = 'GuestFault';
  }
}
