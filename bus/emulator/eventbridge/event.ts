import { randomUUID } from 'node:crypto';
import type { CloudEvent, Json } from '../../event.js';
import { eventTime } from './event-time.js';
import type { EventBridgeStore } from './store.js';
import type { TargetOutput } from './target-input.js';
import type { AwsEvent } from './types.js';

/** One PutEvents entry that passed validation. */
export interface AcceptedEntry {
  source: string;
  detailType: string;
  detail: { [key: string]: Json };
  resources: string[];
  time: Date;
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
 * The event AWS sends a scheduled rule's targets at each due time: source `aws.events`, the
 * rule's ARN as the one resource, an empty detail, `time` the due time.
 */
export function scheduledEvent(ruleArn: string, at: Date, store: EventBridgeStore): AwsEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: store.account,
    time: eventTime(at),
    region: store.region,
    resources: [ruleArn],
    detail: {},
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

/**
 * What a task receives for one delivery, by what the target's input settings made:
 * - the whole event (no Input, InputPath or InputTransformer): the AWS-shaped event, as above;
 * - a JSON object: that object as is, as AWS hands it to a target (a task keys lanes by a string
 *   `id` and sends events without one down lane 0);
 * - anything else (a JSON string, number, array or null, or a template's plain text): a
 *   CloudEvent of the matched event (`id`, `source`, `type` = detail-type, `time`) whose `data`
 *   is the value (`datacontenttype: application/json`) or the text (`text/plain`).
 * @example taskEventOf({ kind: 'input', text: '"paid"', value: 'paid' }, event).data // 'paid'
 */
export function taskEventOf(output: TargetOutput, event: AwsEvent): CloudEvent {
  if (output.kind === 'event') return asTaskEvent(event);
  const { value } = output;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return { ...value } as unknown as CloudEvent;
  }
  return {
    specversion: '1.0',
    id: event.id,
    source: event.source,
    type: event['detail-type'],
    time: event.time,
    datacontenttype: value === undefined ? 'text/plain' : 'application/json',
    data: value === undefined ? output.text : value,
  };
}
