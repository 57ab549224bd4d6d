/** The decode table itself: no unintended overlaps, decoder derived per extension set, Zcb layouts. */
import { describe, expect, it } from 'vitest';
import { OVERLAP_ALLOWED, RV32_TABLE } from '../../../sim/isa/rv32/table.js';
import { Rv32Decoder } from '../../../sim/isa/rv32/decode.js';
import { HAZARD3 } from '../../../platforms/cores/hazard3.js';
import { RV32IMC_ESP } from '../../../platforms/cores/rv32imc-esp.js';
import { assemble } from './asm.js';

const allowed = new Set(OVERLAP_ALLOWED.map(([a, b]) => [a, b].sort().join(' ')));

describe('rv32 decode table', () => {
  it('has no two entries whose match/mask collide, except the allow-listed pairs', () => {
    const collisions: string[] = [];
    for (let i = 0; i < RV32_TABLE.length; i++) {
      for (let j = i + 1; j < RV32_TABLE.length; j++) {
        const a = RV32_TABLE[i]!;
        const b = RV32_TABLE[j]!;
        if (a.size !== b.size) continue;
        if (((a.match ^ b.match) & a.mask & b.mask) !== 0) continue;
        const pair = [a.mnemonic, b.mnemonic].sort().join(' ');
        if (!allowed.has(pair)) collisions.push(pair);
      }
    }
    expect(collisions).toEqual([]);
  });

  it('lists every allow-listed pair as a real overlap (no stale entries)', () => {
    for (const [a, b] of OVERLAP_ALLOWED) {
      const ea = RV32_TABLE.find((e) => e.mnemonic === a)!;
      const eb = RV32_TABLE.find((e) => e.mnemonic === b)!;
      expect((ea.match ^ eb.match) & ea.mask & eb.mask).toBe(0);
    }
  });

  it('has unique mnemonics and matches inside their masks', () => {
    const names = RV32_TABLE.map((e) => e.mnemonic);
    expect(new Set(names).size).toBe(names.length);
    for (const e of RV32_TABLE) expect((e.match & ~e.mask) >>> 0, e.mnemonic).toBe(0);
  });

  it('resolves overlaps to the special case', () => {
    const d = new Rv32Decoder(HAZARD3.extensions);
    expect(d.decode(0x8082)!.mnemonic).toBe('c.jr'); // c.jr ra
    expect(d.decode(0x9002)!.mnemonic).toBe('c.ebreak');
    expect(d.decode(0x9782)!.mnemonic).toBe('c.jalr'); // c.jalr a5
    expect(d.decode(0x7101)!.mnemonic).toBe('c.addi16sp');
    expect(d.decode(0x67fd)!.mnemonic).toBe('c.lui');
  });

  it('decodes only the enabled extensions', () => {
    const esp = new Rv32Decoder(RV32IMC_ESP.extensions);
    expect(esp.decode(0x0ac5a52f)).toBeUndefined(); // amoswap.w: no A on ESP32-C3
    expect(esp.decode(0x20c5a533)).toBeUndefined(); // sh1add: no Zba
    expect(esp.decode(0x9c61)).toBeUndefined(); // c.zext.b: no Zcb
    expect(new Rv32Decoder(HAZARD3.extensions).decode(0x0ac5a52f)!.mnemonic).toBe('amoswap.w');
  });

  it('treats reserved compressed encodings as illegal', () => {
    const d = new Rv32Decoder(HAZARD3.extensions);
    expect(d.decode(0x0000)).toBeUndefined(); // c.addi4spn with nzuimm = 0 (all-zero word)
    expect(d.decode(0x6001 | (5 << 7))).toBeUndefined(); // c.lui a0?, 0
    expect(d.decode(0x4002)).toBeUndefined(); // c.lwsp x0
    expect(d.decode(0x8002)).toBeUndefined(); // c.jr x0
    expect(d.decode(0x1002 | (5 << 7))).toBeUndefined(); // c.slli with shamt[5] = 1 (RV32)
    expect(d.decode(0x02051513)).toBeUndefined(); // slli with shamt[5] = 1 (RV32)
  });
});

describe('Zcb (binutils 2.40 cannot assemble it: asm.ts layouts vs the decoder)', () => {
  // Match values agree with riscv/riscv-opcodes (MATCH_C_LBU 0x8000 ... MATCH_C_NOT 0x9c75).
  const d = new Rv32Decoder(HAZARD3.extensions);
  const one = (line: string) => {
    const b = assemble(line, 0).bytes;
    return d.decode(b[0]! | (b[1]! << 8))!;
  };
  it.each([
    ['c.lbu a0, 3(a1)', 'lbu', 10, 11, 0, 3],
    ['c.lhu s1, 2(a5)', 'lhu', 9, 15, 0, 2],
    ['c.lh a2, 2(s0)', 'lh', 12, 8, 0, 2],
    ['c.sb a3, 1(a4)', 'sb', 0, 14, 13, 1],
    ['c.sh a5, 2(s1)', 'sh', 0, 9, 15, 2],
    ['c.zext.b a0', 'andi', 10, 10, 0, 0xff],
    ['c.sext.b s0', 'sext.b', 8, 8, 0, 0],
    ['c.zext.h a1', 'zext.h', 11, 11, 0, 0],
    ['c.sext.h a2', 'sext.h', 12, 12, 0, 0],
    ['c.not a3', 'xori', 13, 13, 0, -1],
    ['c.mul a4, s1', 'mul', 14, 14, 9, 0],
  ])('%s expands to %s', (line, base, rd, rs1, rs2, imm) => {
    const x = one(line);
    expect(x.entry.ext).toBe('zcb');
    expect(x.entry.exec).toBe(RV32_TABLE.find((e) => e.mnemonic === base)!.exec);
    expect([x.rd, x.rs1, x.rs2, x.imm]).toEqual([rd, rs1, rs2, imm]);
  });
});
