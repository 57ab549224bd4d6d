/** The person-detection benchmark's UART log (scenarios/tflm-benchmark-log.ts). */
import { describe, expect, it } from 'vitest';
import { benchmarkBlock, parseBenchmarkLog } from '../../scenarios/tflm-benchmark-log.js';

// The format of ../shared/firmware/rp2040/README.md ("The benchmark's UART output").
const LOG =
  'InitializeBenchmarkRunner took 1520 ticks (1 ms).\r\n\r\n' +
  'WithPersonDataIterations(1) took 3001 ticks (3 ms)\r\n' +
  'DEPTHWISE_CONV_2D took 1000 ticks (1 ms).\r\nCONV_2D took 2001 ticks (2 ms).\r\n\r\n' +
  'NoPersonDataIterations(1) took 2999 ticks (2 ms)\r\n' +
  'DEPTHWISE_CONV_2D took 999 ticks (0 ms).\r\nCONV_2D took 2000 ticks (2 ms).\r\n\r\n' +
  'WithPersonDataIterations(10) took 30010 ticks (30 ms)\r\n\r\n' +
  'NoPersonDataIterations(10) took 29990 ticks (29 ms)\r\n';

describe('benchmark log', () => {
  it('reads every complete block with its operator lines in graph order', () => {
    const blocks = parseBenchmarkLog(LOG);
    expect(blocks.map((b) => [b.name, b.totalTicks, b.ops.length])).toEqual([
      ['WithPersonDataIterations(1)', 3001, 2],
      ['NoPersonDataIterations(1)', 2999, 2],
      ['WithPersonDataIterations(10)', 30010, 0],
    ]);
    expect(benchmarkBlock(LOG, 'NoPersonDataIterations(1)')!.ops).toEqual([
      { index: 1, op: 'DEPTHWISE_CONV_2D', ticks: 999 },
      { index: 2, op: 'CONV_2D', ticks: 2000 },
    ]);
  });

  it('leaves out a block still being printed and blocks without operator lines', () => {
    const partial = LOG.slice(0, LOG.indexOf('CONV_2D took 2000'));
    expect(benchmarkBlock(partial, 'NoPersonDataIterations(1)')).toBeUndefined();
    expect(benchmarkBlock(LOG, 'WithPersonDataIterations(10)')).toBeUndefined();
  });
});
