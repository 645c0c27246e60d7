import { ConfluxError, messageOf } from '../../bus/errors.js';
import type { CloudEvent } from '../../bus/event.js';
import type { SinkMessage, SinkWriter } from '../../bus/task/contract.js';
import type { CompiledTransform } from '../transformers/compile.js';
import { type DecodeOptions, decodeError, type Outcome } from './event-sources.js';
import type { SourceItem } from './lambda-kafka.js';

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
 * Filters and transforms each record in order, then writes every payload in one write. After a
 * failed record, the later records of its lane (Lambda: its partition) fail too, so a retry
 * redelivers them in order; a failed write fails every record not failed yet.
 */
export async function deliver<Id>(
  items: SourceItem<Id>[],
  prepared: Prepared,
  laneOf: (id: Id) => string | undefined,
): Promise<Outcome<Id, Delivered>[]> {
  const outcomes: Outcome<Id, Delivered>[] = [];
  const failedLanes = new Set<string>();
  const messages: SinkMessage[] = [];
  for (const item of items) {
    const { identifier } = item;
    const lane = laneOf(identifier);
    const fail = (error: unknown) => {
      if (lane !== undefined) failedLanes.add(lane);
      outcomes.push({ identifier, ok: false, error });
    };
    if (lane !== undefined && failedLanes.has(lane)) {
      fail(new ConfluxError('handler.skipped', `an earlier record of ${lane} failed; kept for the retry, in order`));
    } else if ('issue' in item) {
      fail(decodeError(item));
    } else if (prepared.filter !== undefined && !prepared.filter(item.event)) {
      outcomes.push({ identifier, ok: true, value: 'filtered' });
    } else {
      try {
        const payloads = await prepared.transform(item.event);
        for (const payload of payloads) messages.push({ event: item.event, payload });
        outcomes.push({ identifier, ok: true, value: payloads.length });
      } catch (error) {
        fail(error);
      }
    }
  }
  if (messages.length === 0) return outcomes;
  try {
    await prepared.sink.write(messages);
  } catch (error) {
    const failed = new ConfluxError('sink.write', `the sink refused the batch: ${messageOf(error)}`, {
      retriable: true,
      cause: error,
    });
    // The whole batch is retried: records after a failed one in their partition must not be committed.
    return outcomes.map((o) => (o.ok ? { identifier: o.identifier, ok: false, error: failed } : o));
  }
  return outcomes;
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
