import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SinkError } from '../../../bus/delivery/errors.js';
import {
  isRetryPolicyName,
  type RetryDecision,
  type RetryPolicy,
  type RetryPolicyName,
  retryPolicy,
} from '../../../bus/delivery/policy.js';

const retriable = new SinkError('sink.http.status', 'HTTP 503', { retriable: true, status: 503 });
const permanent = new SinkError('sink.http.status', 'HTTP 400', { status: 400 });

/** Asks the policy after each failed attempt until it gives up; returns the waits (ms) and the final decision. */
function schedule(policy: RetryPolicy, random: () => number, start = 0): { delays: number[]; last: RetryDecision } {
  const delays: number[] = [];
  let now = start;
  for (let attempt = 1; attempt < 10_000; attempt++) {
    const decision = policy(attempt, retriable, now, random);
    if ('giveUp' in decision) return { delays, last: decision };
    delays.push(decision.retryAt - now);
    now = decision.retryAt;
  }
  throw new Error('policy never gave up');
}

describe('BACKOFF_RETRY', () => {
  const policy = retryPolicy('BACKOFF_RETRY');

  it('retries exactly 3 times, then gives up saying so', () => {
    const { delays, last } = schedule(policy, () => 0.5);
    expect(delays).toEqual([15_000, 15_000, 15_000]);
    expect(last).toEqual({
      giveUp: true,
      reason: 'BACKOFF_RETRY: 3 retries exhausted (last error: retriable sink.http.status)',
    });
  });

  it('waits between 10 s and 20 s, whatever the random source says', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(), (r, now) => {
        const { delays } = schedule(policy, () => r, now);
        expect(delays).toHaveLength(3);
        for (const delay of delays) {
          expect(delay).toBeGreaterThanOrEqual(10_000);
          expect(delay).toBeLessThan(20_000);
          expect(Number.isInteger(delay)).toBe(true);
        }
      }),
    );
  });

  it('spans the whole range: random 0 → 10 s, random just under 1 → just under 20 s', () => {
    expect(schedule(policy, () => 0).delays).toEqual([10_000, 10_000, 10_000]);
    expect(schedule(policy, () => 0.99999).delays).toEqual([19_999, 19_999, 19_999]);
  });

  it('gives the retry time from the failure time passed in', () => {
    expect(policy(2, retriable, 1_000_000, () => 0.25)).toEqual({ retryAt: 1_012_500 });
  });
});

describe('EXPONENTIAL_DECAY_RETRY', () => {
  const policy = retryPolicy('EXPONENTIAL_DECAY_RETRY');
  const { delays, last } = schedule(policy, Math.random);

  it('retries exactly 176 times', () => {
    expect(delays).toHaveLength(176);
    expect(last).toMatchObject({
      giveUp: true,
      reason: expect.stringMatching(/^EXPONENTIAL_DECAY_RETRY: 176 retries/),
    });
  });

  it('waits 1, 2, 4, … 512 s, then 512 s each', () => {
    expect(delays.slice(0, 10)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512].map((s) => s * 1000));
    expect(delays.slice(10)).toEqual(new Array(166).fill(512_000));
  });

  it('adds up to about a day: 1,023 s + 166 × 512 s = 86,015 s', () => {
    const total = delays.reduce((sum, d) => sum + d, 0);
    expect(total).toBe(86_015_000);
    expect(Math.abs(total - 86_400_000) / 86_400_000).toBeLessThan(0.005);
  });

  it('does not use the random source', () => {
    expect(schedule(policy, () => 0).delays).toEqual(schedule(policy, () => 0.9).delays);
  });
});

describe("timing: 'runtime', as Alibaba's open-source runtime waits", () => {
  it('BACKOFF_RETRY: 3 retries a fixed 10 s apart, whatever the random source', () => {
    const policy = retryPolicy('BACKOFF_RETRY', 'runtime');
    expect(schedule(policy, () => 0.9).delays).toEqual([10_000, 10_000, 10_000]);
    expect(schedule(policy, () => 0).delays).toEqual([10_000, 10_000, 10_000]);
  });

  it('EXPONENTIAL_DECAY_RETRY: 176 retries of min(2^(3+n), 512) s, 87,544 s in all', () => {
    const { delays, last } = schedule(retryPolicy('EXPONENTIAL_DECAY_RETRY', 'runtime'), Math.random);
    expect(delays.slice(0, 7)).toEqual([8, 16, 32, 64, 128, 256, 512].map((s) => s * 1000));
    expect(delays.slice(6)).toEqual(new Array(170).fill(512_000));
    expect(delays.reduce((sum, d) => sum + d, 0)).toBe(87_544_000);
    expect(last).toMatchObject({ giveUp: true });
  });

  it('the documented schedule stays the default', () => {
    const documented = schedule(retryPolicy('EXPONENTIAL_DECAY_RETRY', 'documented'), Math.random).delays;
    expect(schedule(retryPolicy('EXPONENTIAL_DECAY_RETRY'), Math.random).delays).toEqual(documented);
    expect(documented[0]).toBe(1000);
  });
});

describe.each<RetryPolicyName>(['BACKOFF_RETRY', 'EXPONENTIAL_DECAY_RETRY'])('%s with a permanent error', (name) => {
  it('gives up at once, at any attempt, naming the error', () => {
    const policy = retryPolicy(name);
    for (const attempt of [1, 2, 3]) {
      expect(policy(attempt, permanent, 0, () => 0.5)).toEqual({
        giveUp: true,
        reason: 'permanent error: sink.http.status',
      });
    }
  });

  it('rejects attempt numbers that are not whole and positive', () => {
    const policy = retryPolicy(name);
    for (const attempt of [0, -1, 1.5, Number.NaN]) {
      expect(() => policy(attempt, retriable, 0, () => 0.5)).toThrow(/attempt must be a whole number/);
    }
  });
});

describe('isRetryPolicyName', () => {
  it('knows the two policies and nothing else', () => {
    expect(isRetryPolicyName('BACKOFF_RETRY')).toBe(true);
    expect(isRetryPolicyName('EXPONENTIAL_DECAY_RETRY')).toBe(true);
    expect(isRetryPolicyName('backoff_retry')).toBe(false);
    expect(isRetryPolicyName('toString')).toBe(false);
    expect(isRetryPolicyName(3)).toBe(false);
  });
});
