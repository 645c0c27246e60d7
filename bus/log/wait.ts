/**
 * Waiting for records: checked at once, whenever an append in this process wakes the waiters, and every
 * `pollMs` for what other processes append (a cheap fstat of the segment), until a timeout or an abort.
 */

/** How long and how to wait. */
export interface WaitOptions {
  timeoutMs: number;
  pollMs: number;
  /** Functions an append in this process calls; the wait adds its check while it runs. */
  wakers: Set<() => void>;
  signal?: AbortSignal | undefined;
}

/** Resolves once `ready()` holds, `timeoutMs` passed, or `signal` aborted — whichever comes first. */
export function waitUntil(ready: () => boolean, options: WaitOptions): Promise<void> {
  const { signal, wakers } = options;
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      clearInterval(poll);
      wakers.delete(check);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const check = () => {
      if (ready()) done();
    };
    const timer = setTimeout(done, options.timeoutMs);
    const poll = setInterval(check, options.pollMs);
    wakers.add(check);
    signal?.addEventListener('abort', done, { once: true });
    if (signal?.aborted) done();
    else check();
  });
}
