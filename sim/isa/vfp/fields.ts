/** Single-precision register fields of the VFP encodings (ARM DDI0403E A6.3): Vx:bit. */
export const sdOf = (op: number): number => ((op >>> 11) & 0x1e) | ((op >>> 22) & 1);
export const snOf = (op: number): number => ((op >>> 15) & 0x1e) | ((op >>> 7) & 1);
export const smOf = (op: number): number => ((op << 1) & 0x1e) | ((op >>> 5) & 1);
/**
 * Double-precision register fields (A6.3): bit:Vx. D[n] is S[2n+1]:S[2n] (A6.1.2); FPv4-SP and
 * FPv5-SP have d0-d15, so the tables fix the top bit to 0 (d16-d31 do not exist: UNDEFINED).
 */
export const ddOf = (op: number): number => ((op >>> 18) & 0x10) | ((op >>> 12) & 0xf);
export const dmOf = (op: number): number => ((op >>> 1) & 0x10) | (op & 0xf);

/** FPSCR cumulative exception flags. */
export const FPSCR_IOC = 1 << 0;
export const FPSCR_DZC = 1 << 1;
/** FPSCR.RMode, bits 23:22. */
export const rmodeOf = (fpscr: number): number => (fpscr >>> 22) & 3;

export function vfpEntry(
  mnemonic: string,
  match: number,
  mask: number,
  ext: 'fpv4sp' | 'fpv5sp',
  exec: import('../../core/cortex-m/decode.js').ThumbExec,
) {
  return { mnemonic, size: 4 as const, match: match >>> 0, mask: mask >>> 0, ext, exec };
}
