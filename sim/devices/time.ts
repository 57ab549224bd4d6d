/**
 * Simulated time as a device sees it. Devices never poll: a register whose value depends on time
 * (a counter, a FIFO that drains at a baud rate) is computed when it is read, from `nowNs()`; only
 * what must happen unprompted (an alarm interrupt, a transmit-empty interrupt, bytes leaving a UART
 * when nobody reads it) is scheduled.
 */
export interface DeviceTime {
  /** Absolute simulated time since the machine started, in nanoseconds (may be fractional). */
  nowNs(): number;
  /**
   * Calls `callback` once, when simulated time reaches `atNs` (absolute, ns); a time already
   * passed means as soon as possible. Callbacks due at the same time run in the order scheduled.
   */
  schedule(atNs: number, callback: () => void): TimerHandle;
  /** Cancels a scheduled callback; cancelling one that already ran (or was cancelled) does nothing. */
  cancel(handle: TimerHandle): void;
}

/** Opaque token of one scheduled callback. */
export type TimerHandle = { readonly id: number };
