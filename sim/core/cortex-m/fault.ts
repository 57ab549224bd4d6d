/** A synchronous guest fault raised by an instruction (undefined, unaligned, invalid state...). */
export class GuestFault extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'GuestFault';
  }
}
