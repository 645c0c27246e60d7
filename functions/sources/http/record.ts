import { randomUUID } from 'node:crypto';
import type { IngressRequest } from '../../../bus/emulator/http/ingress.js';
import type { StoredRecord } from '../../../bus/log/types.js';
import { requestHeaders } from '../../adapters/source/events/http.js';

/**
 * How an accepted request is kept as a record until the task has delivered it: the body's bytes
 * as `value`, what else the event needs in `headers` (names below), the time it arrived as
 * `timestamp`. No key: requests are delivered in the order they arrived. decode.ts reads it back.
 */
export const RECORD_HEADERS = {
  id: 'id',
  source: 'source',
  method: 'method',
  path: 'path',
  query: 'query',
  headers: 'headers',
} as const;

/** Where a record sits: the source numbers its own offsets (one partition, topic = the path). */
export interface RecordPlace {
  topic: string;
  offset: number;
}

/**
 * An accepted request → its record, with a fresh event id. Credential headers (Authorization,
 * Cookie, …) and `dropHeaders` are left out: they must never travel on into sinks, dead letters or logs.
 *
 * @example requestRecord(request, 'orders-hook', { topic: '/hooks/orders', offset: 0 }).headers.id
 */
export function requestRecord(
  request: IngressRequest,
  source: string,
  place: RecordPlace,
  now = Date.now(),
  dropHeaders: readonly string[] = [],
): StoredRecord {
  const headers = requestHeaders(request.headers, dropHeaders);
  return {
    topic: place.topic,
    partition: 0,
    offset: place.offset,
    timestamp: now,
    key: null,
    value: request.body,
    headers: {
      [RECORD_HEADERS.id]: randomUUID(),
      [RECORD_HEADERS.source]: source,
      [RECORD_HEADERS.method]: request.method,
      [RECORD_HEADERS.path]: request.path,
      [RECORD_HEADERS.query]: request.query.toString(),
      [RECORD_HEADERS.headers]: JSON.stringify(headers),
    },
  };
}
