import type { CloudEvent } from '../event.js';
import type { Clock } from './clock.js';
import { toDeadLetter } from './dead-letter.js';
import { DeliveryFailedError } from './errors.js';
import type { Outcome } from './lanes.js';
import type { RetryPolicy } from './policy.js';
import { type DeliveryResult, type RetryNotice, type Send, withRetry } from './with-retry.js';

/** A task's `errors.tolerance`: ALL goes on past failed records, NONE stops the task at the first. */
export type Tolerance = 'ALL' | 'NONE';

/** Everything `deliverEvent` needs besides the event and its send. */
export interface DeliverEventOptions {
  policy: RetryPolicy;
  clock: Clock;
  random?: () => number;
  /** The lanes' signal (aborted when the task pauses or stops). */
  signal?: AbortSignal;
  onRetry?: (notice: RetryNotice) => void;
  tolerance: Tolerance;
  /** Stores a dead letter (Kafka topic or embedded bus); absent = no DLQ configured: failed records are dropped and counted. */
  deadLetter?: (deadLetter: CloudEvent) => Promise<void>;
  /** Names written into dead letters. */
  task: string;
  sink: string;
}

/** The lanes' outcome of one event, with how its delivery went (attempts, times, error) for metrics and logs. */
export type EventOutcome = Outcome & { result: DeliveryResult };

/**
 * Delivers one event with retries and applies the task's tolerance — the `deliver` a task
 * gives its lanes. Delivered → `delivered`. Failed under ALL → stored as a dead letter
 * (`dead-lettered`) or, without a DLQ, `dropped`. Failed under NONE → `stop` with a
 * `DeliveryFailedError`. Aborted (pause/stop), or the dead letter could not be stored →
 * `stop`: the offset stays uncommitted and the event is delivered again on resume.
 *
 * @example createLanes({ concurrency, deliver: (r, signal) => deliverEvent(r.event, (n, s) => sink.send(r.payload, s), { ...opts, signal }) })
 */
export async function deliverEvent(event: CloudEvent, send: Send, options: DeliverEventOptions): Promise<EventOutcome> {
  const { policy, clock, random, signal, onRetry } = options;
  const result = await withRetry(send, { policy, clock, random, signal, onRetry });
  switch (result.status) {
    case 'delivered':
      return { status: 'delivered', result };
    case 'aborted':
      return { status: 'stop', reason: result.reason, result };
    case 'failed':
      break;
  }
  if (options.tolerance === 'NONE') return { status: 'stop', reason: new DeliveryFailedError(result), result };
  if (options.deadLetter === undefined) return { status: 'dropped', result };
  try {
    await options.deadLetter(toDeadLetter(event, result, { task: options.task, sink: options.sink }));
  } catch (error) {
    return { status: 'stop', reason: error, result };
  }
  return { status: 'dead-lettered', result };
}
