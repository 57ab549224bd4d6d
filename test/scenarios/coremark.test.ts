/** CoreMark's report (scenarios/coremark.ts): the figures read from it, what makes a run wrong. */
import { describe, expect, it } from 'vitest';
import {
  COREMARK_CRCS,
  coremarkPerMhz,
  coremarkProblem,
  parseCoremarkReport,
  TOO_SHORT,
} from '../../scenarios/coremark.js';

// A report as the ELFs of ../shared/firmware/coremark print it (rv32imac-O2.elf, trimmed).
const REPORT = [
  '2K performance run parameters for coremark.',
  'CoreMark Size    : 666',
  'Total ticks      : 38009000',
  'Total time (secs): 0.380090',
  'Iterations/Sec   : 263.095583',
  TOO_SHORT,
  'Iterations       : 100',
  'seedcrc          : 0xe9f5',
  '[0]crclist       : 0xe714',
  '[0]crcmatrix     : 0x1fd7',
  '[0]crcstate      : 0x8e3a',
  '[0]crcfinal      : 0x988c',
  'Errors detected',
  'Timer            : mcycle',
  '',
].join('\n');

describe('CoreMark report', () => {
  it('gives ticks, iterations, the CRCs and CoreMark/MHz', () => {
    const r = parseCoremarkReport(REPORT);
    expect(r).toEqual({
      totalTicks: 38_009_000,
      iterations: 100,
      crcs: COREMARK_CRCS,
      errors: [TOO_SHORT],
      validated: false,
    });
    expect(coremarkPerMhz(r)).toBeCloseTo(2.631, 3);
    expect(coremarkProblem(r)).toBeUndefined();
  });

  it('is wrong with another CRC, another ERROR line, or cut off before the CRCs', () => {
    const wrongCrc = parseCoremarkReport(REPORT.replace('0x988c', '0x1234'));
    expect(coremarkProblem(wrongCrc)).toBe('crcfinal 0x1234, expected 0x988c');
    const listError = REPORT.replace(
      'Errors detected',
      'ERROR! list crc 0x1111 - should be 0xe714\nErrors detected',
    );
    expect(coremarkProblem(parseCoremarkReport(listError))).toBe(
      'ERROR! list crc 0x1111 - should be 0xe714',
    );
    const cut = parseCoremarkReport(REPORT.slice(0, REPORT.indexOf('seedcrc')));
    expect(coremarkProblem(cut)).toBe('seedcrc missing, expected 0xe9f5');
    expect(cut.validated).toBeUndefined();
  });

  it('needs Total ticks unless the emulator lacks the timer (QEMU: no DWT CYCCNT)', () => {
    const untimed = parseCoremarkReport(REPORT.replace('38009000', '0'));
    expect(coremarkProblem(untimed)).toBe('no Total ticks');
    expect(coremarkProblem(untimed, false)).toBeUndefined();
  });
});
