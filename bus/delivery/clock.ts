import { DeliveryAbortedError, DeliveryError } from './errors.js';

/**
 * Time, injected: the delivery code asks a clock for the time and to wait, so tests drive
 * a day of retries in microseconds with `ManualClock` and never sleep.
 */
export interface Clock {
  /** Milliseconds since the epoch (or since the test clock's start). */
  now(): number;
  /** Resolves after `ms`; rejects with `DeliveryAbortedError` as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock, `Date.now` and `setTimeout`; with `keepAlive: false` its timers do not keep
 * the process alive (a schedule that must not hold up an emulator that is closing).
 */
function realClock(options: { keepAlive: boolean }): Clock {
  return {
    now: () => Date.now(),
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new DeliveryAbortedError(signal.reason));
        const onAbort = () => {
          clearTimeout(timer);
          reject(new DeliveryAbortedError(signal?.reason));
        };
        const timer = setTimeout(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          Math.max(0, ms),
        );
        if (!options.keepAlive) timer.unref();
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

/** The real clock: `Date.now` and `setTimeout`. */
export const systemClock: Clock = realClock({ keepAlive: true });

/** The real clock whose timers do not keep the process alive. */
export const unrefClock: Clock = realClock({ keepAlive: false });

interface Sleeper {
  dueAt: number;
  seq: number;
  resolve: () => void;
}

/** Lets every promise reaction queued so far (and the ones they queue) run. */
function settleMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock for tests: time moves only when told. `advance(ms)` wakes the sleepers that fall
 * due, earliest first (ties in the order they went to sleep), with `now()` equal to each
 * one's due time, and lets the woken code run — including sleeps it starts — before the next.
 *
 * @example const clock = new ManualClock(); const p = withRetry(send, { clock, … }); await clock.runAll(); await p;
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #sleepers: Sleeper[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new DeliveryAbortedError(signal.reason));
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = { dueAt: this.#now + Math.max(0, ms), seq: this.#seq++, resolve: () => {} };
      const onAbort = () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(new DeliveryAbortedError(signal?.reason));
      };
      sleeper.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
    });
  }

  /** How many sleeps are waiting. */
  get sleepers(): number {
    return this.#sleepers.length;
  }

  /** When the earliest sleeper is due, or undefined when none sleeps. */
  nextDue(): number | undefined {
    return this.#earliest()?.dueAt;
  }

  /** Moves time forward by `ms`, waking due sleepers in order; resolves when the woken code has run. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settleMicrotasks();
    for (let next = this.#earliest(); next !== undefined && next.dueAt <= target; next = this.#earliest()) {
      this.#wake(next);
      await settleMicrotasks();
    }
    this.#now = Math.max(this.#now, target);
  }

  /** Wakes sleepers one after another, jumping time to each, until none sleeps (at most `limit` wakes). */
  async runAll(limit = 100_000): Promise<void> {
    await settleMicrotasks();
    for (let woken = 0, next = this.#earliest(); next !== undefined; next = this.#earliest()) {
      if (++woken > limit)
        throw new DeliveryError('delivery.clock.runaway', `ManualClock.runAll: still sleeping after ${limit} wakes`);
      this.#wake(next);
      await settleMicrotasks();
    }
  }

  #earliest(): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const s of this.#sleepers) {
      if (best === undefined || s.dueAt < best.dueAt || (s.dueAt === best.dueAt && s.seq < best.seq)) best = s;
    }
    return best;
  }

  #wake(sleeper: Sleeper): void {
    this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
    this.#now = Math.max(this.#now, sleeper.dueAt);
    sleeper.resolve();
  }
}
