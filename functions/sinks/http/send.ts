import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { SinkError } from '../../../bus/delivery/errors.js';
import type { SinkWriter } from '../../../bus/task/contract.js';
import { compileFields } from '../../shared/task/sink-fields.js';
import type { HttpSinkConfig } from './config.js';
import { encode, type HttpRequest, requestError, statusError, timeoutError } from './encode.js';

/**
 * Compiles the header specs once and sends each payload as one request over keep-alive
 * connections (node:http/https with one agent per sink: Node's fetch loads undici on its first
 * call, ~50 ms of a deployed function's cold start). A write sends its messages one after
 * another, in order, and resolves once every one got a 2xx; the first failure rejects it
 * (`timeoutMs` without a whole response → retriable; non-2xx → SinkError with the `status`).
 *
 * @example const sink = await connect({ type: 'http', url: 'http://127.0.0.1:8080/in', method: 'POST', headers: {}, timeoutMs: 10000 }, { baseDir: '.' })
 */
export async function connect(config: HttpSinkConfig, context: { baseDir: string }): Promise<SinkWriter> {
  const fields = compileFields(config.headers, context.baseDir);
  const secure = new URL(config.url).protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  let closed = false;
  return {
    async write(messages) {
      if (closed) throw new SinkError('sink.http.closed', 'the HTTP sink is closed', { retriable: true });
      const requests = await Promise.all(messages.map((m) => encode(m, config.method, fields.renderers)));
      for (const request of requests) await send(config, secure, agent, request);
    },
    async close() {
      if (closed) return;
      closed = true;
      agent.destroy();
      await fields.close();
    },
  };
}

function send(config: HttpSinkConfig, secure: boolean, agent: HttpAgent, request: HttpRequest): Promise<void> {
  const headers: Record<string, string | number> = { ...request.headers };
  if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = timeoutError(config.url, config.timeoutMs, undefined);
      outgoing.destroy(error);
      reject(error);
    }, config.timeoutMs);
    const settle = (error?: SinkError) => {
      clearTimeout(timer);
      if (error === undefined) resolve();
      else reject(error);
    };
    const answered = (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => settle(requestError(config.url, error)));
      // Reading the body to its end hands the connection back to the keep-alive pool.
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status <= 299) return settle();
        const text = Buffer.concat(chunks).toString('utf8');
        settle(statusError(status, response.statusMessage ?? '', text));
      });
    };
    const options = { method: request.method, headers, agent };
    const outgoing = secure ? httpsRequest(config.url, options, answered) : httpRequest(config.url, options, answered);
    outgoing.on('error', (error) => settle(requestError(config.url, error)));
    outgoing.end(request.body);
  });
}
