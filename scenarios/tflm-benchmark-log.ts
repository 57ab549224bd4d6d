/**
 * The UART log of pico-tflmicro's person-detection benchmark (../shared/firmware/rp2040/README.md):
 * blocks headed `<Name>Iterations(<n>) took <T> ticks (<ms> ms)`, each followed by one line per
 * operator `<OP> took <t> ticks (<ms> ms).` in graph order and an empty line. A tick is one
 * microsecond of the RP2040's TIMER. Lines end in "\r\n".
 */

export interface BenchmarkOp {
  /** 1-based position in the block (graph order). */
  index: number;
  op: string;
  ticks: number;
}

export interface BenchmarkBlock {
  /** e.g. `NoPersonDataIterations(1)`. */
  name: string;
  totalTicks: number;
  ops: BenchmarkOp[];
}

const HEADER = /^(\w+Iterations\(\d+\)) took (\d+) ticks \([\d.]+ ms\)$/;
const OP_LINE = /^([A-Z][A-Z0-9_]*) took (\d+) ticks \([\d.]+ ms\)\.$/;

/** The complete blocks in `text` (a block is complete at the empty line after its op lines). */
export function parseBenchmarkLog(text: string): BenchmarkBlock[] {
  const blocks: BenchmarkBlock[] = [];
  let open: BenchmarkBlock | undefined;
  // The part after the last newline is a line still being printed.
  const lines = text.split('\n').slice(0, -1);
  for (const line of lines.map((l) => l.replace(/\r$/, ''))) {
    const header = HEADER.exec(line);
    if (header !== null) {
      open = { name: header[1]!, totalTicks: Number(header[2]), ops: [] };
      continue;
    }
    if (open === undefined) continue;
    const op = OP_LINE.exec(line);
    if (op !== null)
      open.ops.push({ index: open.ops.length + 1, op: op[1]!, ticks: Number(op[2]) });
    else if (line === '') {
      blocks.push(open);
      open = undefined;
    }
  }
  return blocks;
}

/** The first complete block named `name` with its operator lines, or undefined. */
export function benchmarkBlock(text: string, name: string): BenchmarkBlock | undefined {
  return parseBenchmarkLog(text).find((b) => b.name === name && b.ops.length > 0);
}
