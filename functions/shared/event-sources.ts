import { ConfluxError, formatJsonPath, messageOf } from '../../bus/errors.js';
import { type FcItemIdentifier, fcItems } from './fc-events.js';
import type { ValueFormat } from './kafka-event.js';
import { type KafkaItemIdentifier, lambdaKafkaItems, type SourceItem } from './lambda-kafka.js';

/** What became of one record: results as data, never an exception (like Promise.allSettled). */
export type Outcome<Id, R> = { identifier: Id; ok: true; value: R } | { identifier: Id; ok: false; error: unknown };

/** Decoding options a source may need (the Kafka value format, the instance in `subject`). */
export interface DecodeOptions {
  valueFormat?: ValueFormat;
  instance?: string;
}

/**
 * How one invoking source differs from the others: how its records are found and decoded, and how
 * per-record outcomes become the answer that source expects. Sinks and transformers share these.
 */
export interface EventSource<Id, Response> {
  items(invocation: unknown, options: DecodeOptions): SourceItem<Id>[];
  respond(outcomes: Outcome<Id, unknown>[]): Response;
}

/** Lambda's partial batch response: Kafka names each failed record by `{partition, offset}`. */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: KafkaItemIdentifier }[];
}

const lambdaKafka: EventSource<KafkaItemIdentifier, BatchResponse> = {
  items: (invocation, options) => lambdaKafkaItems(invocation as { records?: unknown }, options),
  respond: (outcomes) => ({
    batchItemFailures: outcomes.filter((o) => !o.ok).map((o) => ({ itemIdentifier: o.identifier })),
  }),
};

/**
 * The Lambda sources, by the `eventSource` of the invocation (a table, not `if` chains: a new
 * source is a new row). Both Kafka flavours share one shape.
 */
export const lambdaSources: Readonly<Record<string, EventSource<KafkaItemIdentifier, BatchResponse>>> = {
  'aws:kafka': lambdaKafka,
  SelfManagedKafka: lambdaKafka,
};

/** The Lambda source an invocation comes from, by its `eventSource`; an unknown one is an error naming the known ones. */
export function lambdaSourceOf(invocation: unknown): EventSource<KafkaItemIdentifier, BatchResponse> {
  const name = (invocation as { eventSource?: unknown } | null)?.eventSource;
  const source = typeof name === 'string' && Object.hasOwn(lambdaSources, name) ? lambdaSources[name] : undefined;
  if (source === undefined) {
    const known = Object.keys(lambdaSources).join(', ');
    throw new ConfluxError(
      'handler.unknown-source',
      `unsupported eventSource ${JSON.stringify(name)}; expected ${known}`,
    );
  }
  return source;
}

/**
 * Function Compute 3.0 fed by EventBridge: a Buffer with a JSON array of CloudEvents. FC has no
 * partial batch response, so one failed event fails the invocation (EventBridge retries the batch),
 * naming every failed event.
 */
export const fcSource: EventSource<FcItemIdentifier, void> = {
  items: (invocation) => fcItems(invocation as Buffer),
  respond: (outcomes) => {
    const failed = outcomes.filter((o) => !o.ok);
    if (failed.length === 0) return;
    const first = failed[0]!;
    const which = (o: Outcome<FcItemIdentifier, unknown>) =>
      `event ${o.identifier.index} (id ${o.identifier.id ?? '?'})`;
    throw new ConfluxError(
      'handler.batch-failed',
      `${failed.length} of ${outcomes.length} events failed; first: ${which(first)}: ${messageOf(first.ok ? '' : first.error)}`,
      { cause: failed.map((o) => (o.ok ? undefined : o.error)) },
    );
  },
};

/** A record that did not decode, as the error its outcome carries (path into the invocation). */
export function decodeError(item: Extract<SourceItem<unknown>, { issue: unknown }>): ConfluxError {
  return new ConfluxError('handler.bad-record', item.issue.message, { path: formatJsonPath(item.issue.path) });
}
