/** Process exit statuses of the `arielsim` command (documented in the README). */
export const EXIT = {
  OK: 0,
  /** A user mistake: bad flag, bad or unsupported model, input of the wrong size, bad output path ... */
  USAGE: 2,
  /** A check failed: e.g. simulated outputs differ from the reference interpreter. */
  MISMATCH: 3,
  /**
   * `exec`, `run`: every live core is asleep and none has a wake source (a timer or interrupt that
   * can fire): the firmware can never go on. Next to 124 and outside the guest's usual statuses.
   */
  DEADLOCK: 123,
  /**
   * `exec`, `run`: the simulation reached `--max-cycles` or `--timeout` (simulated time) first. 124
   * as GNU timeout(1) exits when its limit is reached.
   */
  LIMIT: 124,
  /** `exec`: the guest faulted (HardFault, illegal instruction, bad address). */
  GUEST_FAULT: 125,
  /** A bug in arielsim itself. */
  INTERNAL: 70,
} as const;
