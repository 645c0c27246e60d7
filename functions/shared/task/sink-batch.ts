import { type RetryPolicy, systemClock } from '../../../bus/delivery/index.js';
import { ConfluxError, messageOf } from '../../../bus/errors.js';
import type { CloudEvent } from '../../../bus/event.js';
import type { DeliveryPlan, SinkWriter } from '../../../bus/task/contract.js';
import { deliverBatch } from '../../../bus/task/deliver.js';
import { prepareDecoded } from '../../../bus/task/prepare-events.js';
import { type DecodeOptions, decodeError, type Outcome } from '../../adapters/lambda/event-sources.js';
import type { SourceItem } from '../../adapters/lambda/kafka.js';
import { type CompiledTransform, pipelineTransform } from '../../transformers/compile.js';

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
 * Runs the invocation's events through the pipeline core (`prepareDecoded`, bus/task/prepare-events.ts:
 * the depth check, filter and transform of a task in the emulator, a FUNCTION transform called once
 * for the whole invocation), then writes the payloads through the pipeline's `deliverBatch`
 * (bus/task/deliver.ts) on one lane, in order: one write, and after a permanent error each payload
 * alone, so one bad event does not fail its neighbours. After a failed record, the later records of
 * its lane (Lambda: its partition) fail too and send nothing, so a retry redelivers them in order; a
 * failed write fails the records whose payloads it did not take.
 */
export async function deliver<Id>(
  items: SourceItem<Id>[],
  prepared: Prepared,
  laneOf: (id: Id) => string | undefined,
): Promise<Outcome<Id, Delivered>[]> {
  const parts = {
    ...(prepared.filter === undefined ? {} : { filter: prepared.filter }),
    ...pipelineTransform(prepared.transform),
  };
  const decoded = items.map((item) => ('issue' in item ? { failure: decodeError(item) } : { event: item.event }));
  const ran = await prepareDecoded(parts, decoded);
  const failedLanes = new Set<string>();
  const outcomes = items.map(({ identifier }, at): Outcome<Id, Delivered> => {
    const lane = laneOf(identifier);
    if (lane !== undefined && failedLanes.has(lane)) return { identifier, ok: false, error: skipped(lane) };
    const outcome = ran.outcomes[at]!;
    if (outcome.status === 'failed') {
      if (lane !== undefined) failedLanes.add(lane);
      return { identifier, ok: false, error: outcome.error };
    }
    return { identifier, ok: true, value: outcome.status === 'filtered' ? 'filtered' : outcome.payloads };
  });
  // each message's offset is its record's index; a record skipped for its lane sends nothing
  const messages = ran.messages.filter((message) => outcomes[message.offset]!.ok);
  /** Where each record that gave payloads sits in `outcomes`, by its event. */
  const positions = new Map<CloudEvent, number>();
  for (const message of messages) positions.set(message.event, message.offset);
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
