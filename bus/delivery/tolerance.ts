import type { CloudEvent } from '../event.js';
import type { Clock } from './clock.js';
import { toDeadLetter } from './dead-letter.js';
import { DeliveryFailedError } from './errors.js';
import type { Outcome } from './lane.js';
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
 * @example const outcome = await deliverEvent(message.event, () => sink.write([message]), { ...plan, signal })
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
  return { ...(await applyTolerance(event, result, options)), result };
}

/**
 * A failure that is final (retries exhausted, or a permanent error) under the task's tolerance:
 * NONE → `stop` with a `DeliveryFailedError`; ALL → stored as a dead letter, or `dropped` without a
 * dead-letter queue; a dead letter that cannot be stored → `stop`, so the offset stays uncommitted.
 */
export async function applyTolerance(
  event: CloudEvent,
  result: Extract<DeliveryResult, { status: 'failed' }>,
  options: Pick<DeliverEventOptions, 'tolerance' | 'deadLetter' | 'task' | 'sink'>,
): Promise<Outcome> {
  if (options.tolerance === 'NONE') return { status: 'stop', reason: new DeliveryFailedError(result) };
  if (options.deadLetter === undefined) return { status: 'dropped' };
  try {
    await options.deadLetter(toDeadLetter(event, result, { task: options.task, sink: options.sink }));
  } catch (error) {
    return { status: 'stop', reason: error };
  }
  return { status: 'dead-lettered' };
}
