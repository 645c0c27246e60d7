import type { Clock } from './clock.js';
import { DeliveryAbortedError } from './errors.js';
import type { RetryPolicy } from './policy.js';

/**
 * How one record's delivery ended, as data. Times are the clock's milliseconds at the start
 * of the first and the last attempt.
 * - `delivered`: the sink acknowledged it.
 * - `failed`: retries ran out or the error was permanent; `error` is the last error and
 *   `exhaustedRetryCondition` the policy's reason — the record goes to the dead letter
 *   queue (`tolerance: ALL`) or stops the task (`NONE`).
 * - `aborted`: the task was paused or stopped first; the record was neither delivered nor
 *   given up on, so its offset must not be committed.
 */
export type DeliveryResult =
  | { status: 'delivered'; attempts: number; firstAttempt: number; lastAttempt: number }
  | {
      status: 'failed';
      attempts: number;
      firstAttempt: number;
      lastAttempt: number;
      error: unknown;
      exhaustedRetryCondition: string;
    }
  | { status: 'aborted'; attempts: number; reason: unknown; error?: unknown };

/** A retry about to be waited for, told to `onRetry` (for logs and metrics). */
export interface RetryNotice {
  /** The attempt that just failed (1-based). */
  attempt: number;
  error: unknown;
  /** Clock time of the next attempt. */
  retryAt: number;
}

/** What `withRetry` needs: the policy, the clock to wait on, and the task's abort signal. */
export interface WithRetryOptions {
  policy: RetryPolicy;
  clock: Clock;
  /** [0, 1) source for jittered policies; `Math.random` when omitted. */
  random?: () => number;
  /** Aborted when the task is paused or stopped: the wait between attempts ends at once. */
  signal?: AbortSignal;
  /** Called before each wait; must not throw. */
  onRetry?: (notice: RetryNotice) => void;
}

/** Sends one record; rejects on failure. Gets the attempt number (1-based) and the abort signal. */
export type Send = (attempt: number, signal: AbortSignal | undefined) => Promise<unknown>;

/**
 * Calls `send` until it succeeds or the policy gives up, waiting on the clock in between —
 * the only place in delivery that waits. Never rejects for a send failure: the result says
 * what happened. A send already in progress when the signal aborts is awaited (it gets the
 * signal to cancel itself); its success still counts as delivered.
 *
 * @example const result = await withRetry(() => sink.send(payload), { policy: retryPolicy('BACKOFF_RETRY'), clock: systemClock, signal })
 */
export async function withRetry(send: Send, options: WithRetryOptions): Promise<DeliveryResult> {
  const { policy, clock, signal, onRetry } = options;
  const random = options.random ?? Math.random;
  let attempts = 0;
  let firstAttempt = 0;
  let lastAttempt = 0;
  let lastError: unknown;
  const aborted = (): DeliveryResult =>
    attempts === 0
      ? { status: 'aborted', attempts, reason: signal?.reason }
      : { status: 'aborted', attempts, reason: signal?.reason, error: lastError };

  for (;;) {
    if (signal?.aborted) return aborted();
    lastAttempt = clock.now();
    if (attempts === 0) firstAttempt = lastAttempt;
    attempts += 1;
    try {
      await send(attempts, signal);
      return { status: 'delivered', attempts, firstAttempt, lastAttempt };
    } catch (error) {
      lastError = error;
    }
    if (signal?.aborted) return aborted();
    const decision = policy(attempts, lastError, clock.now(), random);
    if ('giveUp' in decision) {
      const { reason } = decision;
      return {
        status: 'failed',
        attempts,
        firstAttempt,
        lastAttempt,
        error: lastError,
        exhaustedRetryCondition: reason,
      };
    }
    onRetry?.({ attempt: attempts, error: lastError, retryAt: decision.retryAt });
    try {
      await clock.sleep(decision.retryAt - clock.now(), signal);
    } catch (error) {
      if (error instanceof DeliveryAbortedError) return aborted();
      throw error;
    }
  }
}
