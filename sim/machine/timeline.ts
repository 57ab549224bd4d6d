/** Events of a run in global time (start, launch, sleep, wake, halt, device events), for Gantt charts. */
export interface TimelineEvent {
  atTicks: number;
  coreId: number;
  kind: string;
  detail?: string;
}

/** Keeps the first `limit` events (a WFE spin can produce millions); `dropped` counts the rest. */
export class Timeline {
  readonly events: TimelineEvent[] = [];
  dropped = 0;
  constructor(readonly limit = 100_000) {}

  add(atTicks: number, coreId: number, kind: string, detail?: string): void {
    if (this.events.length >= this.limit) {
      this.dropped++;
      return;
    }
    this.events.push(
      detail === undefined ? { atTicks, coreId, kind } : { atTicks, coreId, kind, detail },
    );
  }
}
