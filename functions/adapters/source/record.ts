import { ConfluxError } from '../../../bus/errors.js';
import type { Json } from '../../../bus/event.js';
import type { StoredRecord } from '../../../bus/log/types.js';
import { rememberValueText } from '../../../bus/task/lazy-value.js';

/**
 * How the rabbitmq, mqtt and nats sources keep a broker message in a record: the body as the
 * value, the message's own headers as headers (a name starting with `:` gets one more, so none
 * is taken for ours), and the broker's details (envelope, properties, sequence…) as JSON in `:meta`.
 */
export const META_HEADER = ':meta';

/** A message body decoded once: its value (`body`) and the UTF-8 text that value was read from. */
export interface ParsedBody {
  body: Json;
  text: string;
}

/**
 * The bytes as JSON when they parse, else as UTF-8 text; `text` is the decoded text, for keepBodyText.
 *
 * @example parseBody(Buffer.from('{"a":1}')) // { body: { a: 1 }, text: '{"a":1}' }
 */
export function parseBody(value: Buffer): ParsedBody {
  const text = value.toString('utf8');
  try {
    return { body: JSON.parse(text) as Json, text };
  } catch {
    return { body: text, text };
  }
}

/**
 * An event's `data` whose `body` was parsed from `text` (parseBody's): a filter then sees the body's
 * numbers as written (2^53 + 1, 1e400; see eventForFilter), as `pattern test` does. Returns `data`.
 *
 * @example const { body, text } = parseBody(bytes); data: keepBodyText({ props, body }, text)
 */
export function keepBodyText<T extends { body: Json }>(data: T, text: string): T {
  if (typeof data.body !== 'string') rememberValueText(data, text, 'body');
  return data;
}

/** The record's headers without `:meta`, names unescaped. */
export function userHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === META_HEADER) continue;
    out[name.startsWith(':') ? name.slice(1) : name] = value;
  }
  return out;
}

/** A message header name as the record stores it (`:` names escaped, so none is taken for `:meta`). */
export function headerName(name: string): string {
  return name.startsWith(':') ? `:${name}` : name;
}

/**
 * The broker's details a source stored with the record; a record without them was not written
 * by that source, which `code` and `what` ("a RabbitMQ delivery") say.
 */
export function readMeta<T>(record: StoredRecord, code: string, what: string): T {
  const text = record.headers[META_HEADER];
  if (text === undefined) {
    throw new ConfluxError(code, `record ${record.topic}@${record.offset} is not ${what} (no ${META_HEADER} header)`);
  }
  return JSON.parse(text) as T;
}
