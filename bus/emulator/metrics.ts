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
