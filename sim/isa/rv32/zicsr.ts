/**
 * Zicsr: the six CSR instructions (Unprivileged spec ch. 9). A write happens for csrrw/csrrwi always,
 * and for csrrs/csrrc(i) only when rs1/uimm is not zero, so read-only CSRs can be read with them.
 */
import type { TableEntry } from './types.js';
import { CsrOp } from './types.js';
import { MASK_F3, op32 } from './formats.js';

export const ZICSR: TableEntry[] = [
  op32('csrrw', 0x1073, MASK_F3, 'zicsr', 'CSR', (h, d) =>
    h.csrAccess(d, CsrOp.WRITE, h.x[d.rs1]!, true),
  ),
  op32('csrrs', 0x2073, MASK_F3, 'zicsr', 'CSR', (h, d) =>
    h.csrAccess(d, CsrOp.SET, h.x[d.rs1]!, d.rs1 !== 0),
  ),
  op32('csrrc', 0x3073, MASK_F3, 'zicsr', 'CSR', (h, d) =>
    h.csrAccess(d, CsrOp.CLEAR, h.x[d.rs1]!, d.rs1 !== 0),
  ),
  op32('csrrwi', 0x5073, MASK_F3, 'zicsr', 'CSRI', (h, d) =>
    h.csrAccess(d, CsrOp.WRITE, d.rs1, true),
  ),
  op32('csrrsi', 0x6073, MASK_F3, 'zicsr', 'CSRI', (h, d) =>
    h.csrAccess(d, CsrOp.SET, d.rs1, d.rs1 !== 0),
  ),
  op32('csrrci', 0x7073, MASK_F3, 'zicsr', 'CSRI', (h, d) =>
    h.csrAccess(d, CsrOp.CLEAR, d.rs1, d.rs1 !== 0),
  ),
];
