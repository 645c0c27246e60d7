import { applyTolerance, classifyError } from '../delivery/index.js';
import { messageOf } from '../errors.js';
import type { CloudEvent } from '../event.js';
import type { StoredRecord } from '../log/types.js';
import type { DeliveryPlan, TaskParts } from './contract.js';
import type { BatchOutcome, LaneMessage } from './deliver.js';
import type { TaskCounters } from './metrics.js';
import { prepareEvents } from './prepare-events.js';

/** What preparing a chunk needs: the task's parts, its delivery plan and counters. */
export interface PrepareContext {
  parts: Pick<TaskParts, 'decode' | 'filter' | 'transform' | 'transformBatch'>;
  plan: DeliveryPlan;
  counters: TaskCounters;
  /** True once the task is pausing or stopping: a failure that may pass is then no reason to dead-letter. */
  stopping?: () => boolean;
}

/**
 * Decode, filter and transform a chunk of records into sink messages, on the one pipeline core
 * (`prepareEvents`, prepare-events.ts). A record that fails here (it cannot be decoded, its event
 * nests deeper than MAX_JSON_DEPTH, or its transform fails) is a permanent failure, settled at once
 * by the tolerance: dead-lettered or dropped into `total`, or `total.stop` set (nothing after it is
 * prepared). A transform that takes whole batches (FUNCTION) gets the chunk's events in one call.
 */
export function prepareChunk(
  context: PrepareContext,
  topic: string,
  records: StoredRecord[],
  total: BatchOutcome,
): Promise<LaneMessage[]> {
  const { parts, counters } = context;
  return prepareEvents(parts, {
    size: records.length,
    decode: (at) => {
      counters.eventsIn++;
      return parts.decode(records[at]!);
    },
    filtered: () => {
      counters.eventsFiltered++;
    },
    message: (at, event, payload) => {
      const record = records[at]!;
      return {
        event,
        payload,
        key: record.key?.toString('utf8') ?? null,
        partition: record.partition,
        offset: record.offset,
      };
    },
    // a record without an event to show (undecodable, too deep) is dead-lettered as its bytes
    failed: (at, event, error) => settleFailure(context, event ?? undecodable(topic, records[at]!), error, total),
  });
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
