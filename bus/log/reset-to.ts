/**
 * Where a reset moves a consumer group's offsets (`ResetTo`), and the choice of each partition's new
 * offset from it — shared by the embedded bus and Kafka (see offsets-reset.ts).
 */
import type { Issue } from '../errors.js';
import { LogError } from './errors.js';
import type { EventLog } from './types.js';

/** Where a group's offsets go. `offset` without `partition` applies to every partition. */
export type ResetTo =
  | { earliest: true }
  | { latest: true }
  | { offset: number; partition?: number }
  /** Milliseconds since the epoch: the first record whose timestamp is at or after it (the end when none is). */
  | { timestamp: number };

/** Which log: the embedded bus, or Kafka brokers (host:port strings). */
export type OffsetTarget = { log: EventLog } | { brokers: string[] };

/** What a reset asks for. */
export interface ResetRequest {
  group: string;
  topic: string;
  to: ResetTo;
}

/** One partition's offsets: committed (null when the group never committed there), the log's range, the lag. */
export interface PartitionOffsets {
  partition: number;
  committed: number | null;
  /** The first offset still in the log (0 on the embedded bus; Kafka may have dropped older records). */
  low: number;
  /** The offset the next record will get. */
  end: number;
  /** Records the group has yet to read: end − committed (end − low when it never committed). */
  lag: number;
}

/** One partition moved by a reset: from (null = never committed) → to. */
export interface MovedOffset {
  partition: number;
  from: number | null;
  to: number;
}

/** What a reset needs to know of one partition to choose its new offset. */
export interface PartitionRange {
  partition: number;
  low: number;
  end: number;
}

/**
 * The new offset of each partition for `to`: offsets are clamped to [low, end], as Kafka's own
 * tool does; `timestamp` is looked up by `byTime`. Throws for a partition the topic does not have.
 */
export async function chooseOffsets(
  topic: string,
  ranges: PartitionRange[],
  to: ResetTo,
  byTime: (partition: number, timestamp: number) => Promise<number>,
): Promise<Map<number, number>> {
  checkResetTo(to);
  const out = new Map<number, number>();
  let chosen = ranges;
  if ('offset' in to && to.partition !== undefined) {
    chosen = ranges.filter((r) => r.partition === to.partition);
    if (chosen.length === 0) {
      throw new LogError('log.partition', `topic ${topic} has no partition ${to.partition} (it has ${ranges.length})`, {
        path: 'partition',
      });
    }
  }
  for (const { partition, low, end } of chosen) {
    let next: number;
    if ('earliest' in to) next = low;
    else if ('latest' in to) next = end;
    else if ('offset' in to) next = to.offset;
    else next = await byTime(partition, to.timestamp);
    out.set(partition, Math.min(Math.max(next, low), end));
  }
  return out;
}

function checkResetTo(to: ResetTo): void {
  if ('offset' in to) {
    if (!Number.isSafeInteger(to.offset) || to.offset < 0)
      throw new LogError('log.offset', `offset must be a whole number ≥ 0 (got ${to.offset})`, { path: 'offset' });
    if (to.partition !== undefined && (!Number.isInteger(to.partition) || to.partition < 0))
      throw new LogError('log.partition', `partition must be a whole number ≥ 0 (got ${to.partition})`, {
        path: 'partition',
      });
  }
  if ('timestamp' in to && !Number.isFinite(to.timestamp))
    throw new LogError('log.offset', `timestamp must be milliseconds since the epoch (got ${to.timestamp})`, {
      path: 'timestamp',
    });
}

const KEYS = ['earliest', 'latest', 'offset', 'timestamp'] as const;

/**
 * Reads a ResetTo from a request body (the task API): exactly one of `earliest: true`, `latest: true`,
 * `offset` (with an optional `partition`), or `timestamp` (milliseconds, or an ISO 8601 text).
 * @example resetToFromJson({ timestamp: '2026-11-30T12:00:00Z' }) // { to: { timestamp: 1796040000000 } }
 */
export function resetToFromJson(body: unknown): { to: ResetTo } | { issues: Issue[] } {
  const issue = (path: (string | number)[], message: string) => ({ issues: [{ path, message }] });
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return issue([], 'expected an object with one of earliest, latest, offset, timestamp');
  const record = body as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !(KEYS as readonly string[]).includes(k) && k !== 'partition');
  if (unknown.length > 0) return issue([unknown[0]!], `unknown field (expected ${KEYS.join(', ')}, partition)`);
  const given = KEYS.filter((k) => record[k] !== undefined);
  if (given.length !== 1) return issue([], `give exactly one of ${KEYS.join(', ')} (got ${given.length})`);
  const key = given[0]!;
  if (record.partition !== undefined && key !== 'offset') return issue(['partition'], 'partition goes with offset');
  const value = record[key];
  if (key === 'earliest' || key === 'latest')
    return value === true
      ? { to: key === 'earliest' ? { earliest: true } : { latest: true } }
      : issue([key], 'must be true');
  if (key === 'offset') {
    if (!Number.isSafeInteger(value) || (value as number) < 0) return issue(['offset'], 'must be a whole number ≥ 0');
    const { partition } = record;
    if (partition === undefined) return { to: { offset: value as number } };
    if (!Number.isSafeInteger(partition) || (partition as number) < 0)
      return issue(['partition'], 'must be a whole number ≥ 0');
    return { to: { offset: value as number, partition: partition as number } };
  }
  const timestamp = typeof value === 'string' && /^\d{4}-\d\d-\d\d/.test(value) ? Date.parse(value) : value;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp))
    return issue(['timestamp'], 'must be milliseconds since the epoch or an ISO 8601 time');
  return { to: { timestamp } };
}
