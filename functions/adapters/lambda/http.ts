import { randomUUID } from 'node:crypto';
import { ConfluxError, type Issue } from '../../../bus/errors.js';
import type { DeployedSource } from '../source/deployed-source.js';
import { httpEvent, httpRefusal, requestHeaders } from '../source/events/http.js';
import type { SourceItem } from './kafka.js';

/**
 * An API Gateway HTTP API (or Lambda function URL) request, payload format 2.0: what a deployed
 * HTTP task receives. It has no `eventSource`; `version: "2.0"` with `requestContext.http` says it.
 */
export interface HttpV2Request {
  version: '2.0';
  rawPath: string;
  rawQueryString?: string;
  cookies?: string[];
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: { http: { method: string; path?: string }; timeEpoch?: number; requestId?: string };
}

/** What Lambda answers the HTTP client with (payload format 2.0 response). */
export interface HttpReply {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** True for a payload format 2.0 request (the only HTTP invocation a deployed task takes). */
export function isHttpV2(invocation: unknown): invocation is HttpV2Request {
  const candidate = invocation as { version?: unknown; requestContext?: { http?: unknown } } | null;
  const http = candidate?.requestContext?.http;
  return candidate?.version === '2.0' && typeof http === 'object' && http !== null;
}

/** The HTTP settings of the task (CONFLUX_SOURCE), the emulator's defaults when absent. */
function gateOf(source: DeployedSource | undefined): { methods: string[]; token?: string } {
  if (source?.type !== 'http') return { methods: ['POST'] };
  return { methods: source.methods, ...(source.token === undefined ? {} : { token: source.token }) };
}

/** A JSON reply. */
export function reply(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpReply {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/**
 * The emulator's HTTP source rules, before anything is read: 405 (with `allow`) for a method the
 * source does not accept, 401 without the source's bearer token; `undefined` lets it in.
 */
export function lambdaHttpRefusal(invocation: unknown, source: DeployedSource | undefined): HttpReply | undefined {
  const request = invocation as HttpV2Request;
  const refused = httpRefusal(gateOf(source), {
    method: String(request.requestContext.http.method),
    path: String(request.rawPath ?? request.requestContext.http.path),
    authorization: request.headers?.authorization,
  });
  if (refused === undefined) return undefined;
  return reply(
    refused.status,
    refused.body,
    refused.body.allow === undefined ? {} : { allow: refused.body.allow.join(', ') },
  );
}

/** How the one record of an HTTP invocation is named: its event id once it decoded. */
export interface HttpItemIdentifier {
  id: string | undefined;
}

/**
 * The request → the one CloudEvent the emulator's HTTP source builds for it
 * (functions/adapters/source/events/http.ts): `source` the task's name, `data.path` the raw path,
 * `data.headers` without credential headers (Authorization, Cookie — payload 2.0's `cookies` — …)
 * and the source's `dropHeaders`, `time` when API Gateway received it. A malformed request is an issue with its path.
 *
 * @example lambdaHttpItems(request, { task: 'orders-hook' })[0].event.data.httpMethod // "POST"
 */
export function lambdaHttpItems(
  invocation: unknown,
  options: { task?: string | undefined; source?: DeployedSource | undefined },
  now = Date.now(),
): SourceItem<HttpItemIdentifier>[] {
  const issue = checkRequest(invocation);
  if (issue !== undefined) return [{ identifier: { id: undefined }, issue }];
  const request = invocation as HttpV2Request;
  const headers: Record<string, string | string[] | undefined> = { ...request.headers };
  const id = randomUUID();
  const event = httpEvent({
    id,
    source: options.task ?? process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'http',
    method: request.requestContext.http.method,
    path: request.rawPath,
    query: request.rawQueryString ?? '',
    headers: requestHeaders(headers, options.source?.type === 'http' ? options.source.dropHeaders : []),
    body: Buffer.from(request.body ?? '', request.isBase64Encoded ? 'base64' : 'utf8'),
    receivedAt: request.requestContext.timeEpoch ?? now,
  });
  return [{ identifier: { id }, event }];
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function checkRequest(invocation: unknown): Issue | undefined {
  const r = invocation as Record<string, unknown> & { requestContext: Record<string, unknown> };
  const http = r.requestContext.http as Record<string, unknown>;
  if (typeof http.method !== 'string') return { path: ['requestContext', 'http', 'method'], message: 'must be text' };
  if (typeof r.rawPath !== 'string') return { path: ['rawPath'], message: 'rawPath must be text' };
  if (r.rawQueryString !== undefined && typeof r.rawQueryString !== 'string') {
    return { path: ['rawQueryString'], message: 'rawQueryString must be text' };
  }
  if (r.headers !== undefined && r.headers !== null) {
    if (typeof r.headers !== 'object' || Array.isArray(r.headers))
      return { path: ['headers'], message: 'must be an object' };
    for (const [name, value] of Object.entries(r.headers)) {
      if (typeof value !== 'string') return { path: ['headers', name], message: 'a header must be text' };
    }
  }
  if (r.cookies !== undefined && (!Array.isArray(r.cookies) || r.cookies.some((c) => typeof c !== 'string'))) {
    return { path: ['cookies'], message: 'cookies must be a list of text' };
  }
  if (r.body !== undefined && typeof r.body !== 'string') return { path: ['body'], message: 'body must be text' };
  if (r.isBase64Encoded === true && !BASE64.test(r.body ?? '')) {
    return { path: ['body'], message: 'body must be base64 text (isBase64Encoded is true)' };
  }
  const time = r.requestContext.timeEpoch;
  if (time !== undefined && typeof time !== 'number') {
    return { path: ['requestContext', 'timeEpoch'], message: 'timeEpoch must be a number (ms)' };
  }
  return undefined;
}

/**
 * The answer the emulator's HTTP source gives: 200 `{"id"}` once delivered (or left out by the
 * filter); a request that does not decode 400 with the path; a failed delivery 503 when retrying
 * can help (the sender sends it again), else 500. The reason goes to the log, not to the sender.
 */
export function httpAnswer(outcome: { identifier: HttpItemIdentifier; ok: boolean; error?: unknown }): HttpReply {
  if (outcome.ok) return reply(200, { id: outcome.identifier.id });
  const error = outcome.error;
  if (error instanceof ConfluxError && error.code === 'handler.bad-record') {
    return reply(400, { error: `the request is not valid: ${error.message}`, path: error.path });
  }
  console.error(error);
  const retriable = error instanceof ConfluxError && error.retriable;
  return reply(retriable ? 503 : 500, {
    error: retriable
      ? 'the event was not delivered; send it again'
      : 'the event cannot be delivered (the function log has the reason)',
    ...(error instanceof ConfluxError ? { code: error.code } : {}),
  });
}
