/** The limit of a simulation from `--max-cycles` and `--timeout` (exec and run). */
import { formatSimulatedTime } from './options.js';

/**
 * The default limit of an `exec` run in simulated time: 30 s, the Wokwi CLI's default `--timeout`
 * (docs.wokwi.com/wokwi-ci/cli-usage, "--timeout <number>: Timeout in simulation milliseconds
 * (default: 30000)"), so firmware that never ends stops on its own.
 */
export const DEFAULT_EXEC_TIMEOUT_SECONDS = 30;

/** The clock of `exec --core` without `--clock-hz` (SYS_CLOCK and SYS_ELAPSED depend on it). */
export const DEFAULT_EXEC_CLOCK_HZ = 125_000_000;

/** The cycle limit of a run: the smaller of --max-cycles and --timeout at core 0's clock. */
export interface RunLimit {
  maxCycles: number;
  /** Which flag sets it, as the "stopped" message and --json name it. */
  kind: 'max-cycles' | 'timeout';
  /** e.g. `--timeout 30s (default)` or `--max-cycles 5000`. */
  text: string;
}

/** Combines `--max-cycles` and `--timeout` (seconds of simulated time) for a core 0 at `clockHz`. */
export function runLimit(
  maxCycles: number | undefined,
  timeoutSeconds: number,
  timeoutGiven: boolean,
  clockHz: number,
): RunLimit {
  const timeoutCycles = Math.max(1, Math.ceil(timeoutSeconds * clockHz));
  const time = `--timeout ${formatSimulatedTime(timeoutSeconds)}${timeoutGiven ? '' : ' (default)'}`;
  if (maxCycles !== undefined && maxCycles <= timeoutCycles)
    return { maxCycles, kind: 'max-cycles', text: `--max-cycles ${maxCycles}` };
  return {
    maxCycles: timeoutCycles,
    kind: 'timeout',
    text: `${time} of simulated time (${timeoutCycles} cycles of core 0)`,
  };
}
