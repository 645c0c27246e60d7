import { applyTolerance, classifyError } from '../delivery/index.js';
import { ConfluxError, messageOf } from '../errors.js';
import type { CloudEvent } from '../event.js';
import { depthProblem, MAX_JSON_DEPTH } from '../json-depth.js';
import type { StoredRecord } from '../log/types.js';
import type { DeliveryPlan, TaskParts } from './contract.js';
import type { BatchOutcome, LaneMessage } from './deliver.js';
import type { TaskCounters } from './metrics.js';

/** What preparing a chunk needs: the task's parts, its delivery plan and counters. */
export interface PrepareContext {
  parts: Pick<TaskParts, 'decode' | 'filter' | 'transform' | 'transformBatch'>;
  plan: DeliveryPlan;
  counters: TaskCounters;
  /** True once the task is pausing or stopping: a failure that may pass is then no reason to dead-letter. */
  stopping?: () => boolean;
}

/** An event that passed the filter, with what it came from. */
interface Passed {
  event: CloudEvent;
  text: string | undefined;
  record: StoredRecord;
  key: string | null;
}

/**
 * Decode, filter and transform a chunk of records into sink messages. A record that fails here
 * (it cannot be decoded, its event nests deeper than MAX_JSON_DEPTH, or its transform fails) is a permanent failure, settled at once by the
 * tolerance: dead-lettered or dropped into `total`, or `total.stop` set (nothing after it is prepared).
 * A transform that takes whole batches (FUNCTION) gets the chunk's events in one call.
 */
export async function prepareChunk(
  context: PrepareContext,
  topic: string,
  records: StoredRecord[],
  total: BatchOutcome,
): Promise<LaneMessage[]> {
  const messages: LaneMessage[] = [];
  const passed: Passed[] = [];
  for (let next = 0; next < records.length; ) {
    const pause = prepareAtOnce(context, topic, records, next, messages, passed);
    next = pause.next;
    if (pause.waiting !== undefined) {
      const { one, outputs } = pause.waiting;
      try {
        for (const payload of await outputs) messages.push(message(one, payload));
      } catch (error) {
        if (!(await settleFailure(context, one.event, error, total))) return messages;
      }
    } else if (pause.failed !== undefined) {
      if (!(await settleFailure(context, pause.failed.event, pause.failed.error, total))) return messages;
    }
  }
  if (passed.length > 0) await transformBatch(context, passed, messages, total);
  return messages;
}

/** Where preparing at once had to stop: at the end, at a transform to wait for, or at a failure to settle. */
interface Pause {
  next: number;
  waiting?: { one: Passed; outputs: Promise<string[]> };
  failed?: { event: CloudEvent; error: unknown };
}

/**
 * Decodes, filters and transforms records from `from` on without waiting for anything — no
 * promise and no await per event for the forms that answer at once — until one needs waiting
 * for (a JSONATA result, a failure to settle) or the records end.
 */
function prepareAtOnce(
  context: PrepareContext,
  topic: string,
  records: StoredRecord[],
  from: number,
  messages: LaneMessage[],
  passed: Passed[],
): Pause {
  const { parts, counters } = context;
  for (let i = from; i < records.length; i++) {
    const record = records[i]!;
    counters.eventsIn++;
    let event: CloudEvent | undefined;
    try {
      const decoded = parts.decode(record);
      const deep = depthProblem(decoded.event, MAX_JSON_DEPTH, decoded.unread);
      if (deep !== undefined) {
        // decided as the testers decide; kept as its bytes, since matching or writing it would overflow the stack
        const error = new ConfluxError('event.too-deep', `the event ${deep}`);
        return { next: i + 1, failed: { event: undecodable(topic, record), error } };
      }
      event = decoded.event;
      if (parts.filter !== undefined && !parts.filter(event)) {
        counters.eventsFiltered++;
        continue;
      }
      const one = { event, text: decoded.text, record, key: record.key?.toString('utf8') ?? null };
      if (parts.transformBatch !== undefined) {
        passed.push(one);
        continue;
      }
      const outputs = parts.transform(one.event, one.text);
      if (!Array.isArray(outputs)) return { next: i + 1, waiting: { one, outputs } };
      for (let j = 0; j < outputs.length; j++) messages.push(message(one, outputs[j]!));
    } catch (error) {
      return { next: i + 1, failed: { event: event ?? undecodable(topic, record), error } };
    }
  }
  return { next: records.length };
}

async function transformOne(parts: PrepareContext['parts'], one: Passed, messages: LaneMessage[]): Promise<void> {
  const outputs = parts.transform(one.event, one.text);
  for (const payload of Array.isArray(outputs) ? outputs : await outputs) messages.push(message(one, payload));
}

/**
 * One call for the whole chunk. One output per event keeps each output with its event (its key,
 * lane and dead letter); any other count goes out with the chunk's last event. When the call
 * fails, each event is tried alone so that only the bad ones fail — unless the handler timed
 * out, which every event would wait out again: then they all fail with it.
 */
async function transformBatch(
  context: PrepareContext,
  passed: Passed[],
  messages: LaneMessage[],
  total: BatchOutcome,
): Promise<void> {
  const { parts } = context;
  const texts = passed.every((one) => one.text !== undefined) ? passed.map((one) => one.text!) : undefined;
  let outputs: string[];
  try {
    outputs = await parts.transformBatch!(
      passed.map((one) => one.event),
      texts,
    );
  } catch (error) {
    const timedOut = (error as { code?: unknown }).code === 'transform.handler-timeout';
    for (const one of passed) {
      try {
        if (timedOut) throw error;
        await transformOne(parts, one, messages);
      } catch (failure) {
        if (!(await settleFailure(context, one.event, failure, total))) return;
      }
    }
    return;
  }
  const oneEach = outputs.length === passed.length;
  outputs.forEach((payload, i) => {
    messages.push(message(oneEach ? passed[i]! : passed.at(-1)!, payload));
  });
}

function message(one: Passed, payload: string): LaneMessage {
  return { event: one.event, payload, key: one.key, partition: one.record.partition, offset: one.record.offset };
}

/** Applies the tolerance to an event that failed before delivery (counted into `total`); false when the task must stop. */
export async function settleFailure(
  context: PrepareContext,
  event: CloudEvent,
  error: unknown,
  total: BatchOutcome,
): Promise<boolean> {
  if (context.stopping?.() && classifyError(error).verdict === 'retry') {
    total.stop = error; // stays uncommitted: delivered again after the restart
    return false;
  }
  const now = context.plan.clock.now();
  const failed = {
    status: 'failed',
    attempts: 1,
    firstAttempt: now,
    lastAttempt: now,
    error,
    exhaustedRetryCondition: `permanent error: ${messageOf(error)}`,
  } as const;
  const outcome = await applyTolerance(event, failed, context.plan);
  if (outcome.status === 'stop') {
    total.stop = outcome.reason;
    return false;
  }
  if (outcome.status === 'dead-lettered') total.deadLettered++;
  else {
    total.dropped++;
    context.plan.onDropped?.(event, error);
  }
  return true;
}

/** The event a dead letter carries for a record that could not even be decoded: its bytes, base64. */
function undecodable(topic: string, record: StoredRecord): CloudEvent {
  return {
    specversion: '1.0',
    id: `${topic}-${record.partition}-${record.offset}`,
    source: 'conflux',
    type: 'conflux:undecodable',
    data: record.value.toString('base64'),
  };
}
