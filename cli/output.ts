/** Printing: the `--json` document and plain-text tables. Files are written through output-guard.ts. */

/**
 * Prints one JSON document on stdout (the `--json` contract). BigInt values (totals that may
 * exceed 2^53) are printed as exact JSON numbers.
 */
export function printJson(value: unknown): void {
  process.stdout.write(jsonText(value) + '\n');
}

/** JSON.stringify with BigInt values written as exact number literals. */
export function jsonText(value: unknown): string {
  // A marker no string in `value` can contain by chance: a fresh nonce per call.
  const marker = `bigint-${Math.random().toString(36).slice(2)}:`;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'bigint' ? `${marker}${v}` : v),
    2,
  );
  return text.replace(new RegExp(`"${marker}(-?\\d+)"`, 'g'), '$1');
}

/** Formats a table with right-aligned numeric columns. */
export function formatTable(header: string[], rows: (string | number | bigint)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const numeric = header.map(
    (_, c) =>
      rows.length > 0 && rows.every((r) => typeof r[c] === 'number' || typeof r[c] === 'bigint'),
  );
  const line = (r: string[]) =>
    r
      .map((s, c) => (numeric[c] ? s.padStart(widths[c]!) : s.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [
    line(cells[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}
