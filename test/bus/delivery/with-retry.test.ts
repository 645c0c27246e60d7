import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../bus/delivery/clock.js';
import { SinkError } from '../../../bus/delivery/errors.js';
import { retryPolicy } from '../../../bus/delivery/policy.js';
import { type RetryNotice, withRetry } from '../../../bus/delivery/with-retry.js';

const unavailable = () => new SinkError('sink.http.status', 'HTTP 503', { retriable: true, status: 503 });
const badRequest = () => new SinkError('sink.http.status', 'HTTP 400', { status: 400 });

/** A send that records when it was called and fails `failures` times before succeeding. */
function flakySend(clock: ManualClock, failures: number, error = unavailable) {
  const calls: { attempt: number; at: number }[] = [];
  const send = async (attempt: number) => {
    calls.push({ attempt, at: clock.now() });
    if (calls.length <= failures) throw error();
  };
  return { send, calls };
}

describe('withRetry', () => {
  it('delivers on the first attempt without waiting', async () => {
    const clock = new ManualClock(5_000);
    const { send, calls } = flakySend(clock, 0);
    const result = await withRetry(send, { policy: retryPolicy('BACKOFF_RETRY'), clock });
    expect(result).toEqual({ status: 'delivered', attempts: 1, firstAttempt: 5_000, lastAttempt: 5_000 });
    expect(calls).toEqual([{ attempt: 1, at: 5_000 }]);
    expect(clock.sleepers).toBe(0);
  });

  it('retries on the policy schedule and reports each retry', async () => {
    const clock = new ManualClock();
    const { send, calls } = flakySend(clock, 2);
    const notices: RetryNotice[] = [];
    const p = withRetry(send, {
      policy: retryPolicy('BACKOFF_RETRY'),
      clock,
      random: () => 0.5,
      onRetry: (n) => notices.push(n),
    });
    await clock.runAll();
    expect(await p).toEqual({ status: 'delivered', attempts: 3, firstAttempt: 0, lastAttempt: 30_000 });
    expect(calls.map((c) => c.at)).toEqual([0, 15_000, 30_000]);
    expect(notices.map((n) => [n.attempt, n.retryAt])).toEqual([
      [1, 15_000],
      [2, 30_000],
    ]);
    expect(notices[0]?.error).toMatchObject({ status: 503 });
  });

  it('does not send again before the retry time', async () => {
    const clock = new ManualClock();
    const { send, calls } = flakySend(clock, 1);
    const p = withRetry(send, { policy: retryPolicy('BACKOFF_RETRY'), clock, random: () => 0 });
    await clock.advance(9_999);
    expect(calls).toHaveLength(1);
    await clock.advance(1);
    expect(calls).toHaveLength(2);
    expect((await p).status).toBe('delivered');
  });

  it('BACKOFF_RETRY: 4 attempts in all, then failed with the last error and the reason', async () => {
    const clock = new ManualClock();
    const { send, calls } = flakySend(clock, Number.POSITIVE_INFINITY);
    const p = withRetry(send, { policy: retryPolicy('BACKOFF_RETRY'), clock, random: () => 0.5 });
    await clock.runAll();
    const result = await p;
    expect(result).toMatchObject({
      status: 'failed',
      attempts: 4,
      firstAttempt: 0,
      lastAttempt: 45_000,
      exhaustedRetryCondition: 'BACKOFF_RETRY: 3 retries exhausted (last error: retriable sink.http.status)',
    });
    expect(result.status === 'failed' && result.error).toBeInstanceOf(SinkError);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('EXPONENTIAL_DECAY_RETRY: 177 attempts over 86,015 s, without real waiting', async () => {
    const clock = new ManualClock();
    const { send, calls } = flakySend(clock, Number.POSITIVE_INFINITY);
    const p = withRetry(send, { policy: retryPolicy('EXPONENTIAL_DECAY_RETRY'), clock });
    await clock.runAll();
    expect(await p).toMatchObject({ status: 'failed', attempts: 177, firstAttempt: 0, lastAttempt: 86_015_000 });
    expect(calls.slice(0, 4).map((c) => c.at)).toEqual([0, 1_000, 3_000, 7_000]);
  });

  it('gives up on a permanent error after one attempt, without waiting', async () => {
    const clock = new ManualClock();
    const { send, calls } = flakySend(clock, 1, badRequest);
    const result = await withRetry(send, { policy: retryPolicy('EXPONENTIAL_DECAY_RETRY'), clock });
    expect(result).toMatchObject({
      status: 'failed',
      attempts: 1,
      exhaustedRetryCondition: 'permanent error: sink.http.status',
    });
    expect(calls).toHaveLength(1);
    expect(clock.sleepers).toBe(0);
  });

  it('ends the wait at once when the task is paused, and does not send again', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const { send, calls } = flakySend(clock, Number.POSITIVE_INFINITY);
    const p = withRetry(send, { policy: retryPolicy('EXPONENTIAL_DECAY_RETRY'), clock, signal: controller.signal });
    await clock.advance(1_000); // attempt 2 fails at 1 s, now waiting 2 s
    expect(calls).toHaveLength(2);
    expect(clock.sleepers).toBe(1);
    controller.abort('task paused');
    const result = await p;
    expect(result).toMatchObject({ status: 'aborted', attempts: 2, reason: 'task paused' });
    expect(result.status === 'aborted' && result.error).toBeInstanceOf(SinkError);
    expect(clock.now()).toBe(1_000);
    expect(clock.sleepers).toBe(0);
    expect(calls).toHaveLength(2);
  });

  it('does not start when already aborted', async () => {
    const clock = new ManualClock();
    const { send, calls } = flakySend(clock, 0);
    const result = await withRetry(send, {
      policy: retryPolicy('BACKOFF_RETRY'),
      clock,
      signal: AbortSignal.abort('stopped'),
    });
    expect(result).toEqual({ status: 'aborted', attempts: 0, reason: 'stopped' });
    expect(calls).toHaveLength(0);
  });

  it('counts a send that fails because of the abort as aborted, not failed', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const send = (_attempt: number, signal: AbortSignal | undefined) =>
      new Promise<void>((_resolve, reject) => signal?.addEventListener('abort', () => reject(badRequest())));
    const notices: RetryNotice[] = [];
    const p = withRetry(send, {
      policy: retryPolicy('BACKOFF_RETRY'),
      clock,
      signal: controller.signal,
      onRetry: (n) => notices.push(n),
    });
    controller.abort('stopped');
    // a permanent-looking error caused by the abort must not dead-letter the record
    expect(await p).toMatchObject({ status: 'aborted', attempts: 1, reason: 'stopped' });
    expect(notices).toEqual([]);
  });

  it('counts a send that succeeds despite the abort as delivered', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    let finish = () => {};
    const send = () => new Promise<void>((resolve) => (finish = resolve));
    const p = withRetry(send, { policy: retryPolicy('BACKOFF_RETRY'), clock, signal: controller.signal });
    controller.abort('stopped');
    finish();
    expect(await p).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('passes the attempt number and the signal to send', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const seen: [number, AbortSignal | undefined][] = [];
    const send = async (attempt: number, signal: AbortSignal | undefined) => {
      seen.push([attempt, signal]);
      if (attempt < 2) throw unavailable();
    };
    const p = withRetry(send, { policy: retryPolicy('BACKOFF_RETRY'), clock, signal: controller.signal });
    await clock.runAll();
    await p;
    expect(seen).toEqual([
      [1, controller.signal],
      [2, controller.signal],
    ]);
  });
});
