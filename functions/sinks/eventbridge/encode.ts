import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { SinkError } from '../../../bus/delivery/errors.js';
import type { SinkMessage } from '../../../bus/task/contract.js';

/** PutEvents takes at most 10 entries a call. */
export const MAX_ENTRIES = 10;
/** PutEvents takes at most 256 KiB of entries a call (and so a single entry at most that). */
export const MAX_REQUEST_BYTES = 256 * 1024;

/** What every entry shares, from the sink's config. */
export interface EntryOptions {
  eventBusName: string;
  source: string;
  detailType: string;
}

/**
 * One payload → one PutEvents entry with `Detail` = the payload. EventBridge takes only a JSON
 * object as Detail, so any other payload is a permanent error for that message.
 *
 * @example encode({ event, payload: '{"id":1}' }, { eventBusName: 'default', source: 'shop', detailType: 'OrderPaid' }) // { EventBusName: 'default', Source: 'shop', DetailType: 'OrderPaid', Detail: '{"id":1}' }
 */
export function encode(message: SinkMessage, options: EntryOptions): PutEventsRequestEntry {
  if (!isJsonObjectText(message.payload)) {
    throw new SinkError('sink.eventbridge.detail', 'the payload must be a JSON object to be an event Detail', {
      retriable: false,
    });
  }
  const entry = {
    EventBusName: options.eventBusName,
    Source: options.source,
    DetailType: options.detailType,
    Detail: message.payload,
  };
  if (entrySize(entry) > MAX_REQUEST_BYTES) {
    throw new SinkError('sink.eventbridge.size', `the event is ${entrySize(entry)} bytes; PutEvents takes 256 KiB`, {
      retriable: false,
    });
  }
  return entry;
}

function isJsonObjectText(text: string): boolean {
  if (!/^\s*\{/.test(text)) return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** An entry's size as AWS counts it: Source, DetailType and Detail in UTF-8 (no Time or Resources here). */
export function entrySize(entry: PutEventsRequestEntry): number {
  return ['Source', 'DetailType', 'Detail'].reduce(
    (sum, key) => sum + Buffer.byteLength((entry[key as keyof PutEventsRequestEntry] as string | undefined) ?? ''),
    0,
  );
}

/**
 * Splits entries, in order, into PutEvents calls of at most 10 entries and 256 KiB each.
 *
 * @example chunks(entries25).map((c) => c.length) // [10, 10, 5]
 */
export function chunks(entries: PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const out: PutEventsRequestEntry[][] = [];
  let chunk: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entrySize(entry);
    if (chunk.length === MAX_ENTRIES || (chunk.length > 0 && bytes + size > MAX_REQUEST_BYTES)) {
      out.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(entry);
    bytes += size;
  }
  if (chunk.length > 0) out.push(chunk);
  return out;
}

/** Per-entry error codes worth another attempt; every other code is permanent. */
const RETRIABLE_CODES = new Set(['ThrottlingException', 'InternalException', 'InternalFailure']);

/**
 * The error for a PutEvents answer with `FailedEntryCount > 0`: it names each failed entry's
 * code and message, and is retriable only when every failure is (throttling, internal errors).
 *
 * @example failedEntriesError([{ EventId: 'e1' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }]).retriable // true
 */
export function failedEntriesError(results: PutEventsResultEntry[]): SinkError {
  const failed = results.flatMap((result, index) => (result.ErrorCode === undefined ? [] : [{ index, result }]));
  const retriable = failed.length > 0 && failed.every(({ result }) => RETRIABLE_CODES.has(result.ErrorCode!));
  const listed = failed
    .slice(0, 3)
    .map(({ index, result }) => `#${index} ${result.ErrorCode}: ${result.ErrorMessage ?? ''}`.trim())
    .join('; ');
  const more = failed.length > 3 ? ` (and ${failed.length - 3} more)` : '';
  return new SinkError(
    'sink.eventbridge.failed-entries',
    `PutEvents failed ${failed.length} entr${failed.length === 1 ? 'y' : 'ies'}: ${listed}${more}`,
    {
      retriable,
    },
  );
}
