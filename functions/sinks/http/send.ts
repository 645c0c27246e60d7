import { SinkError } from '../../../bus/delivery/errors.js';
import type { SinkWriter } from '../../../bus/emulator/types.js';
import { compileFields } from '../../shared/sink-fields.js';
import type { HttpSinkConfig } from './config.js';
import { encode, type HttpRequest, requestError, statusError, timeoutError } from './encode.js';

/**
 * Compiles the header specs once and sends each payload as one request with Node's fetch
 * (undici, keep-alive connections reused between requests). A write sends its messages one
 * after another, in order, and resolves once every one got a 2xx; the first failure rejects it
 * (`timeoutMs` without a response → retriable; non-2xx → SinkError with the `status`).
 *
 * @example const sink = await connect({ type: 'http', url: 'http://127.0.0.1:8080/in', method: 'POST', headers: {}, timeoutMs: 10000 }, { baseDir: '.' })
 */
export async function connect(config: HttpSinkConfig, context: { baseDir: string }): Promise<SinkWriter> {
  const fields = compileFields(config.headers, context.baseDir);
  let closed = false;
  return {
    async write(messages) {
      if (closed) throw new SinkError('sink.http.closed', 'the HTTP sink is closed', { retriable: true });
      const requests = await Promise.all(messages.map((m) => encode(m, config.method, fields.renderers)));
      for (const request of requests) await send(config, request);
    },
    async close() {
      if (closed) return;
      closed = true;
      await fields.close();
    },
  };
}

async function send(config: HttpSinkConfig, request: HttpRequest): Promise<void> {
  const signal = AbortSignal.timeout(config.timeoutMs);
  let response: Response;
  try {
    response = await fetch(config.url, { ...request, signal });
  } catch (error) {
    if (signal.aborted) throw timeoutError(config.url, config.timeoutMs, error);
    throw requestError(config.url, error);
  }
  // Reading the body to its end hands the connection back to the keep-alive pool.
  const text = await response.text().catch((error: unknown) => {
    if (signal.aborted) throw timeoutError(config.url, config.timeoutMs, error);
    throw requestError(config.url, error);
  });
  if (response.status < 200 || response.status > 299) throw statusError(response.status, response.statusText, text);
}
