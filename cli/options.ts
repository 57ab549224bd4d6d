/** Validation of command-line options with zod: every problem becomes a diagnostic naming the flag. */
import { z } from 'zod';
import { DiagnosticError, type Diagnostic } from '../common/diagnostics.js';

/** Parses commander's option object with a zod schema; reports every bad flag at once. */
export function parseOptions<T extends z.ZodType>(schema: T, options: unknown): z.infer<T> {
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  const diagnostics: Diagnostic[] = result.error.issues.map((issue) => ({
    code: 'cli/bad-option',
    where:
      issue.path.length > 0
        ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`
        : 'options',
    message: issue.message,
  }));
  throw new DiagnosticError(diagnostics);
}

/** A positive integer given on the command line as a string. */
export const positiveInt = z
  .string()
  .regex(/^\d+$/, 'expected a positive integer')
  .transform(Number)
  .refine((n) => n > 0 && Number.isSafeInteger(n), 'expected a positive integer');
