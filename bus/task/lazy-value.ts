import { keepsNumbers, parseJsonLossless } from '../pattern/index.js';
import { isCompactJson } from './compact-json.js';

/** The member a runtime may leave unparsed: a Kafka event's `data.value`. */
export const LAZY_MEMBER = 'value';

/**
 * The raw text of a `value` not read yet, kept on its holder under this symbol, not enumerable (no
 * key, spread, JSON or clone sees it); `undefined` once read. A WeakMap entry per event cost more:
 * its insert, and the collector's work on its ephemeron table (the Kafka pipeline's GC share).
 */
const UNREAD = Symbol('conflux.unreadValue');

interface Holder {
  [UNREAD]?: string | undefined;
}

const unread = {
  get: (holder: object): string | undefined => (Object.hasOwn(holder, UNREAD) ? (holder as Holder)[UNREAD] : undefined),
  set(holder: object, text: string | undefined): void {
    if (Object.hasOwn(holder, UNREAD)) (holder as Holder)[UNREAD] = text;
    else Object.defineProperty(holder, UNREAD, { value: text, writable: true, enumerable: false, configurable: true });
  },
};

/** The member a holder parsed at once and the text it was read from (a Kafka value decoded eagerly, an HTTP body), for eventForFilter. */
const written = new WeakMap<object, { key: string; text: string }>();

/**
 * Remembers the JSON text `holder.value` was parsed from, so a filter can still see its numbers
 * as written (eventForFilter); the entry goes with the holder.
 */
export function rememberValueText(holder: object, text: string, key: string = LAZY_MEMBER): void {
  written.set(holder, { key, text });
}

/** `value` as it becomes once read or set: a plain property. */
function settle(holder: object, value: unknown): unknown {
  Object.defineProperty(holder, LAZY_MEMBER, { value, writable: true, enumerable: true, configurable: true });
  unread.set(holder, undefined);
  return value;
}

const LAZY_VALUE: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: object): unknown {
    const text = unread.get(this) ?? '';
    try {
      return settle(this, JSON.parse(text));
    } catch {
      return settle(this, text);
    }
  },
  set(this: object, value: unknown) {
    settle(this, value);
  },
};

/**
 * `holder.value` becomes a plain property the first time it is read (or set): the parsed text, or
 * the text itself when it is not JSON (the default value format's rule). Until then it costs
 * nothing, so a task whose filter and transform never look inside the value never parses it.
 *
 * @example parseWhenRead(data, '{"a":1}'); data.value // { a: 1 }, parsed now
 */
export function parseWhenRead(holder: object, text: string): void {
  unread.set(holder, text);
  Object.defineProperty(holder, LAZY_MEMBER, LAZY_VALUE);
}

/**
 * The compact JSON of `holder.value` when it is still unread text that is already exactly what
 * `JSON.stringify` of its parsed value gives: an object, array, number, boolean or null handed on
 * without parsing it and serialising it again. `undefined` for anything else (read as usual):
 * a value read already, text that is not compact JSON, and a JSON string, whose output is raw.
 *
 * @example parseWhenRead(data, '{"a":1}'); unreadCompactJson(data) // '{"a":1}', still unparsed
 */
export function unreadCompactJson(holder: unknown): string | undefined {
  if (typeof holder !== 'object' || holder === null) return undefined;
  const text = unread.get(holder);
  if (text === undefined || text.charCodeAt(0) === 0x22 || !isCompactJson(text)) return undefined;
  return text;
}

/**
 * The event a filter should see: the event itself, or — when its `data.value` is still unread text
 * (or was parsed from text, see rememberValueText) holding a number JSON.parse would round or respell (`1e400`, `9007199254740993`, `3.0e2`)
 * — a copy whose `data.value` keeps those numbers as written (parseJsonLossless). The event's own
 * lazy value is left unread, for the transform to parse as usual.
 *
 * @example eventForFilter(event).data.value.n // JsonNumber('1e400') when the record said 1e400
 */
export function eventForFilter<E extends { data?: unknown }>(event: E): E {
  const data = event.data;
  if (typeof data !== 'object' || data === null) return event;
  const unreadText = unread.get(data);
  const member = unreadText !== undefined ? { key: LAZY_MEMBER, text: unreadText } : written.get(data);
  if (member === undefined || !keepsNumbers(member.text)) return event;
  let value: unknown;
  try {
    value = parseJsonLossless(member.text);
  } catch {
    return event; // not JSON: the value is the text itself, which has no numbers to keep
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(data)) if (key !== member.key) copy[key] = (data as Record<string, unknown>)[key];
  copy[member.key] = value;
  return { ...event, data: copy };
}
