/**
 * Machine-mode CSRs of an M-only RV32 hart (Privileged spec 20211203, ch. 3; Zicntr for the user
 * counter aliases). Unimplemented CSR numbers are illegal. mstatus keeps MIE and MPIE; MPP reads as
 * M (3). mip bits come from the interrupt sources and are read-only.
 */
export const Csr = {
  MSTATUS: 0x300,
  MISA: 0x301,
  MIE: 0x304,
  MTVEC: 0x305,
  MSTATUSH: 0x310,
  MCOUNTINHIBIT: 0x320,
  MSCRATCH: 0x340,
  MEPC: 0x341,
  MCAUSE: 0x342,
  MTVAL: 0x343,
  MIP: 0x344,
  MCYCLE: 0xb00,
  MINSTRET: 0xb02,
  MCYCLEH: 0xb80,
  MINSTRETH: 0xb82,
  CYCLE: 0xc00,
  TIME: 0xc01,
  INSTRET: 0xc02,
  CYCLEH: 0xc80,
  TIMEH: 0xc81,
  INSTRETH: 0xc82,
  MVENDORID: 0xf11,
  MARCHID: 0xf12,
  MIMPID: 0xf13,
  MHARTID: 0xf14,
  MCONFIGPTR: 0xf15,
} as const;

export const MSTATUS_MIE = 1 << 3;
export const MSTATUS_MPIE = 1 << 7;
const MSTATUS_MPP_M = 3 << 11;

/** Interrupt bits of mie/mip and the matching mcause codes. */
export const IRQ_MSI = 3;
export const IRQ_MTI = 7;
export const IRQ_MEI = 11;

const TWO32 = 0x1_0000_0000;

/** What the CSR file reads from the hart it belongs to. */
export interface CsrHost {
  readonly hartId: number;
  cycles: number;
  instructions: number;
  /** mip as the interrupt sources drive it. */
  pendingInterrupts(): number;
  /** CLINT mtime (for the time/timeh aliases). */
  mtime(): number;
  /** Called after a write that may change which interrupts can be taken. */
  interruptEnablesChanged(): void;
}

/** misa for a set of extensions: MXL = 1 (RV32) and one bit per single-letter extension. */
export function misaFor(extensions: readonly string[]): number {
  let v = 1 << 30;
  const letter = (c: string) => 1 << (c.charCodeAt(0) - 97);
  v |= letter('i');
  if (extensions.includes('m')) v |= letter('m');
  if (extensions.includes('a')) v |= letter('a');
  if (extensions.includes('zca')) v |= letter('c');
  // X: non-standard extensions (Xh3power). Always set on Hazard3 (custom_extensions.adoc); RP2350's
  // reset value is 0x40901105 (pico-sdk rvcsr.h RVCSR_MISA_RESET), whose U arielsim does not model.
  if (extensions.some((e) => e.startsWith('x'))) v |= letter('x');
  return v >>> 0;
}

export class MachineCsrs {
  mstatus = MSTATUS_MPP_M;
  mie = 0;
  mtvec = 0;
  mscratch = 0;
  mepc = 0;
  mcause = 0;
  mtval = 0;
  /** mcycle = cycles + cycleOffset, minstret = instructions + instretOffset (writes move the offsets). */
  cycleOffset = 0;
  instretOffset = 0;

  constructor(
    private readonly host: CsrHost,
    private readonly misa: number,
  ) {}

  reset(): void {
    this.mstatus = MSTATUS_MPP_M;
    this.mie = this.mtvec = this.mscratch = this.mepc = this.mcause = this.mtval = 0;
    this.cycleOffset = this.instretOffset = 0;
  }

  /** The CSR's value, or undefined when the number is not implemented. */
  read(n: number): number | undefined {
    const h = this.host;
    switch (n) {
      case Csr.MSTATUS:
        return this.mstatus >>> 0;
      case Csr.MISA:
        return this.misa;
      case Csr.MIE:
        return this.mie;
      case Csr.MTVEC:
        return this.mtvec >>> 0;
      case Csr.MSCRATCH:
        return this.mscratch >>> 0;
      case Csr.MEPC:
        return this.mepc >>> 0;
      case Csr.MCAUSE:
        return this.mcause >>> 0;
      case Csr.MTVAL:
        return this.mtval >>> 0;
      case Csr.MIP:
        return h.pendingInterrupts();
      case Csr.MSTATUSH:
      case Csr.MCOUNTINHIBIT:
      case Csr.MVENDORID:
      case Csr.MARCHID:
      case Csr.MIMPID:
      case Csr.MCONFIGPTR:
        return 0;
      case Csr.MHARTID:
        return h.hartId;
      case Csr.MCYCLE:
      case Csr.CYCLE:
        return low(h.cycles + this.cycleOffset);
      case Csr.MCYCLEH:
      case Csr.CYCLEH:
        return high(h.cycles + this.cycleOffset);
      case Csr.MINSTRET:
      case Csr.INSTRET:
        return low(h.instructions + this.instretOffset);
      case Csr.MINSTRETH:
      case Csr.INSTRETH:
        return high(h.instructions + this.instretOffset);
      case Csr.TIME:
        return low(h.mtime());
      case Csr.TIMEH:
        return high(h.mtime());
      default:
        return undefined;
    }
  }

  /** Writes a CSR already known to be readable; returns false for a read-only one. */
  write(n: number, v: number): boolean {
    if (n >>> 10 === 3) return false; // csr[11:10] = 11: read-only by number
    const h = this.host;
    switch (n) {
      case Csr.MSTATUS:
        this.mstatus = (v & (MSTATUS_MIE | MSTATUS_MPIE)) | MSTATUS_MPP_M;
        h.interruptEnablesChanged();
        return true;
      case Csr.MIE:
        this.mie = v & ((1 << IRQ_MSI) | (1 << IRQ_MTI) | (1 << IRQ_MEI));
        h.interruptEnablesChanged();
        return true;
      case Csr.MTVEC:
        // WARL: modes 0 (direct) and 1 (vectored); reserved modes fall back to direct.
        this.mtvec = (v & ~3) | ((v & 3) === 1 ? 1 : 0);
        return true;
      case Csr.MSCRATCH:
        this.mscratch = v;
        return true;
      case Csr.MEPC:
        this.mepc = v & ~1;
        return true;
      case Csr.MCAUSE:
        this.mcause = v;
        return true;
      case Csr.MTVAL:
        this.mtval = v;
        return true;
      case Csr.MCYCLE:
        this.cycleOffset = withLow(h.cycles + this.cycleOffset, v) - h.cycles;
        return true;
      case Csr.MCYCLEH:
        this.cycleOffset = withHigh(h.cycles + this.cycleOffset, v) - h.cycles;
        return true;
      case Csr.MINSTRET:
        this.instretOffset = withLow(h.instructions + this.instretOffset, v) - h.instructions;
        return true;
      case Csr.MINSTRETH:
        this.instretOffset = withHigh(h.instructions + this.instretOffset, v) - h.instructions;
        return true;
      default:
        // mip (all bits read-only on an M-only hart), mstatush, mcountinhibit: writes ignored.
        return true;
    }
  }
}

const low = (v: number): number => (v % TWO32) >>> 0;
const high = (v: number): number => Math.floor(v / TWO32) >>> 0;
const withLow = (v: number, w: number): number => Math.floor(v / TWO32) * TWO32 + (w >>> 0);
const withHigh = (v: number, w: number): number => (w >>> 0) * TWO32 + (v % TWO32);
