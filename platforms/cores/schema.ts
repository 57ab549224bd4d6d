/**
 * The data that describes one core model: which ISA and extensions it decodes, and what each timing
 * class of its instructions costs (STYLE.md points 3 and 5). Parsed once by zod at the boundary;
 * simulator code takes the inferred type and trusts it.
 */
import { z } from 'zod';

/** Cost of one timing class: `cycles`, plus `perRegister` for each register a multiple transfer moves. */
export const TimingCost = z.object({
  cycles: z.number().int().nonnegative(),
  perRegister: z.number().int().nonnegative().optional(),
});
export type TimingCost = z.infer<typeof TimingCost>;

export const CoreModel = z.object({
  /** The name used by `--core` and in board files, e.g. 'cortex-m0plus'. */
  name: z.string().min(1),
  /** Architecture family: which simulator core runs it. */
  isa: z.enum(['armv6m', 'armv7m', 'armv7em', 'armv8m-main', 'rv32']),
  /** Decode-table extensions the core enables, e.g. ['armv6m'] or ['rv32i', 'm', 'c']. */
  extensions: z.array(z.string().min(1)).min(1),
  /** ELF e_machine of the programs it runs (EM_ARM 40, EM_RISCV 243). */
  elfMachine: z.number().int(),
  /** Timing class name -> cost; the class names are defined by the simulator core of the ISA. */
  timing: z.record(z.string(), TimingCost),
  /** Where each timing figure comes from. */
  source: z.string(),
});
export type CoreModel = z.infer<typeof CoreModel>;
