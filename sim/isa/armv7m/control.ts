/**
 * Branches and control (ARM DDI0403E A5.2.5, A5.3.4): the 16-bit CBZ/CBNZ and IT that ARMv6-M lacks,
 * B.W (T3 conditional, T4), the 32-bit hints, CPS for FAULTMASK, and MRS/MSR for the v7-M special
 * registers (APSR with Q and GE, BASEPRI, BASEPRI_MAX, FAULTMASK). BL, the barriers and the other
 * MRS/MSR forms come from the ARMv6-M table.
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { T } from '../../core/cortex-m/timing.js';
import { signExtend } from './bits.js';
import { conditionPassed } from './flags.js';
import { rdOf, rnOf } from './fields.js';
import { v7 } from './state.js';

function entry(
  mnemonic: string,
  size: 2 | 4,
  match: number,
  mask: number,
  exec: ThumbEntry['exec'],
): ThumbEntry {
  return { mnemonic, size, match: match >>> 0, mask: mask >>> 0, ext: 'armv7m', exec };
}

/** CBZ/CBNZ T1 (A7.7.21): compare Rn with zero and branch forward by i:imm5:'0'. */
function compareAndBranch(nonZero: boolean): ThumbEntry['exec'] {
  return (cpu, op) => {
    const isZero = cpu.r[op & 7] === 0;
    if (isZero === nonZero) return T.branchNotTaken;
    cpu.nextPc = (cpu.r[15]! + (((op >>> 3) & 0x40) | ((op >>> 2) & 0x3e))) >>> 0;
    return T.branchTaken;
  };
}

/** IT T1 (A7.7.38): firstcond:mask into ITSTATE. Split by the lowest set mask bit (mask 0 = hints). */
const ifThen: ThumbEntry['exec'] = (cpu, op) => {
  v7(cpu).itstate = op & 0xff;
  return T.alu;
};

/** B T3 (A7.7.12): conditional, S:J2:J1:imm6:imm11:'0'. */
const branchConditional: ThumbEntry['exec'] = (cpu, op) => {
  if (!conditionPassed(cpu, (op >>> 22) & 0xf)) return T.branchNotTaken;
  const offset =
    ((op >>> 6) & 0x100000) |
    ((op << 8) & 0x80000) |
    ((op << 5) & 0x40000) |
    ((op >>> 4) & 0x3f000) |
    ((op & 0x7ff) << 1);
  cpu.nextPc = (cpu.r[15]! + signExtend(offset, 21)) >>> 0;
  return T.branchTaken;
};

/** B T4: S:I1:I2:imm10:imm11:'0' with I1 = NOT(J1 XOR S), I2 = NOT(J2 XOR S). */
const branchWide: ThumbEntry['exec'] = (cpu, op) => {
  const s = (op >>> 26) & 1;
  const i1 = ((op >>> 13) & 1) ^ s ^ 1;
  const i2 = ((op >>> 11) & 1) ^ s ^ 1;
  const offset =
    (s << 24) | (i1 << 23) | (i2 << 22) | (((op >>> 16) & 0x3ff) << 12) | ((op & 0x7ff) << 1);
  cpu.nextPc = (cpu.r[15]! + signExtend(offset, 25)) >>> 0;
  return T.branch;
};

/** CPS T1 with F = 1 (B5.2.1): CPSID/CPSIE touching FAULTMASK (and PRIMASK when I = 1). */
const changeProcessorState: ThumbEntry['exec'] = (cpu, op) => {
  if (!cpu.privileged) return T.alu;
  const disable = (op >>> 4) & 1;
  if ((op & 2) !== 0) cpu.primask = disable;
  if (cpu.executionPriority() > -1 || disable === 0) v7(cpu).faultmask = disable;
  cpu.attention = true;
  return T.alu;
};

/** APSR as MRS reads it on v7E-M: N Z C V Q and GE[3:0]. */
export function apsr(cpu: CortexM): number {
  const st = v7(cpu);
  return (
    ((cpu.n << 31) |
      (cpu.z << 30) |
      (cpu.c << 29) |
      (cpu.v << 28) |
      (st.q << 27) |
      (st.ge << 16)) >>>
    0
  );
}

const SYSM = { APSR: 0, BASEPRI: 17, BASEPRI_MAX: 18, FAULTMASK: 19 } as const;

function moveFromSpecial(sysm: number): ThumbEntry['exec'] {
  return (cpu, op) => {
    const st = v7(cpu);
    const value =
      sysm === SYSM.APSR
        ? apsr(cpu)
        : sysm === SYSM.FAULTMASK
          ? st.faultmask
          : cpu.privileged
            ? st.basepri
            : 0;
    cpu.r[rdOf(op)] = value >>> 0;
    return T.system;
  };
}

/** MSR (B5.2.3): APSR_nzcvq (mask bit 1) and APSR_g (mask bit 0); the masks privileged only. */
function moveToSpecial(sysm: number): ThumbEntry['exec'] {
  return (cpu, op) => {
    const value = cpu.r[rnOf(op)]!;
    const st = v7(cpu);
    if (sysm === SYSM.APSR) {
      if ((op & 0x800) !== 0) {
        cpu.n = value >>> 31;
        cpu.z = (value >>> 30) & 1;
        cpu.c = (value >>> 29) & 1;
        cpu.v = (value >>> 28) & 1;
        st.q = (value >>> 27) & 1;
      }
      if ((op & 0x400) !== 0) st.ge = (value >>> 16) & 0xf;
      return T.system;
    }
    if (!cpu.privileged) return T.system;
    const byte = value & 0xff;
    if (sysm === SYSM.BASEPRI) st.basepri = byte;
    else if (sysm === SYSM.BASEPRI_MAX) {
      if (byte !== 0 && (byte < st.basepri || st.basepri === 0)) st.basepri = byte;
    } else if (cpu.executionPriority() > -1) st.faultmask = value & 1;
    cpu.attention = true;
    return T.system;
  };
}

const specialRegisters: ThumbEntry[] = Object.entries(SYSM).flatMap(([name, sysm]) => [
  entry(`MRS ${name}`, 4, 0xf3ef8000 | sysm, 0xfffff0ff, moveFromSpecial(sysm)),
  entry(`MSR ${name}`, 4, 0xf3808000 | sysm, 0xfff0f3ff, moveToSpecial(sysm)),
]);

const hint = (name: string, match: number, exec: ThumbEntry['exec']) =>
  entry(name, 4, match, 0xffffffff, exec);
/** WFE.W and WFI.W read the event register and sleep (ThumbEntry.observesOthers). */
const sleepHint = (name: string, match: number, exec: ThumbEntry['exec']) => ({
  ...hint(name, match, exec),
  observesOthers: true,
});

export const CONTROL: readonly ThumbEntry[] = [
  entry('CBZ T1', 2, 0xb100, 0xfd00, compareAndBranch(false)),
  entry('CBNZ T1', 2, 0xb900, 0xfd00, compareAndBranch(true)),
  entry('IT T1 (4 instructions)', 2, 0xbf01, 0xff01, ifThen),
  entry('IT T1 (3 instructions)', 2, 0xbf02, 0xff03, ifThen),
  entry('IT T1 (2 instructions)', 2, 0xbf04, 0xff07, ifThen),
  entry('IT T1 (1 instruction)', 2, 0xbf08, 0xff0f, ifThen),
  entry('CPS T1 (FAULTMASK)', 2, 0xb661, 0xffed, changeProcessorState),
  entry('B T3 (EQ-VC)', 4, 0xf0008000, 0xfa00d000, branchConditional),
  entry('B T3 (HI-LT)', 4, 0xf2008000, 0xfb00d000, branchConditional),
  entry('B T3 (GT, LE)', 4, 0xf3008000, 0xfb80d000, branchConditional),
  entry('B T4', 4, 0xf0009000, 0xf800d000, branchWide),
  entry('hint T1 (NOP.W, YIELD.W, DBG, unallocated)', 4, 0xf3af8000, 0xffffff00, () => T.alu),
  sleepHint('WFE.W T2', 0xf3af8002, (cpu) => {
    if (cpu.eventRegister !== 0) cpu.eventRegister = 0;
    else cpu.sleep();
    return T.sleep;
  }),
  sleepHint('WFI.W T2', 0xf3af8003, (cpu) => {
    cpu.sleep();
    return T.sleep;
  }),
  hint('SEV.W T2', 0xf3af8004, (cpu) => {
    cpu.eventRegister = 1;
    cpu.sendEvent();
    return T.alu;
  }),
  ...specialRegisters,
];
