/** Tiny hand-assembled two-core programs on a board, for the machine tests. */
import { assemble } from '../armv6m/thumb-asm.js';
import { assemble as assembleRv } from '../rv32/asm.js';
import { builtinBoard } from '../../../platforms/boards/registry.js';
import type { Board } from '../../../platforms/boards/schema.js';
import { Machine, type MachineOptions } from '../../../sim/machine/machine.js';

/** Code for core `id` lives at `CODE_BASE + id * 0x400` (SRAM4 on RP2040), its stack at the top. */
export const CODE_BASE = 0x2004_0000;

/** Loads a vector table + `source` for each core and starts every core directly (no launch). */
export function twoCoreMachine(
  sources: string[],
  options: MachineOptions & { board?: Board } = {},
): Machine {
  const m = new Machine(options.board ?? builtinBoard('rp2040'), options);
  sources.forEach((source, id) => {
    const base = CODE_BASE + id * 0x400;
    const stack = base + 0x400;
    const code = assemble(`.word ${stack}\n.word ${base + 9}\n${source}`, base);
    m.loadBytes(base, code.bytes);
  });
  sources.forEach((_, id) => m.start(id, CODE_BASE + id * 0x400));
  return m;
}

/** Semihosting SYS_EXIT with ADP_Stopped_ApplicationExit (exit status 0). */
export const EXIT = `
  movs r0, #0x18
  movs r1, #2
  lsls r1, r1, #16
  adds r1, #0x26
  bkpt #0xab
`;

/** RV32 harts of `board`, each with its program at CODE_BASE + id * 0x400, started there. */
export function hartMachine(
  board: Board,
  sources: readonly string[],
  options: MachineOptions = {},
): Machine {
  const m = new Machine(board, options);
  sources.forEach((source, id) => {
    const base = CODE_BASE + id * 0x400;
    m.loadBytes(base, assembleRv(source, base).bytes);
    m.start(id, base);
  });
  return m;
}

/** RISC-V semihosting SYS_EXIT with ADP_Stopped_ApplicationExit (exit status 0). */
export const RV_EXIT = `
  li a0, 0x18
  li a1, 0x20026
  slli zero, zero, 0x1f
  ebreak
  srai zero, zero, 7`;
