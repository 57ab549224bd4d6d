/** Validation of command-line options with zod: every problem becomes a diagnostic naming the flag. */
import { z } from 'zod';
import { DiagnosticError, type Diagnostic } from '../common/diagnostics.js';

/**
 * Parses commander's option object with a zod schema and checks the positional arguments
 * (`{'<model>': value}`: undefined when the user left it out); reports every problem at once.
 */
export function parseOptions<T extends z.ZodType>(
  schema: T,
  options: unknown,
  args: Record<string, string | undefined> = {},
): z.infer<T> {
  const diagnostics: Diagnostic[] = Object.entries(args)
    .filter(([, value]) => value === undefined)
    .map(([name]) => ({ code: 'cli/missing-argument', where: name, message: 'is required' }));
  const result = schema.safeParse(options);
  if (!result.success)
    diagnostics.push(
      ...result.error.issues.map((issue) => ({
        code: 'cli/bad-option',
        where:
          issue.path.length > 0
            ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`
            : 'options',
        message: issue.message,
      })),
    );
  if (diagnostics.length > 0) throw new DiagnosticError(diagnostics);
  return (result as { data: z.infer<T> }).data;
}

/** A required option: commander does not check it, so that it is reported with everything else. */
export const required = z.string({ error: 'is required' }).min(1, 'must not be empty');

/** A positive integer given on the command line as a string. */
export const positiveInt = z
  .string()
  .regex(/^\d+$/, 'expected a positive integer')
  .transform(Number)
  .refine((n) => n > 0 && Number.isSafeInteger(n), 'expected a positive integer');

const TIME_UNITS: Record<string, number> = { s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };

/** `2s`, `500ms`, `250us`, `10ns`, or a plain number of seconds; undefined when malformed or <= 0. */
export function parseSimulatedTime(text: string): number | undefined {
  const m = /^(\d+(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?\s*(s|ms|us|µs|ns)?$/.exec(text.trim());
  if (m === null) return undefined;
  const seconds =
    Number(`${m[1]}${m[2] === undefined ? '' : `e${m[2]}`}`) * TIME_UNITS[m[3] ?? 's']!;
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** A simulated time limit in seconds (`--timeout`). */
export const simulatedSeconds = z.string().transform((text, ctx) => {
  const seconds = parseSimulatedTime(text);
  if (seconds !== undefined) return seconds;
  ctx.addIssue({
    code: 'custom',
    message: `expected a simulated time such as 30s, 500ms or 250us (a plain number is seconds), got '${text}'`,
  });
  return z.NEVER;
});

/** `--timeout` as the user reads it back: 30s, 10ms, 250us. */
export function formatSimulatedTime(seconds: number): string {
  if (seconds >= 1) return `${seconds}s`;
  if (seconds >= 1e-3) return `${+(seconds * 1e3).toPrecision(12)}ms`;
  if (seconds >= 1e-6) return `${+(seconds * 1e6).toPrecision(12)}us`;
  return `${+(seconds * 1e9).toPrecision(12)}ns`;
}
