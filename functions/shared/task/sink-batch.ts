import { type RetryPolicy, systemClock } from '../../../bus/delivery/index.js';
import { ConfluxError, messageOf } from '../../../bus/errors.js';
import type { CloudEvent } from '../../../bus/event.js';
import { depthProblem } from '../../../bus/json-depth.js';
import type { DeliveryPlan, SinkWriter } from '../../../bus/task/contract.js';
import { deliverBatch, type LaneMessage } from '../../../bus/task/deliver.js';
import { type DecodeOptions, decodeError, type Outcome } from '../../adapters/lambda/event-sources.js';
import type { SourceItem } from '../../adapters/lambda/kafka.js';
import type { CompiledTransform } from '../../transformers/compile.js';

/** A deployed task's pieces, built once per warm container from the environment (sink-handler.ts). */
export interface Prepared {
  filter?: (event: CloudEvent) => boolean;
  transform: CompiledTransform;
  sink: SinkWriter;
  decode: DecodeOptions;
}

/** How an invocation went: payloads the sink acknowledged, events the filter left out. */
export interface SinkResult {
  delivered: number;
  filtered: number;
}

/** What became of a record: the number of payloads it gave the sink, or left out by the filter. */
export type Delivered = number | 'filtered';

/**
 * A deployed function does not wait to retry a write: the trigger retries what failed (Lambda's
 * event source mapping re-reads the failed record and the later ones of its partition; Amazon MQ,
 * IoT and FC re-invoke), and a wait here would be billed and could run into the function's timeout.
 */
const NO_WAIT: RetryPolicy = () => ({
  giveUp: true,
  reason: "the trigger retries what failed (the function's own retry)",
});

/**
 * Filters and transforms each record in order, then writes the payloads through the pipeline's
 * `deliverBatch` (bus/task/deliver.ts) on one lane, in order: one write, and after a permanent
 * error each payload alone, so one bad event does not fail its neighbours. The same depth check,
 * filter and transform as a task in the emulator. After a failed record, the later records of its
 * lane (Lambda: its partition) fail too, so a retry redelivers them in order; a failed write fails
 * the records whose payloads it did not take.
 */
export async function deliver<Id>(
  items: SourceItem<Id>[],
  prepared: Prepared,
  laneOf: (id: Id) => string | undefined,
): Promise<Outcome<Id, Delivered>[]> {
  const outcomes: Outcome<Id, Delivered>[] = [];
  const failedLanes = new Set<string>();
  const messages: LaneMessage[] = [];
  /** Where each record that gave payloads sits in `outcomes`, by its event. */
  const positions = new Map<CloudEvent, number>();
  for (const item of items) {
    const { identifier } = item;
    const lane = laneOf(identifier);
    const fail = (error: unknown) => {
      if (lane !== undefined) failedLanes.add(lane);
      outcomes.push({ identifier, ok: false, error });
    };
    if (lane !== undefined && failedLanes.has(lane)) {
      fail(skipped(lane));
    } else if ('issue' in item) {
      fail(decodeError(item));
    } else {
      const deep = depthProblem(item.event);
      if (deep !== undefined) {
        fail(new ConfluxError('event.too-deep', `the event ${deep}`)); // as a task refuses it (bus/task/prepare.ts)
      } else if (prepared.filter !== undefined && !prepared.filter(item.event)) {
        outcomes.push({ identifier, ok: true, value: 'filtered' });
      } else {
        try {
          const payloads = await prepared.transform(item.event);
          for (const payload of payloads)
            messages.push({ event: item.event, payload, key: null, partition: 0, offset: outcomes.length });
          positions.set(item.event, outcomes.length);
          outcomes.push({ identifier, ok: true, value: payloads.length });
        } catch (error) {
          fail(error);
        }
      }
    }
  }
  if (messages.length === 0) return outcomes;
  const refused = new Map<number, unknown>();
  const plan: DeliveryPlan = {
    concurrency: 1,
    policy: NO_WAIT,
    tolerance: 'ALL', // without a dead-letter queue: an event given up on is handed to onDropped, and fails its record
    clock: systemClock,
    task: 'deployed',
    sink: 'sink',
    onDropped: (event, reason) => {
      const at = positions.get(event);
      if (at !== undefined && !refused.has(at)) refused.set(at, reason);
    },
  };
  await deliverBatch(messages, prepared.sink, plan, new AbortController().signal);
  if (refused.size === 0) return outcomes;
  // A refused record fails, and so does every later record of its lane (delivered or not): the retry keeps the order.
  const failedAfter = new Map<string | undefined, number>();
  for (const [at, reason] of refused) {
    const lane = laneOf(outcomes[at]!.identifier);
    const failed = new ConfluxError('sink.write', `the sink refused the batch: ${messageOf(reason)}`, {
      retriable: true,
      cause: reason,
    });
    outcomes[at] = { identifier: outcomes[at]!.identifier, ok: false, error: failed };
    if (!((failedAfter.get(lane) ?? at) < at)) failedAfter.set(lane, at);
  }
  return outcomes.map((o, at) => {
    if (!o.ok) return o;
    const lane = laneOf(o.identifier);
    // without lanes (FC, Amazon MQ, IoT retry the whole invocation) a record after the first refused one fails with it
    const first = failedAfter.get(lane) ?? (lane === undefined ? undefined : Number.POSITIVE_INFINITY);
    if (first === undefined || first > at) return o;
    const error = lane === undefined ? (outcomes[first] as { error: unknown }).error : skipped(lane);
    return { identifier: o.identifier, ok: false, error };
  });
}

function skipped(lane: string): ConfluxError {
  return new ConfluxError('handler.skipped', `an earlier record of ${lane} failed; kept for the retry, in order`);
}

/** Counts what an invocation delivered and filtered. */
export function count(outcomes: Outcome<unknown, Delivered>[]): SinkResult {
  let delivered = 0;
  let filtered = 0;
  for (const outcome of outcomes) {
    if (!outcome.ok) continue;
    if (outcome.value === 'filtered') filtered++;
    else delivered += outcome.value;
  }
  return { delivered, filtered };
}
