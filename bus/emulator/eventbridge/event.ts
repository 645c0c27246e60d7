import { randomUUID } from 'node:crypto';
import type { CloudEvent, Json } from '../../event.js';
import type { EventBridgeStore } from './store.js';
import type { AwsEvent } from './types.js';

/** One PutEvents entry that passed validation. */
export interface AcceptedEntry {
  source: string;
  detailType: string;
  detail: { [key: string]: Json };
  resources: string[];
  time: Date;
}

/** A time as EventBridge writes it in events: RFC 3339 in UTC, whole seconds (`2026-01-01T00:00:00Z`). */
export function eventTime(time: Date): string {
  return `${time.toISOString().slice(0, 19)}Z`;
}

/**
 * An entry's `Time`: the SDK sends epoch seconds; an RFC 3339 string is taken too. Absent or
 * unreadable → now (AWS falls back to the time it received the event).
 */
export function entryTime(value: unknown, now: Date): Date {
  const time =
    typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
  return time === undefined || Number.isNaN(time.getTime()) ? now : time;
}

/** The event AWS builds from an entry and delivers to targets (fresh id, the store's account and region). */
export function toAwsEvent(entry: AcceptedEntry, store: EventBridgeStore): AwsEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.detailType,
    source: entry.source,
    account: store.account,
    time: eventTime(entry.time),
    region: store.region,
    resources: entry.resources,
    detail: entry.detail,
  };
}

/**
 * An AWS-shaped event as a task takes it. Tasks pass events to the transform and sink as JSON
 * objects (an ORIGINAL transform writes the object as is) and key lanes by `id`, which the AWS
 * shape has; so a rule target hands over the event exactly as AWS delivers it, not wrapped in a
 * CloudEvent. The cast states that on purpose.
 */
export function asTaskEvent(event: AwsEvent): CloudEvent {
  return event as unknown as CloudEvent;
}
