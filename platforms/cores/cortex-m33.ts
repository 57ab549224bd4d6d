/**
 * Cortex-M33 (ARMv8-M Mainline with DSP and FPv5-SP) cycle model. ARM publishes no per-instruction
 * timing table for the M33; LLVM schedules it with the Cortex-M4 model, and so does arielsim: every
 * price below is the Cortex-M4 one (ARM 100166 table 3-1) and *unverified* for the M33. Known
 * differences not modelled: branches resolve in stage 2 and a 16-bit instruction can dual issue with
 * a branch (elektroniknet.de microarchitecture article). On unaligned accesses the Cortex-M33 TRM
 * (its "Unaligned accesses" section, as reproduced in the RP2350 datasheet 3.7.4.3.2) says only that
 * they "are converted into two or more aligned AHB transactions": the M4's one cycle per extra
 * transfer is assumed (*unverified*), as is the M4's ISB = 1+P. Not modelled: the M33 faults on an
 * unaligned access to Device memory (the simulator has no memory types). The ARMv8-M
 * load-acquire/store-release instructions (LDA, STL, LDAEX, STLEX and their byte/halfword forms) are
 * priced as LDREX/STREX, the `exclusive` class: 2 cycles, never pipelined with a neighbouring
 * load/store, the implied ordering free beyond that (*unverified*).
 */
import { Armv7mCoreModel, CORTEX_M4_TIMING } from './cortex-m4.js';

export const CORTEX_M33: Armv7mCoreModel = Armv7mCoreModel.parse({
  name: 'cortex-m33',
  isa: 'armv8m-main',
  extensions: ['armv6m', 'armv7m', 'dsp', 'fpv4sp', 'fpv5sp', 'v8m'],
  elfMachine: 40,
  source: 'unverified: Cortex-M4 prices (ARM 100166 table 3-1), as LLVM models the M33',
  timing: { ...CORTEX_M4_TIMING },
  pipeline: { dualIssue: false },
  // 3 priority bits as on NXP LPC55S6x, STM32L5 and nRF5340; up to 480 interrupts (ARM 100230).
  nvic: { priorityBits: 3, interrupts: 480 },
  cpuid: 0x410fd214, // Cortex-M33 r0p4
});
