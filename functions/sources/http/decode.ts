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

import { ConfluxError } from '../../../bus/errors.js';
import type { StoredRecord } from '../../../bus/log/types.js';
import type { DecodedEvent } from '../../../bus/task/contract.js';
import { httpEvent } from '../../adapters/source/events/http.js';
import { RECORD_HEADERS } from './record.js';

export { body, HTTP_EVENT_TYPE, type HttpEventData } from '../../adapters/source/events/http.js';

/**
 * A stored request (see record.ts) → its CloudEvent; `withText` adds the event's compact JSON. The
 * event itself is built in functions/adapters/source/events/http.ts, which a deployed function uses too.
 *
 * @example decode(record, { withText: false }).event.data.body // { orderId: 7 }
 */
export function decode(record: StoredRecord, options: { withText: boolean }): DecodedEvent {
  const event = httpEvent({
    id: field(record, 'id'),
    source: field(record, 'source'),
    method: field(record, 'method'),
    path: field(record, 'path'),
    query: field(record, 'query'),
    headers: JSON.parse(field(record, 'headers')) as Record<string, string>,
    body: record.value,
    receivedAt: record.timestamp,
  });
  return options.withText ? { event, text: JSON.stringify(event) } : { event };
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
