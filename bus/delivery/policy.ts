import { classifyError, DeliveryConfigError } from './errors.js';

/** The retry policies a task's `retry.policy` names (DESIGN.md "Delivery"). */
export type RetryPolicyName = 'BACKOFF_RETRY' | 'EXPONENTIAL_DECAY_RETRY';

/** What to do after a failed attempt: try again at `retryAt` (clock milliseconds), or give up and say why. */
export type RetryDecision = { retryAt: number } | { giveUp: true; reason: string };

/**
 * A pure retry policy. `attempt` counts the attempts made so far (1 after the first
 * failure), `now` is the clock's time of that failure, `random` returns [0, 1).
 */
export type RetryPolicy = (attempt: number, error: unknown, now: number, random: () => number) => RetryDecision;

/** One policy's schedule: how many retries, and the wait before retry number `retry` (1-based). */
export interface RetrySchedule {
  retries: number;
  delayMs(retry: number, random: () => number): number;
}

const SECOND = 1000;

/**
 * The schedules, as DESIGN.md states them. BACKOFF_RETRY: 3 retries, each 10–20 s after
 * the failure before it. EXPONENTIAL_DECAY_RETRY: 176 retries waiting 1, 2, 4, … 512 s,
 * then 512 s each — 86,015 s in all, just under a day.
 */
export const RETRY_SCHEDULES: Readonly<Record<RetryPolicyName, RetrySchedule>> = {
  BACKOFF_RETRY: {
    retries: 3,
    delayMs: (_retry, random) => 10 * SECOND + Math.floor(random() * 10 * SECOND),
  },
  EXPONENTIAL_DECAY_RETRY: {
    retries: 176,
    delayMs: (retry) => 2 ** Math.min(retry - 1, 9) * SECOND,
  },
};

/**
 * Which wait times a policy uses: `documented` (default) as Alibaba Cloud's documentation and
 * DESIGN.md state them; `runtime` as the open-source engine's runtime (apache/rocketmq-eventbridge)
 * actually waits.
 */
export type RetryTiming = 'documented' | 'runtime';

/**
 * The schedules as Alibaba's runtime runs them: BACKOFF_RETRY 3 retries a fixed 10 s apart;
 * EXPONENTIAL_DECAY_RETRY 176 retries waiting min(2^(3+n), 512) s for retry n = 0, 1, … — 8, 16,
 * 32 … 512 s, 87,544 s in all.
 */
export const RUNTIME_RETRY_SCHEDULES: Readonly<Record<RetryPolicyName, RetrySchedule>> = {
  BACKOFF_RETRY: { retries: 3, delayMs: () => 10 * SECOND },
  EXPONENTIAL_DECAY_RETRY: {
    retries: 176,
    delayMs: (retry) => Math.min(2 ** (3 + retry - 1), 512) * SECOND,
  },
};

/**
 * The pure policy for a name (and timing). A permanent error (see `classifyError`) gives up at once;
 * a retriable one is retried on schedule until the retries run out.
 *
 * @example retryPolicy('EXPONENTIAL_DECAY_RETRY')(1, new SinkError('x', 'y', { retriable: true }), 0, Math.random) // {retryAt: 1000}
 */
export function retryPolicy(name: RetryPolicyName, timing: RetryTiming = 'documented'): RetryPolicy {
  const schedule = (timing === 'runtime' ? RUNTIME_RETRY_SCHEDULES : RETRY_SCHEDULES)[name];
  return (attempt, error, now, random) => {
    if (!Number.isInteger(attempt) || attempt < 1) {
      throw new DeliveryConfigError('delivery.attempt', `attempt must be a whole number ≥ 1, got ${attempt}`);
    }
    const verdict = classifyError(error);
    if (verdict.verdict === 'dead-letter') return { giveUp: true, reason: `permanent error: ${verdict.reason}` };
    const retry = attempt; // the retry that would come next: after attempt 1 fails, retry 1
    if (retry > schedule.retries) {
      return { giveUp: true, reason: `${name}: ${schedule.retries} retries exhausted (last error: ${verdict.reason})` };
    }
    return { retryAt: now + schedule.delayMs(retry, random) };
  };
}

/** Whether a string names a retry policy (for config parsing and API input). */
export function isRetryPolicyName(value: unknown): value is RetryPolicyName {
  return typeof value === 'string' && Object.hasOwn(RETRY_SCHEDULES, value);
}
