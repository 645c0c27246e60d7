import { randomUUID } from 'node:crypto';
import type { CloudEvent, Json } from '../../event.js';
import { tooDeep } from '../../json-depth.js';
import { keepsNumbers, parseJsonLossless } from '../../pattern/index.js';
import { busNameOf } from './arns.js';
import { AwsError } from './errors.js';
import { type AcceptedEntry, entryTime, toAwsEvent } from './event.js';
import { queueForTargets } from './fan-out.js';
import type { Input } from './input.js';
import { EVENT_BUS_NAME_OR_ARN } from './names.js';
import type { OperationContext } from './operation.js';
import { eventBytes, type TargetDispatcher } from './targets.js';
import type { AwsEvent } from './types.js';

/** At most this many entries in one PutEvents call. */
export const MAX_ENTRIES = 10;

/** The entries of one call may total this many bytes, counted as AWS counts them (see `entrySize`). */
export const MAX_ENTRIES_BYTES = 256 * 1024;

/** One PutEvents entry as read from the request, before its per-entry checks. */
export interface PutEventsEntry {
  source: string | undefined;
  detailType: string | undefined;
  detail: string | undefined;
  resources: string[];
  time: unknown;
  bus: string;
}

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

const utf8 = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

/** An entry's size as AWS counts it: 14 bytes for a Time, plus the UTF-8 bytes of Source, DetailType, Detail and each resource. */
export function entrySize(entry: PutEventsEntry): number {
  const resources = entry.resources.reduce((sum, r) => sum + utf8(r), 0);
  return (
    (entry.time === undefined ? 0 : 14) + utf8(entry.source) + utf8(entry.detailType) + utf8(entry.detail) + resources
  );
}

function readEntries(input: Input): PutEventsEntry[] {
  const entries = input.list('Entries', { min: 1, max: MAX_ENTRIES }, (item) => {
    if (typeof item === 'string') throw new AwsError('SerializationException', "Expected a structure at 'entries'.");
    return {
      source: item.string('Source'),
      detailType: item.string('DetailType'),
      detail: item.string('Detail'),
      resources: item.list('Resources', { min: 0, max: Number.MAX_SAFE_INTEGER, optional: true }, (r, i) =>
        item.member(r, 'Resources', i, {}),
      ),
      time: item.raw().Time ?? undefined,
      bus: busNameOf(item.string('EventBusName', EVENT_BUS_NAME_OR_ARN)),
    };
  });
  input.done();
  if (entries.reduce((sum, entry) => sum + entrySize(entry), 0) > MAX_ENTRIES_BYTES)
    throw new AwsError('ValidationException', 'Total size of the entries in the request is over the limit.');
  return entries;
}

const invalidArgument = (parameter: string): EntryResult => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${parameter} is not valid. Reason: ${parameter} is a required argument.`,
});

const throttled = (): EntryResult => ({
  ErrorCode: 'ThrottlingException',
  ErrorMessage: 'Rate exceeded: a target of this event has too many events waiting; retry later.',
});

/** Adds one entry's events to what this call queues, if every target has room for them (and for what the call holds already). */
function queueEntry(
  queued: Map<string, CloudEvent[]>,
  byTarget: Map<string, { events: CloudEvent[]; bytes: number }>,
  targets: TargetDispatcher,
): boolean {
  const sized = [...queued].map(([arn, events]) => ({ arn, events, bytes: eventBytes(events) }));
  const full = sized.filter(({ arn, events, bytes }) => {
    const planned = byTarget.get(arn);
    return !targets.fits(arn, (planned?.events.length ?? 0) + events.length, (planned?.bytes ?? 0) + bytes);
  });
  if (full.length > 0) {
    for (const { arn } of full) targets.throttled(arn, 1);
    return false;
  }
  for (const { arn, events, bytes } of sized) {
    const planned = byTarget.get(arn);
    if (planned === undefined) byTarget.set(arn, { events: [...events], bytes });
    else {
      planned.events.push(...events);
      planned.bytes += bytes;
    }
  }
  return true;
}

function parseDetail(text: string): { [key: string]: Json } | undefined {
  try {
    const detail: unknown = JSON.parse(text);
    if (typeof detail === 'object' && detail !== null && !Array.isArray(detail) && tooDeep(detail) === undefined)
      return detail as { [key: string]: Json };
  } catch {
    // a Detail that is not JSON is reported as malformed, like one that is not an object or nests too deep
  }
  return undefined;
}

/**
 * PutEvents: whole-request problems (no entries, more than ten, over 256 KiB) are a
 * ValidationException; an entry's own problems fail that entry only, in `Entries[i]`, with
 * `FailedEntryCount` counting them. An entry naming a bus that does not exist is accepted with an
 * EventId and goes nowhere, as AWS does. Each accepted event is matched against the enabled rules
 * of its bus and queued for their targets (each shaped by its input settings); the answer does not wait for delivery (as AWS).
 * An entry that would overflow a target's queue gets `ThrottlingException` and no EventId, and
 * goes to none of its targets: an EventId always means the event was queued for every target.
 */
export function putEvents(input: Input, { store, targets }: OperationContext): object {
  const now = new Date();
  const byTarget = new Map<string, { events: CloudEvent[]; bytes: number }>();
  const results = readEntries(input).map((entry): EntryResult => {
    if (!entry.source) return invalidArgument('Source');
    if (!entry.detailType) return invalidArgument('DetailType');
    if (!entry.detail) return invalidArgument('Detail');
    const detail = parseDetail(entry.detail);
    if (detail === undefined) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    const bus = store.findBus(entry.bus);
    // AWS accepts an entry for a bus that does not exist and answers an EventId; the event
    // reaches no rule (LocalStack's AWS-validated snapshot test_put_events_nonexistent_event_bus).
    if (bus === undefined) return { EventId: randomUUID() };
    const accepted: AcceptedEntry = {
      source: entry.source,
      detailType: entry.detailType,
      detail,
      resources: entry.resources,
      time: entryTime(entry.time, now),
    };
    const event = toAwsEvent(accepted, store);
    const queued = new Map<string, CloudEvent[]>();
    // rules see the Detail's numbers as written (2^53 + 1 is not 2^53, 1e400 is no Infinity); targets get the event
    const matched = keepsNumbers(entry.detail)
      ? { ...event, detail: parseJsonLossless(entry.detail) as AwsEvent['detail'] }
      : event;
    for (const rule of store.matchingRules(bus, matched)) queueForTargets(rule, event, now, queued);
    return queueEntry(queued, byTarget, targets) ? { EventId: event.id } : throttled();
  });
  for (const [arn, { events, bytes }] of byTarget) targets.send(arn, events, bytes);
  return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
}
