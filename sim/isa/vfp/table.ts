/**
 * The single-precision FPU decode table: 'fpv4sp' (Cortex-M4F; also part of FPv5-SP) and 'fpv5sp'
 * (Cortex-M7, Cortex-M33). A core without an FPU does not enable these extensions, so the encodings
 * decode as UNDEFINED. Every entry first runs ExecuteFPCheck (CPACR access, lazy FP context save,
 * CONTROL.FPCA; sim/core/cortex-m/fp-context.ts).
 */
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { executeFpCheck } from '../../core/cortex-m/fp-context.js';
import { VFP_ARITHMETIC } from './arith.js';
import { VFP_TRANSFER } from './transfer.js';
import { VFP_V5 } from './fpv5.js';

function checked(entry: ThumbEntry): ThumbEntry {
  const exec = entry.exec;
  return {
    ...entry,
    exec: (cpu, op) => {
      executeFpCheck(cpu);
      return exec(cpu, op);
    },
  };
}

export const VFP_TABLE: readonly ThumbEntry[] = [...VFP_ARITHMETIC, ...VFP_TRANSFER, ...VFP_V5].map(
  checked,
);
