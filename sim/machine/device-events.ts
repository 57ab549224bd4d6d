/**
 * What devices schedule to happen unprompted (an alarm interrupt, bytes leaving a UART), in the
 * machine's global time base. An event at tick E is a step of its own with key (E, before every
 * core): the machine runs no core's step at or after E until every core has reached E, then fires
 * the events due there in the order they were scheduled (same inputs, same order), then goes on.
 * A core that runs when an event is scheduled earlier than its run's end is told to stop there
 * (Core.limitRun), and a sleeping core counts as waking at the next event, so that it is brought
 * up to it (and not reported as asleep forever while something is still to happen).
 */
import type { DeviceTime, TimerHandle } from '../devices/time.js';

interface Pending {
  handle: TimerHandle;
  ticks: number;
  callback: () => void;
}

export class DeviceEvents {
  private queue: Pending[] = [];
  private seq = 0;
  /** Ticks of the event being fired; undefined outside a callback. */
  private firingTicks: number | undefined;

  /**
   * @param ticksPerNs global ticks per nanosecond (the machine's time base)
   * @param nowTicks global time of the core being run (the one whose access calls a device)
   * @param onScheduled told of a new event's time, to stop a core that would run past it
   */
  constructor(
    private readonly ticksPerNs: number,
    private readonly nowTicks: () => number,
    private readonly onScheduled: (ticks: number) => void,
  ) {}

  /** The time as the devices see it (sim/devices/time.ts). */
  readonly time: DeviceTime = {
    nowNs: () => (this.firingTicks ?? this.nowTicks()) / this.ticksPerNs,
    schedule: (atNs, callback) => this.schedule(atNs, callback),
    cancel: (handle) => {
      this.queue = this.queue.filter((p) => p.handle !== handle);
    },
  };

  /** Ticks of the earliest pending event, Infinity when none. */
  get nextTicks(): number {
    return this.queue.length === 0 ? Infinity : this.queue[0]!.ticks;
  }

  /** Fires, in order, every event due at or before `ticks`; true when any fired. */
  fireUpTo(ticks: number): boolean {
    let fired = false;
    while (this.queue.length > 0 && this.queue[0]!.ticks <= ticks) {
      const next = this.queue.shift()!;
      this.firingTicks = next.ticks;
      try {
        next.callback();
      } finally {
        this.firingTicks = undefined;
      }
      fired = true;
    }
    return fired;
  }

  private schedule(atNs: number, callback: () => void): TimerHandle {
    const now = this.firingTicks ?? this.nowTicks();
    // A time already passed means as soon as possible: the next step of the machine.
    const ticks = Math.max(now, Math.ceil(atNs * this.ticksPerNs - 1e-6));
    const handle: TimerHandle = { id: ++this.seq };
    const pending = { handle, ticks, callback };
    let at = this.queue.length;
    while (at > 0 && this.queue[at - 1]!.ticks > ticks) at--;
    this.queue.splice(at, 0, pending);
    this.onScheduled(ticks);
    return handle;
  }
}
