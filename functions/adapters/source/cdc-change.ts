import type { CloudEvent, Json } from '../../../bus/event.js';
import type { StoredRecord } from '../../../bus/log/types.js';
import type { DecodedEvent } from '../../../bus/task/contract.js';
import { readMeta } from './record.js';

/** One row change as the CDC sources emit it: the event's `data`. */
export interface RowChange {
  /** Debezium's letters: c insert, u update, d delete, r a row read by the initial snapshot. */
  op: 'c' | 'u' | 'd' | 'r';
  /** `schema.table` (PostgreSQL) or `database.table` (MySQL). */
  table: string;
  /** The primary key (replica identity) columns and their values. */
  key: { [column: string]: Json };
  /** The row before: null for c and r; on u and d what the database logs (see each source's README row). */
  before: { [column: string]: Json } | null;
  /** The row after: null for d. */
  after: { [column: string]: Json } | null;
  /** Where the change is in the database's log: an LSN, or `binlog-file:position`. */
  position: string;
  /** When its transaction committed (ISO 8601); for r, when the snapshot was taken. */
  commitTime: string;
  /** The transaction's id, as the database names it; null for r (and where the log has none). */
  txId: string | null;
}

/** How a CDC source names its events: `source` and `type` (after Alibaba DTS's `acs:dts` / `dts:ConsumeMessage`). */
export interface ChangeEventNames {
  source: string;
  type: string;
}

const CONTENT_TYPE = 'application/json;charset=utf-8';

/**
 * A change → the record a CDC source hands to its task: keyed by table and primary key (so
 * per-row order holds at any concurrency), the change as JSON in the value, the event id (stable
 * when the change is read again) in `:meta`.
 */
export function changeRecord(change: RowChange, id: string, timestamp: number) {
  return {
    timestamp,
    key: Buffer.from(`${change.table}\u0000${JSON.stringify(change.key)}`),
    value: Buffer.from(JSON.stringify(change)),
    headers: { ':meta': JSON.stringify({ id }) },
  };
}

/**
 * A CDC record → its CloudEvent: `{source, type}` of the source, `subject` the table, `time` the
 * commit time, `data` the change.
 *
 * @example decodeChange(record, { source: 'conflux:postgres-cdc', type: 'postgres-cdc:ConsumeMessage' }, { withText: false })
 */
export function decodeChange(
  record: StoredRecord,
  names: ChangeEventNames,
  options: { withText: boolean },
): DecodedEvent {
  const { id } = readMeta<{ id: string }>(record, `source.${names.source}.decode`, 'a row change');
  const text = record.value.toString('utf8');
  const change = JSON.parse(text) as RowChange;
  const event: CloudEvent = {
    specversion: '1.0',
    id,
    source: names.source,
    type: names.type,
    subject: change.table,
    time: change.commitTime,
    datacontenttype: CONTENT_TYPE,
    data: change as unknown as Json,
  };
  return options.withText ? { event, text: JSON.stringify(event) } : { event };
}

/** A column value as the client library gives it → JSON: dates as ISO text, bytes as base64, bigints as text. */
export function columnJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(columnJson);
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, inner] of Object.entries(value)) out[key] = columnJson(inner);
    return out;
  }
  return String(value);
}

/** A row (column → value) with every value made JSON; null stays null. */
export function rowJson(row: Record<string, unknown> | null | undefined): { [column: string]: Json } | null {
  if (row === null || row === undefined) return null;
  const out: { [column: string]: Json } = {};
  for (const [column, value] of Object.entries(row)) out[column] = columnJson(value);
  return out;
}
