/**
 * encodings.json against the real assembler: every program the tests run must assemble to the bytes
 * stored in the fixture. Skips visibly without binutils-arm-none-eabi.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { allProgramTexts, assemble } from './gen-encodings.js';
import { loadEncodings } from './harness.js';

function hasAssembler(): boolean {
  try {
    execFileSync('arm-none-eabi-as', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('encodings.json', () => {
  it('holds every program the cases use', () => {
    const stored = loadEncodings();
    expect(allProgramTexts().filter((t) => stored[t] === undefined)).toEqual([]);
  });

  describe.skipIf(!hasAssembler())('matches arm-none-eabi-as (binutils-arm-none-eabi)', () => {
    it('for a sample of programs (regenerate with gen-encodings.ts)', () => {
      const stored = loadEncodings();
      // Every 8th program: enough to catch a stale fixture without spawning ~400 processes.
      const sample = allProgramTexts().filter((_, i) => i % 8 === 0);
      for (const text of sample) expect(assemble(text), text).toBe(stored[text]);
    });
  });
});
