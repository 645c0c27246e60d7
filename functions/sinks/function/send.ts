import { isAbsolute, resolve } from 'node:path';
import { SinkError } from '../../../bus/delivery/errors.js';
import { ConfluxError, messageOf } from '../../../bus/errors.js';
import type { SinkWriter } from '../../../bus/task/contract.js';
// The FUNCTION transform's runner (warm worker threads, time and memory limits) runs sink handlers too.
import { type HandlerRef, parseHandlerRef } from '../../transformers/runtime/handler-ref.js';
import { acquireIsolate, DEFAULT_MEMORY_MB } from '../../transformers/runtime/pool.js';
import type { FunctionSinkConfig } from './config.js';
import { encode } from './encode.js';

/**
 * Loads the handler (`handler: "path/file.mjs#export"`, relative to `baseDir`) in a warm worker
 * thread and calls it once per write as Function Compute would:
 * `async (event: Buffer, context) => unknown`, where `event` holds the JSON array of the
 * messages' payloads (see encode.ts; payloads, not events). The write resolves when the handler
 * does; its result is ignored. A handler that throws (or fails to load) → permanent SinkError;
 * one that runs past `timeoutMs` → retriable (its worker is restarted for the next call).
 *
 * @example const sink = await connect({ type: 'function', handler: 'sinks/notify.mjs#handler', timeoutMs: 3000 }, { baseDir: '.' })
 */
export async function connect(config: FunctionSinkConfig, context: { baseDir: string }): Promise<SinkWriter> {
  const ref = parseHandlerRef(config.handler);
  if (!('exportName' in ref)) {
    throw new SinkError('sink.function.handler', ref.message, { retriable: false });
  }
  const lease = acquireIsolate({
    file: handlerFile(ref, context.baseDir),
    exportName: ref.exportName,
    memoryMb: DEFAULT_MEMORY_MB,
    timeoutMs: config.timeoutMs,
    functionInfo: {
      name: 'conflux-sink',
      handler: config.handler,
      memory: DEFAULT_MEMORY_MB,
      timeout: config.timeoutMs / 1000,
    },
  });
  try {
    await lease.isolate.ready();
  } catch (error) {
    await lease.release();
    throw sinkError(error);
  }
  let closed = false;
  return {
    async write(messages) {
      if (closed) throw new SinkError('sink.function.closed', 'the function sink is closed', { retriable: true });
      if (messages.length === 0) return;
      try {
        await lease.isolate.call(encode(messages), config.timeoutMs);
      } catch (error) {
        throw sinkError(error);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await lease.release();
    },
    // terminating the worker fails the call in flight as sink.function.closed (retriable)
    interrupt: async () => {
      closed = true;
      await lease.release();
    },
  };
}

function handlerFile(ref: HandlerRef, baseDir: string): string {
  return isAbsolute(ref.file) ? ref.file : resolve(baseDir, ref.file);
}

/** The runner's error in the sink's words: `transform.handler-timeout` → `sink.function.handler-timeout`, retriable as the runner says. */
function sinkError(error: unknown): SinkError {
  const code =
    error instanceof ConfluxError ? error.code.replace(/^transform\./, 'sink.function.') : 'sink.function.failed';
  const retriable = error instanceof ConfluxError && error.retriable;
  return new SinkError(code, messageOf(error), { retriable, cause: error });
}
