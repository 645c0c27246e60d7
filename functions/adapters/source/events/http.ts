import { timingSafeEqual } from 'node:crypto';
import type { CloudEvent, Json } from '../../../../bus/event.js';
import { rememberValueText } from '../../../../bus/task/lazy-value.js';
import type { ParsedBody } from '../record.js';

/**
 * The HTTP source's CloudEvent, built here once for both places a request enters conflux: the
 * emulator's source (functions/sources/http/decode.ts) and a deployed sink behind an API Gateway
 * HTTP API (lambda-http.ts). Alibaba EventBridge's "HTTP/HTTPS Events" shape, type
 * `eventbridge:Events:HTTPEvent` (the layout is documented in functions/sources/http/decode.ts).
 */

/** The event type Alibaba EventBridge gives events of an HTTP/HTTPS source. */
export const HTTP_EVENT_TYPE = 'eventbridge:Events:HTTPEvent';

/** The `data` of an HTTP source's event. */
export interface HttpEventData {
  headers: Record<string, string>;
  path: string;
  httpMethod: string;
  queryString: Record<string, string | string[]>;
  body: Json;
  [extra: string]: Json;
}

/** One accepted request, however it arrived. */
export interface HttpRequestMessage {
  id: string;
  /** The task's name: the event's `source`. */
  source: string;
  method: string;
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  /** Lower-case names, repeated ones joined with ", ", credentials already left out (`requestHeaders`). */
  headers: Record<string, string>;
  body: Buffer;
  receivedAt: number;
}

/**
 * An accepted request → its CloudEvent. `body` is parsed JSON when the Content-Type is JSON
 * (`application/json`, `…+json`) or absent and the bytes parse; otherwise the UTF-8 text.
 *
 * @example httpEvent({ id, source: 'orders-hook', method: 'POST', path: '/hooks/orders', query: 'a=1', headers, body, receivedAt }).data.queryString // { a: '1' }
 */
export function httpEvent(request: HttpRequestMessage): CloudEvent {
  const parsed = body(request.body, request.headers['content-type']);
  const data: HttpEventData = {
    headers: request.headers,
    path: request.path,
    httpMethod: request.method,
    queryString: queryString(new URLSearchParams(request.query)),
    body: parsed.body,
  };
  // a filter sees the body's numbers as written (2^53 + 1, 1e400), as `pattern test` does
  if (parsed.body !== parsed.text) rememberValueText(data, parsed.text, 'body');
  return {
    specversion: '1.0',
    id: request.id,
    source: request.source,
    type: HTTP_EVENT_TYPE,
    subject: `acs:eventbridge:local:conflux:eventbus/conflux/eventsource/${request.source}`,
    time: new Date(request.receivedAt).toISOString(),
    datacontenttype: 'application/json',
    data,
  };
}

/**
 * The request body decoded once: `body` is parsed JSON when the content type says JSON (or says
 * nothing) and the bytes parse, else the text; `text` is the UTF-8 text it came from.
 *
 * @example body(Buffer.from('{"a":1}'), 'application/json').body // { a: 1 }
 */
export function body(bytes: Buffer, contentType: string | undefined): ParsedBody {
  const text = bytes.toString('utf8');
  if (text === '' || (contentType !== undefined && !isJsonType(contentType))) return { body: text, text };
  try {
    return { body: JSON.parse(text) as Json, text };
  } catch {
    return { body: text, text };
  }
}

function isJsonType(contentType: string): boolean {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function queryString(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    // defineProperty: a parameter named __proto__ is data like any other
    Object.defineProperty(out, name, { value: values.length === 1 ? values[0]! : values, enumerable: true });
  }
  return out;
}

/** Headers that carry credentials: never kept in an event (sinks, dead letters and logs would hold them). */
export const CREDENTIAL_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'x-api-key'];

/**
 * A request's headers as the event keeps them: names lower case, repeated ones joined with ", ",
 * CREDENTIAL_HEADERS and the source's `dropHeaders` left out.
 *
 * @example requestHeaders({ Cookie: 's=1', 'X-Trace': 't' }, ['x-trace']) // {}
 */
export function requestHeaders(
  headers: Record<string, string | string[] | undefined>,
  dropHeaders: readonly string[] = [],
): Record<string, string> {
  const dropped = new Set([...CREDENTIAL_HEADERS, ...dropHeaders.map((name) => name.toLowerCase())]);
  const out: Record<string, string> = {};
  for (const [given, value] of Object.entries(headers)) {
    const name = given.toLowerCase();
    if (value === undefined || dropped.has(name)) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    Object.defineProperty(out, name, { value: text, enumerable: true, writable: true }); // __proto__ too is just a name
  }
  return out;
}

/** The HTTP source's rules for letting a request in (its `methods` and `token` settings). */
export interface HttpGate {
  methods: readonly string[];
  token?: string | undefined;
}

/** Why a request is refused: the status and the JSON body the source answers with. */
export interface HttpRefusal {
  status: 401 | 405;
  body: { error: string; allow?: string[] };
}

/**
 * Why a request is refused before it becomes an event, or `undefined` when it may pass: 405 for a
 * method the source does not accept (the body lists the allowed ones), 401 without
 * `Authorization: Bearer <token>` when the source has a token.
 *
 * @example httpRefusal({ methods: ['POST'] }, { method: 'GET', path: '/h' })?.status // 405
 */
export function httpRefusal(
  gate: HttpGate,
  request: { method: string; path: string; authorization?: string | undefined },
): HttpRefusal | undefined {
  if (!gate.methods.includes(request.method)) {
    return {
      status: 405,
      body: {
        error: `method ${request.method} is not accepted on ${request.path}; allowed: ${gate.methods.join(', ')}`,
        allow: [...gate.methods],
      },
    };
  }
  if (gate.token !== undefined && !bearerMatches(request.authorization, gate.token)) {
    return {
      status: 401,
      body: { error: `${request.path} needs "Authorization: Bearer <token>" with the source's token` },
    };
  }
  return undefined;
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (match === null) return false;
  const given = Buffer.from(match[1]!.trim());
  const expected = Buffer.from(token);
  // constant time, so the token cannot be guessed a character at a time from response times
  return given.length === expected.length && timingSafeEqual(given, expected);
}
