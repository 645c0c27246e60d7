import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '../../event.js';
import { depthProblem } from '../../json-depth.js';
import { compileFilter } from '../../task/filter.js';
import { DEFAULT_BUS } from './bus-store.js';
import { AlibabaError, invalidArgument } from './errors.js';
import { readPattern } from './event-pattern.js';
import { isObject, type JsonObject } from './params.js';
import type { Operation } from './types.js';

/** The CloudEvents extension naming the bus an event is put on (the SDK puts extensions at the top level). */
export const BUS_EXTENSION = 'aliyuneventbusname';

/** Attributes a CloudEvent must have (CloudEvents 1.0). */
const REQUIRED = ['id', 'source', 'type', 'specversion'] as const;

type Entry = { EventId: string; TraceId: string } | { EventId: string; ErrorCode: string; ErrorMessage: string };

/** An entry's own problem, or undefined when it is a CloudEvent conflux can route. */
function problemOf(event: JsonObject): string | undefined {
  for (const name of REQUIRED)
    if (typeof event[name] !== 'string' || event[name] === '') return `${name}: required, a non-empty string`;
  if (event.specversion !== '1.0') return `specversion: must be "1.0" (got ${JSON.stringify(event.specversion)})`;
  return undefined;
}

/**
 * PutEvents (CloudEvents 1.0 batch): each event goes on the bus its `aliyuneventbusname`
 * extension names (`default` without one). As the reference engine answers, a bus that does not
 * exist refuses the whole request (EventBusNotExist), and so do events for more than one bus
 * (PutEventsRequestMoreThanOneEventBus); an event missing a CloudEvents attribute fails in its
 * EntryList entry, and so does one a target's full queue cannot take (TooManyRequests, the code
 * Alibaba throttles with). Matched events go to their rules' targets after the answer.
 */
export const putEvents: Operation = async (p, c) => {
  const raw = p.raw.Events;
  let events: unknown = raw;
  if (typeof raw === 'string') {
    try {
      events = JSON.parse(raw);
    } catch {
      throw invalidArgument(p.at('Events'), 'must be a JSON array of CloudEvents');
    }
  }
  if (!Array.isArray(events) || events.length === 0)
    throw invalidArgument('', 'the body must be a non-empty JSON array of CloudEvents');
  const names = new Set(
    events.map((e) => (isObject(e) && typeof e[BUS_EXTENSION] === 'string' ? e[BUS_EXTENSION] : DEFAULT_BUS)),
  );
  if (names.size > 1)
    throw new AlibabaError(
      'PutEventsRequestMoreThanOneEventBus',
      `The put events request has more than one  event bus [${[...names].join(', ')}] `,
    );
  const bus = c.buses.bus(String([...names][0]));
  const entries = events.map((event, i): Entry => {
    if (!isObject(event))
      return { EventId: '', ErrorCode: 'InvalidArgument', ErrorMessage: `[${i}]: must be a CloudEvent object` };
    const problem = problemOf(event);
    if (problem !== undefined)
      return { EventId: String(event.id ?? ''), ErrorCode: 'InvalidArgument', ErrorMessage: problem };
    const cloudEvent = event as CloudEvent;
    const bytes = Buffer.byteLength(JSON.stringify(cloudEvent));
    const sends = c.buses
      .matching(bus, cloudEvent)
      .flatMap((rule) =>
        [...rule.targets.values()].map((target) => ({ key: `${bus.name}/${rule.name}/${target.Id}`, target })),
      );
    // all of an entry's targets take it, or none does: an accepted event is never dropped for want of room
    if (!sends.every(({ key }) => c.targets.fits(key, 1, bytes)))
      return {
        EventId: cloudEvent.id,
        ErrorCode: 'TooManyRequests',
        ErrorMessage: "a target's queue is full; put the event again later",
      };
    for (const { key, target } of sends) c.targets.send(key, target, cloudEvent, bytes);
    return { EventId: cloudEvent.id, TraceId: randomUUID() };
  });
  return { FailedEntryCount: entries.filter((e) => 'ErrorCode' in e).length, EntryList: entries };
};

/**
 * TestEventPattern: does the event (JSON text) match the pattern (JSON text), by the alibaba dialect?
 * Decided by the filter a task runs; an event nested deeper than a task takes is refused, as the task refuses it.
 */
export const testEventPattern: Operation = async (p) => {
  const eventText = p.string('Event', { required: true });
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch (error) {
    throw invalidArgument(p.at('Event'), `must be the JSON text of an event (${(error as Error).message})`);
  }
  const deep = depthProblem(event);
  if (deep !== undefined) throw invalidArgument(p.at('Event'), `the event ${deep}`);
  const pattern = readPattern(p.string('EventPattern', { required: true }), p.at('EventPattern'));
  if (pattern === undefined) return { Result: true };
  if (!isObject(event)) return { Result: false }; // no field of a pattern is in a number, string, array or null
  return { Result: compileFilter(pattern, 'alibaba')(event) };
};
