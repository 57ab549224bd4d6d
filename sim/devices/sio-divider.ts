/**
 * The RP2040 SIO hardware divider (datasheet §2.3.1.5), one per core. The result is available
 * immediately here (silicon needs 8 cycles; reading early gives garbage, which firmware avoids by
 * waiting on CSR.READY). Division by zero: quotient -1 for unsigned (0xFFFF_FFFF) and for a
 * non-negative signed dividend, +1 for a negative one; remainder = dividend (*unverified*).
 * Offsets are relative to DIV_UDIVIDEND (0x060).
 */
const UDIVIDEND = 0x00;
const UDIVISOR = 0x04;
const SDIVIDEND = 0x08;
const SDIVISOR = 0x0c;
const QUOTIENT = 0x10;
const REMAINDER = 0x14;
const CSR = 0x18;

export class Rp2040Divider {
  private dividend = 0;
  private divisor = 0;
  private signed = false;
  private quotient = 0;
  private remainder = 0;
  private dirty = false;

  read(offset: number): number {
    switch (offset) {
      case UDIVIDEND:
      case SDIVIDEND:
        return this.dividend >>> 0;
      case UDIVISOR:
      case SDIVISOR:
        return this.divisor >>> 0;
      case QUOTIENT:
        this.dirty = false;
        return this.quotient >>> 0;
      case REMAINDER:
        return this.remainder >>> 0;
      case CSR:
        return 1 | (this.dirty ? 2 : 0);
      default:
        return 0;
    }
  }

  write(offset: number, value: number): void {
    if (offset === UDIVIDEND || offset === SDIVIDEND) this.dividend = value | 0;
    else if (offset === UDIVISOR || offset === SDIVISOR) this.divisor = value | 0;
    else if (offset === QUOTIENT) this.quotient = value | 0;
    else if (offset === REMAINDER) this.remainder = value | 0;
    else return;
    if (offset <= SDIVISOR) {
      this.signed = offset === SDIVIDEND || offset === SDIVISOR;
      this.divide();
    }
    this.dirty = true;
  }

  private divide(): void {
    if (this.divisor === 0) {
      this.quotient = this.signed && this.dividend < 0 ? 1 : -1;
      this.remainder = this.dividend;
    } else if (this.signed) {
      this.quotient = (this.dividend / this.divisor) | 0;
      this.remainder = (this.dividend % this.divisor) | 0;
    } else {
      const a = this.dividend >>> 0;
      const b = this.divisor >>> 0;
      this.quotient = Math.floor(a / b);
      this.remainder = a % b;
    }
  }
}
