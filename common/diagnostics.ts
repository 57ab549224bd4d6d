/**
 * User-input problems (a bad model file, a wrong flag, an input of the wrong size) are diagnostics:
 * each has a stable code, a location and a message. They are collected and reported together, and
 * the CLI prints them without a stack trace. Internal bugs throw ordinary errors instead; guest faults
 * in simulated firmware are events of the simulation, not diagnostics.
 */
export interface Diagnostic {
  /** Stable identifier, e.g. `tflite/unsupported-op`. Part of the CLI contract (printed with --json). */
  code: string;
  /** Where: a file path, `op 12 (CONV_2D)`, `--input`, ... */
  where: string;
  message: string;
  /** Optional advice on how to fix it. */
  hint?: string;
}

/** Thrown to carry one or more diagnostics to the CLI boundary. */
export class DiagnosticError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[] | Diagnostic) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
    this.diagnostics = list;
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const hint = d.hint ? `\n  hint: ${d.hint}` : '';
  return `error[${d.code}] ${d.where}: ${d.message}${hint}`;
}

/** Collects diagnostics and throws them all at once. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];
  add(code: string, where: string, message: string, hint?: string): void {
    this.items.push(hint === undefined ? { code, where, message } : { code, where, message, hint });
  }
  get empty(): boolean {
    return this.items.length === 0;
  }
  throwIfAny(): void {
    if (this.items.length > 0) throw new DiagnosticError(this.items);
  }
}
