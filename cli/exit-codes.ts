/** Process exit statuses of the `arielsim` command (documented in the README). */
export const EXIT = {
  OK: 0,
  /** A user mistake: bad flag, bad or unsupported model, input of the wrong size, ... */
  USAGE: 2,
  /** A check failed: e.g. simulated outputs differ from the reference interpreter. */
  MISMATCH: 3,
  /** `exec`: the guest ran out of --max-cycles. */
  MAX_CYCLES: 124,
  /** `exec`: the guest faulted (HardFault, illegal instruction, bad address). */
  GUEST_FAULT: 125,
  /** A bug in arielsim itself. */
  INTERNAL: 70,
} as const;
