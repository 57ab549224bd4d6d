/**
 * Non-negative least squares: argmin |A x - b|^2 subject to x >= 0, by Lawson and Hanson's active
 * set method (Solving Least Squares Problems, 1974, ch. 23). The problems here are tiny (a handful
 * of columns, a few hundred rows), so each step solves the normal equations of the passive columns
 * directly. Columns are scaled to unit norm first, so cycles per MAC and cycles per item meet on
 * equal terms. Deterministic: the same input gives the same bits.
 */

/** Rows of A (all the same length) and b; returns x (length = columns). */
export function nnls(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = a[0]?.length ?? 0;
  if (a.length !== b.length) throw new Error('nnls: A and b differ in rows');
  const norms = Array.from({ length: n }, (_, j) =>
    Math.sqrt(a.reduce((s, r) => s + r[j]! ** 2, 0)),
  );
  const scale = norms.map((v) => (v > 0 ? 1 / v : 0));
  const as = a.map((r) => r.map((v, j) => v * scale[j]!));
  const ata = gram(as);
  const atb = Array.from({ length: n }, (_, j) => as.reduce((s, r, i) => s + r[j]! * b[i]!, 0));
  const x = new Array<number>(n).fill(0);
  const passive = new Array<boolean>(n).fill(false);
  const tol = 1e-12 * Math.max(1, ...atb.map(Math.abs));
  for (let outer = 0; outer < 3 * n + 10; outer++) {
    // Gradient w = A^T (b - A x); the most positive component over the active set joins.
    const w = atb.map((v, j) => v - ata[j]!.reduce((s, g, k) => s + g * x[k]!, 0));
    let join = -1;
    for (let j = 0; j < n; j++)
      if (!passive[j] && scale[j]! > 0 && w[j]! > tol && (join < 0 || w[j]! > w[join]!)) join = j;
    if (join < 0) break;
    passive[join] = true;
    for (let inner = 0; inner < 3 * n + 10; inner++) {
      const z = solvePassive(ata, atb, passive);
      if (z.every((v, j) => !passive[j] || v > 0)) {
        x.splice(0, n, ...z);
        break;
      }
      // Step towards z until the first passive variable reaches 0; it leaves the passive set.
      let alpha = Infinity;
      for (let j = 0; j < n; j++) {
        const d = x[j]! - z[j]!;
        if (passive[j] && z[j]! <= 0 && d > 0) alpha = Math.min(alpha, x[j]! / d);
      }
      if (!Number.isFinite(alpha)) alpha = 0;
      for (let j = 0; j < n; j++) {
        x[j] = x[j]! + alpha * (z[j]! - x[j]!);
        if (passive[j] && x[j]! <= 1e-15) {
          passive[j] = false;
          x[j] = 0;
        }
      }
    }
  }
  return x.map((v, j) => v * scale[j]!);
}

function gram(a: readonly (readonly number[])[]): number[][] {
  const n = a[0]?.length ?? 0;
  const g = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const r of a)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g[i]![j]! += r[i]! * r[j]!;
  return g;
}

/** Least squares over the passive columns (others 0): Gaussian elimination with partial pivoting. */
function solvePassive(ata: number[][], atb: number[], passive: boolean[]): number[] {
  const idx = passive.flatMap((p, j) => (p ? [j] : []));
  const m = idx.map((i) => [...idx.map((j) => ata[i]![j]!), atb[i]!]);
  const k = idx.length;
  // A tiny ridge keeps collinear columns (e.g. two items of one shape) solvable.
  for (let i = 0; i < k; i++) m[i]![i]! += 1e-12;
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < k; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let j = c; j <= k; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  const y = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = m[r]![k]!;
    for (let j = r + 1; j < k; j++) s -= m[r]![j]! * y[j]!;
    y[r] = s / m[r]![r]!;
  }
  const z = new Array<number>(passive.length).fill(0);
  idx.forEach((j, i) => (z[j] = y[i]!));
  return z;
}
