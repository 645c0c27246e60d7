/**
 * The CloudEvent an HTTP source emits: Alibaba EventBridge's "HTTP/HTTPS Events" source shape
 * (type `eventbridge:Events:HTTPEvent`), so patterns and transforms written for it carry over:
 *
 * ```json
 * {
 *   "specversion": "1.0",
 *   "id": "5f0c…-uuid",                      // one per accepted request
 *   "source": "orders-hook",                  // the task's name (Alibaba: the event source's name)
 *   "type": "eventbridge:Events:HTTPEvent",
 *   "subject": "acs:eventbridge:local:conflux:eventbus/conflux/eventsource/orders-hook",
 *   "time": "2025-01-01T00:00:00.000Z",       // when the request arrived
 *   "datacontenttype": "application/json",
 *   "data": {
 *     "headers": { "content-type": "application/json", "host": "127.0.0.1:4010", … },
 *     "path": "/hooks/orders",
 *     "httpMethod": "POST",
 *     "queryString": { "a": "1", "tag": ["x", "y"] },
 *     "body": { "orderId": 7 }
 *   }
 * }
 * ```
 *
 * Differences from Alibaba's: header names are lower case (Node reads them so) and
 * `Authorization` is left out (the source's token stays out of sinks and dead letters); a query
 * parameter given more than once is an array of its values; the `aliyun*` account and region
 * extensions are absent. `body` follows Alibaba's rule: parsed JSON when the Content-Type is
 * JSON (`application/json`, `…+json`) or absent and the bytes parse; otherwise the body as
 * UTF-8 text (an empty body is `""`).
 */
import type { DecodedEvent } from '../../../bus/emulator/types.js';
import { ConfluxError } from '../../../bus/errors.js';
import type { CloudEvent, Json } from '../../../bus/event.js';
import type { StoredRecord } from '../../../bus/log/types.js';
import { RECORD_HEADERS } from './record.js';

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

/**
 * A stored request (see record.ts) → its CloudEvent; `withText` adds the event's compact JSON.
 *
 * @example decode(record, { withText: false }).event.data.body // { orderId: 7 }
 */
export function decode(record: StoredRecord, options: { withText: boolean }): DecodedEvent {
  const headers = JSON.parse(field(record, 'headers')) as Record<string, string>;
  const source = field(record, 'source');
  const data: HttpEventData = {
    headers,
    path: field(record, 'path'),
    httpMethod: field(record, 'method'),
    queryString: queryString(new URLSearchParams(field(record, 'query'))),
    body: body(record.value, headers['content-type']),
  };
  const event: CloudEvent = {
    specversion: '1.0',
    id: field(record, 'id'),
    source,
    type: HTTP_EVENT_TYPE,
    subject: `acs:eventbridge:local:conflux:eventbus/conflux/eventsource/${source}`,
    time: new Date(record.timestamp).toISOString(),
    datacontenttype: 'application/json',
    data,
  };
  return options.withText ? { event, text: JSON.stringify(event) } : { event };
}

/** Parsed JSON when the content type says JSON (or says nothing) and the bytes parse; else text. */
export function body(bytes: Buffer, contentType: string | undefined): Json {
  const text = bytes.toString('utf8');
  if (text === '' || (contentType !== undefined && !isJsonType(contentType))) return text;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
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

function field(record: StoredRecord, name: keyof typeof RECORD_HEADERS): string {
  const value = record.headers[RECORD_HEADERS[name]];
  if (value === undefined) {
    throw new ConfluxError('source.http.record', `record ${record.topic}@${record.offset} has no ${name}`, {
      path: `headers.${RECORD_HEADERS[name]}`,
    });
  }
  return value;
}
