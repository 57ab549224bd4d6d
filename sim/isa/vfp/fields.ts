/** Single-precision register fields of the VFP encodings (ARM DDI0403E A6.3): Vx:bit. */
export const sdOf = (op: number): number => ((op >>> 11) & 0x1e) | ((op >>> 22) & 1);
export const snOf = (op: number): number => ((op >>> 15) & 0x1e) | ((op >>> 7) & 1);
export const smOf = (op: number): number => ((op << 1) & 0x1e) | ((op >>> 5) & 1);

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
