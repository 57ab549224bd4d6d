/**
 * The `generic` what-if board: N cores (1-16, any mix of core types and clocks), B word-striped SRAM
 * banks, a flash with given wait states and a sync block. Parameters come from `--set key=value`
 * (strings) and are checked by zod; every problem is reported at once, naming the key.
 */
import { z } from 'zod';
import { DiagnosticError, type Diagnostic } from '../../common/diagnostics.js';
import { BOARD_CORE_TYPES, BoardCoreType, NO_ISS_CORE_TYPES, type Board } from './schema.js';
import { softwareInterruptBase } from '../cores/index.js';
import { lockRegister } from './devices.js';

/** The generic board's mailbox: an arielsim invention, placed in the Cortex-M peripheral region. */
const GENERIC_MAILBOX_BASE = 0x4000_0000;

/** A number written as 4, 150e6, 0x1000 or 256K / 4M (binary multiples). */
const numberText = z
  .string()
  .regex(/^(0x[0-9a-f]+|\d+(\.\d+)?(e\d+)?[KM]?)$/i, 'expected a number (e.g. 4, 150e6, 256K)')
  .transform((s) => {
    const mult = /k$/i.test(s) ? 1024 : /m$/i.test(s) ? 1024 * 1024 : 1;
    return Number(mult === 1 ? s : s.slice(0, -1)) * mult;
  });
const intIn = (lo: number, hi: number) =>
  numberText.refine(
    (n) => Number.isInteger(n) && n >= lo && n <= hi,
    `expected an integer ${lo}-${hi}`,
  );
const clockText = numberText.refine((n) => n >= 1e6 && n <= 2e9, 'expected a clock of 1e6-2e9 Hz');

/** One core of a heterogeneous list: `cortex-m7@480e6` or just `cortex-m4`. */
export interface CoreSpec {
  type: BoardCoreType;
  clockHz?: number;
}

/** `cores=4` or `cores=cortex-m7@480e6,cortex-m4@240e6`. */
const coresText = z.string().transform((s, ctx): number | CoreSpec[] => {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n < 1 || n > 16) ctx.addIssue({ code: 'custom', message: 'expected 1-16 cores' });
    return n;
  }
  const parts = s.split(',');
  if (parts.length > 16) ctx.addIssue({ code: 'custom', message: 'at most 16 cores' });
  return parts.map((part) => {
    const [type, clock, extra] = part.split('@');
    const t = BoardCoreType.safeParse(type);
    if (!t.success || extra !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: `"${part}": expected <core type>[@<clockHz>], core types: ${BOARD_CORE_TYPES.join(', ')}`,
      });
    const hz = clock === undefined ? undefined : clockText.safeParse(clock);
    if (hz !== undefined && !hz.success)
      ctx.addIssue({ code: 'custom', message: `"${part}": bad clock "${clock}"` });
    return { type: t.success ? t.data : 'cortex-m4', clockHz: hz?.success ? hz.data : undefined };
  });
});

export const GenericParams = z.strictObject({
  cores: coresText.prefault('2'),
  core: BoardCoreType.prefault('cortex-m4'),
  clockHz: clockText.prefault('150e6'),
  banks: intIn(1, 16).prefault('4'),
  sramBytes: intIn(4096, 64 * 1024 * 1024).prefault('512K'),
  flashBytes: intIn(4096, 256 * 1024 * 1024).prefault('4M'),
  flashWaitStates: intIn(0, 100).prefault('2'),
  sync: z.enum(['sio', 'hsem', 'ipc', 'atomics']).default('sio'),
});
export type GenericParams = z.output<typeof GenericParams>;
export const GENERIC_KEYS = Object.keys(GenericParams.shape);

/** Splits `key=value` strings; a malformed or repeated entry is a diagnostic. */
export function parseSetFlags(sets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const diags: Diagnostic[] = [];
  for (const s of sets) {
    const eq = s.indexOf('=');
    const key = eq > 0 ? s.slice(0, eq) : s;
    if (eq <= 0)
      diags.push({ code: 'board/bad-set', where: `--set ${s}`, message: 'expected key=value' });
    else if (Object.hasOwn(out, key))
      diags.push({ code: 'board/bad-set', where: `--set ${key}`, message: 'given twice' });
    else out[key] = s.slice(eq + 1);
  }
  if (diags.length > 0) throw new DiagnosticError(diags);
  return out;
}

/** Validates the `--set` values of the generic board; every bad key is reported at once. */
export function parseGenericParams(values: Record<string, string>): GenericParams {
  const r = GenericParams.safeParse(values);
  if (r.success) return r.data;
  throw new DiagnosticError(
    r.error.issues.map((issue) => {
      const key =
        issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : String(issue.path[0] ?? '');
      return {
        code: 'board/bad-set',
        where: `--set ${key}`,
        message:
          issue.code === 'unrecognized_keys'
            ? `unknown key; the generic board takes ${GENERIC_KEYS.join(', ')}`
            : issue.message,
      };
    }),
  );
}

/** Builds the generic board's data (unvalidated input for `parseBoard`). */
export function genericBoard(p: GenericParams): z.input<typeof Board> {
  const specs: CoreSpec[] =
    typeof p.cores === 'number'
      ? Array.from({ length: p.cores }, () => ({ type: p.core }))
      : p.cores;
  const cores = specs.map((c, id) => ({ id, type: c.type, clockHz: c.clockHz ?? p.clockHz }));
  const mix = [...new Set(cores.map((c) => `${c.type}@${c.clockHz / 1e6} MHz`))].join(' + ');
  // sramBytes must divide by the banks: round down to a whole number of 4-byte words per bank.
  const sramBytes = Math.floor(p.sramBytes / (4 * p.banks)) * 4 * p.banks;
  // RISC-V harts without event instructions wake each other through their CLINTs' msip words.
  const clint = softwareInterruptBase(cores.map((c) => c.type));
  return {
    name: 'generic',
    description: `what-if board: ${cores.length} cores (${mix}), ${p.banks} striped SRAM banks`,
    cores,
    memories: [
      {
        name: 'FLASH',
        base: 0x1000_0000,
        size: p.flashBytes,
        kind: 'flash',
        banks: 1,
        striping: 'none',
        waitStates: p.flashWaitStates,
      },
      {
        name: 'SRAM',
        base: 0x2000_0000,
        size: sramBytes,
        kind: 'sram',
        banks: p.banks,
        striping: 'word',
      },
    ],
    interconnect: { kind: 'crossbar', bankConflictCycles: 1 },
    sync: {
      kind: p.sync,
      locks: p.sync === 'sio' || p.sync === 'hsem' ? 32 : 0,
      fifos: p.sync === 'sio' ? 2 : 0,
      fifoDepth: p.sync === 'sio' ? 8 : 0,
    },
    devices: [
      {
        kind: 'mailbox',
        name: 'MAILBOX',
        base: GENERIC_MAILBOX_BASE,
        size: 0x1000,
        source: 'arielsim (sim/devices/mailbox.ts)',
      },
      ...(clint === undefined
        ? []
        : [
            {
              kind: 'clint' as const,
              name: 'CLINT',
              base: clint,
              size: 0x1_0000,
              source: 'arielsim (SiFive CLINT layout)',
            },
          ]),
    ],
    boot: {
      secondaryStart: 'same-entry',
      busPriority: 'lowest-core-id',
      // The mailbox's spinlock 31.
      queueLock: {
        kind: 'read-claim',
        register: lockRegister('mailbox', GENERIC_MAILBOX_BASE, 31),
      },
      wake:
        clint === undefined ? { kind: 'event' } : { kind: 'software-interrupt', address: clint },
    },
    targets: { arielOs: null, qemu: null, renode: null },
    iss: !cores.some((c) => NO_ISS_CORE_TYPES.includes(c.type)),
  };
}
