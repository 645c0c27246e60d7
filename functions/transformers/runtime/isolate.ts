import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { InvalidTransformError, TransformFailedError } from '../errors.js';

/** At most this many bytes of result per call (6 MiB, the synchronous response limit of FC and Lambda). */
export const RESULT_LIMIT_BYTES = 6 * 1024 * 1024;

/**
 * Loading may take at least this long, however small `timeoutMs` is: starting a worker and
 * importing a module (through tsx for .ts) takes a few hundred ms on a busy machine, and a
 * handler with a 50 ms limit must not fail to load for that.
 */
export const MIN_LOAD_MS = 1000;

/** What a handler's worker is started with; workers with equal settings are shared. */
export interface IsolateSettings {
  /** Absolute path of the handler module. */
  file: string;
  exportName: string;
  /** Old-generation heap limit of the worker, MiB. */
  memoryMb: number;
  /** The handler's time limit, ms: loading the module counts against it too. */
  timeoutMs: number;
  /** `context.function` as the handler sees it. */
  functionInfo: { name: string; handler: string; memory: number; timeout: number };
}

interface Call {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

type WorkerMessage =
  | { ready: true }
  | { loadError: { message: string } }
  | { id: number; result: unknown }
  | { id: number; error: { name: string; message: string; stack?: string; tooLarge?: boolean } };

const WORKER_URL = new URL('./worker.mjs', import.meta.url);

/**
 * One handler in one worker thread, warm between calls, with a memory limit and a time limit per
 * call. A call that times out terminates the worker (a hung handler cannot be interrupted any
 * other way); a handler that exits or runs out of memory fails the calls in flight. Either way
 * the next call starts a fresh worker: the runtime itself never goes down with the handler.
 * Loading counts against the time limit: a module still loading after `timeoutMs` (at least
 * MIN_LOAD_MS; a top-level endless loop) has its worker terminated, and the isolate is invalid from then on, as for a
 * module that throws. `close()` terminates the worker whatever it is doing.
 */
export class Isolate {
  private worker: Worker | undefined;
  private loading: Promise<void> | undefined;
  private readonly calls = new Map<number, Call>();
  private seq = 0;
  private loaded = false;
  private closed = false;

  constructor(private readonly settings: IsolateSettings) {}

  /** Starts the worker (if not running) and waits until the handler is loaded. */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(closedError());
    if (this.loading === undefined) this.loading = this.start();
    return this.loading;
  }

  /** Sends one batch (UTF-8 JSON array of events) to the handler; resolves with its raw result. */
  async call(bytes: Uint8Array, timeoutMs: number): Promise<unknown> {
    const worker = await this.running();
    if (this.closed) throw closedError(); // closed while this call waited for the worker
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.calls.delete(id);
        reject(
          new TransformFailedError('transform.handler-timeout', `handler timed out after ${timeoutMs} ms`, {
            path: 'handler',
            retriable: true,
          }),
        );
        this.restart('another call on this worker timed out');
      }, timeoutMs);
      this.calls.set(id, { resolve, reject, timer });
      worker.ref();
      const context = { requestId: randomUUID() };
      worker.postMessage({ id, bytes, context }, [bytes.buffer as ArrayBuffer]);
    });
  }

  /** The loaded worker; started again if it died (another call timed out) while this one waited. */
  private async running(): Promise<Worker> {
    if (this.worker !== undefined && this.loaded) return this.worker;
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.ready();
      if (this.worker !== undefined) return this.worker;
    }
    throw new TransformFailedError('transform.handler-crashed', 'the handler worker keeps dying while starting', {
      path: 'handler',
    });
  }

  /** Terminates the worker, loading, idle or busy; calls in flight and later fail (retriable). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.closed = true;
    this.fail(closedError());
    this.worker = undefined;
    this.loading = undefined;
    this.loaded = false;
    if (worker !== undefined) await worker.terminate();
  }

  private start(): Promise<void> {
    const { file, exportName, memoryMb, functionInfo } = this.settings;
    const worker = new Worker(WORKER_URL, {
      workerData: { file, exportName, functionInfo, resultLimitBytes: RESULT_LIMIT_BYTES },
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    });
    this.worker = worker;
    const loadLimitMs = Math.max(this.settings.timeoutMs, MIN_LOAD_MS);
    const loaded = new Promise<void>((resolve, reject) => {
      const limit = setTimeout(() => {
        // Loading again would hang again: keep the rejection for every later call.
        this.worker = undefined;
        void worker.terminate();
        const message = `handler did not finish loading within ${loadLimitMs} ms (loading counts against timeoutMs)`;
        reject(new InvalidTransformError([{ path: ['handler'], message }]));
      }, loadLimitMs);
      worker.once('exit', () => clearTimeout(limit));
      worker.on('message', (message: WorkerMessage) => {
        if ('ready' in message || 'loadError' in message) clearTimeout(limit);
        if ('ready' in message) {
          this.loaded = true;
          resolve();
        } else if ('loadError' in message) {
          // Loading again would fail again: keep the rejection for every later call.
          this.worker = undefined;
          void worker.terminate();
          reject(new InvalidTransformError([{ path: ['handler'], message: message.loadError.message }]));
        } else this.settle(message);
      });
      worker.on('error', (error) => {
        const reason = describeCrash(error);
        if (this.closed) reject(closedError());
        else reject(new InvalidTransformError([{ path: ['handler'], message: `handler failed to load: ${reason}` }]));
        this.died(worker, `handler crashed the worker: ${reason}`, error);
      });
      worker.on('exit', (code) => {
        const message = `handler exited while loading (code ${code})`;
        reject(this.closed ? closedError() : new InvalidTransformError([{ path: ['handler'], message }]));
        this.died(worker, `handler exited the worker (code ${code})`);
      });
    });
    // An idle worker must not keep the process alive; a loading or busy one must.
    return loaded.finally(() => this.idle());
  }

  private settle(message: Exclude<WorkerMessage, { ready: true } | { loadError: unknown }>): void {
    const call = this.calls.get(message.id);
    if (call === undefined) return;
    this.calls.delete(message.id);
    clearTimeout(call.timer);
    this.idle();
    if ('result' in message) call.resolve(message.result);
    else {
      const { name, message: text, stack, tooLarge } = message.error;
      if (tooLarge === true) {
        call.reject(new TransformFailedError('transform.handler-result-too-large', text, { path: 'handler' }));
        return;
      }
      const cause = Object.assign(new Error(text), { name, stack });
      call.reject(
        new TransformFailedError('transform.handler-failed', `handler failed: ${text}`, { path: 'handler', cause }),
      );
    }
  }

  /** Unrefs the worker when no call is in flight (listeners ref it again, so this runs after them). */
  private idle(): void {
    if (this.calls.size === 0) this.worker?.unref();
  }

  private died(worker: Worker, reason: string, cause?: unknown, retriable = false): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.loaded = false;
    this.loading = undefined;
    this.fail(new TransformFailedError('transform.handler-crashed', reason, { path: 'handler', cause, retriable }));
  }

  /** Calls that shared the worker with a timed-out call did nothing wrong: they may be retried. */
  private restart(reason: string): void {
    const worker = this.worker;
    if (worker === undefined) return;
    this.died(worker, reason, undefined, true);
    void worker.terminate();
  }

  private fail(error: Error): void {
    for (const call of this.calls.values()) {
      clearTimeout(call.timer);
      call.reject(error);
    }
    this.calls.clear();
  }
}

function closedError(): TransformFailedError {
  return new TransformFailedError('transform.closed', 'the transform was closed', { retriable: true });
}

function describeCrash(error: Error): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return `out of memory (${error.message})`;
  return error.message;
}
