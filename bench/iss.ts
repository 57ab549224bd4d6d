/**
 * ISS speed: MIPS of the Cortex-M0+ simulator (cycle counting on) on an int8 dot-product loop and on
 * branchy code (test/programs/bin/bench_*.elf). Prints figures; never asserts (ARCHITECTURE.md).
 * Run: npx tsx bench/iss.ts
 * TODO(lead): add rp2040js (npm) running the same ELFs in the same process for the comparison.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseElf } from '../sim/elf.js';
import { runElf } from '../sim/exec.js';

const PROGRAMS = ['bench_dot', 'bench_branchy'];
const RUNS = 3;

for (const name of PROGRAMS) {
  const path = fileURLToPath(new URL(`../test/programs/bin/${name}.elf`, import.meta.url));
  const elf = parseElf(new Uint8Array(readFileSync(path)), path);
  const mips: number[] = [];
  let instructions = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = runElf(elf, { coreType: 'cortex-m0plus', host: { writeStdout: () => undefined } });
    if (r.exit.kind !== 'semihosting' || r.exit.code !== 0)
      throw new Error(`${name} did not exit 0`);
    mips.push(r.mips);
    instructions = r.core.instructions;
  }
  console.log(
    `${name.padEnd(14)} ${instructions} instructions, best of ${RUNS}: ${Math.max(...mips).toFixed(1)} MIPS`,
  );
}
