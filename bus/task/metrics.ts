/** Counters one task keeps; the task API and /metrics read them. */
export interface TaskCounters {
  eventsIn: number;
  eventsFiltered: number;
  eventsOut: number;
  deadLettered: number;
  dropped: number;
  retries: number;
  batches: number;
  lastHeartbeat: number | null;
  /** `time` of the last event delivered, to compute the delay (now − event time). */
  lastEventTime: number | null;
}

/** Fresh counters, all zero. */
export function newCounters(): TaskCounters {
  return {
    eventsIn: 0,
    eventsFiltered: 0,
    eventsOut: 0,
    deadLettered: 0,
    dropped: 0,
    retries: 0,
    batches: 0,
    lastHeartbeat: null,
    lastEventTime: null,
  };
}

/** Events per second over a sliding window of one-second buckets (TPS for the task API and console). */
export class RateMeter {
  private readonly buckets: number[];
  private newest = 0;

  constructor(
    private readonly windowSeconds = 10,
    private readonly now: () => number = Date.now,
  ) {
    this.buckets = new Array<number>(windowSeconds).fill(0);
  }

  /** Counts `n` events now. */
  record(n: number): void {
    this.buckets[this.advance()]! += n;
  }

  /** The mean rate over the window. */
  perSecond(): number {
    this.advance();
    return this.buckets.reduce((sum, n) => sum + n, 0) / this.windowSeconds;
  }

  private advance(): number {
    const second = Math.floor(this.now() / 1000);
    const stale = Math.min(second - this.newest, this.windowSeconds);
    for (let i = 1; i <= stale; i++) this.buckets[(this.newest + i) % this.windowSeconds] = 0;
    if (stale > 0) this.newest = second;
    return second % this.windowSeconds;
  }
}
