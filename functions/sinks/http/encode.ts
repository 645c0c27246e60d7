import { classifyError, SinkError, statusVerdict } from '../../../bus/delivery/errors.js';
import type { SinkMessage } from '../../../bus/task/contract.js';
import { type FieldRenderer, renderMap } from '../../shared/task/sink-fields.js';

/** One HTTP request as the sink sends it: the payload as body (none for GET) and the rendered headers. */
export interface HttpRequest {
  method: string;
  body: string | undefined;
  headers: Record<string, string>;
}

/** The content type a body gets when no header spec names one: JSON when it parses as a JSON object or array. */
export function defaultContentType(body: string): string {
  const first = body.charCodeAt(0);
  if (first === 0x7b /* { */ || first === 0x5b /* [ */) {
    try {
      JSON.parse(body);
      return 'application/json';
    } catch {}
  }
  return 'text/plain;charset=UTF-8';
}

/**
 * One payload → one request: the payload is the body, each header is rendered from the event by
 * its own spec and must give exactly one text. A body without a `content-type` header spec is
 * sent as `application/json` when it is a JSON object or array (ORIGINAL, a selected object),
 * else as `text/plain;charset=UTF-8`. GET cannot carry a body (fetch refuses one), so a GET sends
 * the headers only.
 *
 * @example await encode({ event, payload: '{"id":1}' }, 'POST', { 'x-id': render('$.data.value.id') }) // { method: 'POST', body: '{"id":1}', headers: { 'x-id': '1' } }
 */
export async function encode(
  message: SinkMessage,
  method: string,
  headers: Record<string, FieldRenderer>,
): Promise<HttpRequest> {
  const rendered = await renderMap(headers, message, 'sink.headers', 'sink.http.field');
  if (method === 'GET') return { method, body: undefined, headers: rendered };
  const named = Object.keys(rendered).some((name) => name.toLowerCase() === 'content-type');
  if (!named) rendered['content-type'] = defaultContentType(message.payload);
  return { method, body: message.payload, headers: rendered };
}

/**
 * The error for a response that is not 2xx, carrying its `status`: 5xx, 429 and 408 are retriable,
 * other statuses permanent (`statusVerdict` decides). `detail` is the start of the body.
 *
 * @example statusError(503, 'Service Unavailable', '').retriable // true
 */
export function statusError(status: number, statusText: string, detail: string): SinkError {
  const retriable = statusVerdict(status)?.verdict === 'retry';
  const said = detail === '' ? '' : `: ${detail.slice(0, 200)}`;
  return new SinkError('sink.http.status', `HTTP ${status} ${statusText} from the endpoint${said}`, {
    retriable,
    status,
  });
}

/** The error for a request that got no answer in `timeoutMs`: retriable (the endpoint may be back). */
export function timeoutError(url: string, timeoutMs: number, cause: unknown): SinkError {
  return new SinkError('sink.http.timeout', `no response from ${url} within ${timeoutMs} ms`, {
    retriable: true,
    cause,
  });
}

/**
 * The error for a request that failed before a response (connection refused or reset, DNS,
 * an invalid header value): retriable when classifyError judges its cause so.
 */
export function requestError(url: string, cause: unknown): SinkError {
  const verdict = classifyError(cause);
  const reason = !(cause instanceof Error)
    ? String(cause)
    : cause.cause instanceof Error
      ? cause.cause.message
      : cause.message;
  return new SinkError('sink.http.request', `request to ${url} failed (${verdict.reason}): ${reason}`, {
    retriable: verdict.verdict === 'retry',
    cause,
  });
}
