import { DiagnosticError, type Diagnostic } from '../../common/diagnostics.js';

/** The diagnostics `fn` throws; fails the test if it throws nothing or something else. */
export function diagnosticsOf(fn: () => unknown): Diagnostic[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics;
    throw e;
  }
  throw new Error('expected a DiagnosticError');
}
