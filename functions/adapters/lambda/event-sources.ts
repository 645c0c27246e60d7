import { ConfluxError, formatJsonPath, messageOf } from '../../../bus/errors.js';
import { type FcItemIdentifier, fcItems } from '../fc-events.js';
import type { ValueFormat } from '../kafka-event.js';
import type { DeployedSource } from '../source/deployed-source.js';
import type { LambdaTrigger } from '../triggers.js';
import {
  type HttpItemIdentifier,
  type HttpReply,
  httpAnswer,
  isHttpV2,
  lambdaHttpItems,
  lambdaHttpRefusal,
} from './http.js';
import { failedInvocation } from './invocation-failure.js';
import { type IotItemIdentifier, lambdaIotItems } from './iot.js';
import { type KafkaItemIdentifier, lambdaKafkaItems, type SourceItem } from './kafka.js';
import { lambdaRmqItems, type RmqItemIdentifier } from './rmq.js';

/** What became of one record: results as data, never an exception (like Promise.allSettled). */
export type Outcome<Id, R> = { identifier: Id; ok: true; value: R } | { identifier: Id; ok: false; error: unknown };

/** Decoding options a source may need (the Kafka value format, the instance in `subject`, the task's source). */
export interface DecodeOptions {
  valueFormat?: ValueFormat;
  instance?: string;
  /** The task's source settings (CONFLUX_SOURCE): the HTTP gate. */
  source?: DeployedSource;
  /** The task's name (CONFLUX_TASK): an HTTP event's `source`. */
  task?: string;
}

/**
 * How one invoking source differs from the others: how its records are found and decoded, and how
 * per-record outcomes become the answer that source expects (`summary`: what the handler reports
 * beside it, such as counts). Sinks and transformers share these.
 */
export interface EventSource<Id, Response> {
  items(invocation: unknown, options: DecodeOptions): SourceItem<Id>[];
  respond(outcomes: Outcome<Id, unknown>[], summary?: object): Response;
}

/** A Lambda trigger's decoder: an EventSource, the trigger it decodes, the source type it serves, its lanes and its gate. */
export interface LambdaSource<Id = unknown, Response = unknown> extends EventSource<Id, Response> {
  /** The trigger whose invocations this row decodes, as the source declares it (connector.ts `triggers.lambda`). */
  trigger: LambdaTrigger;
  /** The conflux.yaml source type whose tasks this trigger feeds (whose declaration names `trigger`). */
  serves: DeployedSource['type'];
  /** Records of one lane keep their order: after a failed one, the later ones of its lane fail too. */
  laneOf(identifier: Id): string | undefined;
  /** An answer given before any record is read (HTTP's 405/401), or `undefined` to go on. */
  refuse?(invocation: unknown, options: DecodeOptions): Response | undefined;
  /**
   * Its invocations carry nothing to recognise them by (an IoT rule's message is the rule's SQL
   * result): a function configured for the source it serves takes every invocation as this row's.
   */
  unmarked?: true;
}

/** Lambda's partial batch response: Kafka names each failed record by `{partition, offset}`. */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: KafkaItemIdentifier }[];
}

const lambdaKafka: LambdaSource<KafkaItemIdentifier, BatchResponse> = {
  trigger: 'kafka',
  serves: 'kafka',
  items: (invocation, options) => lambdaKafkaItems(invocation as { records?: unknown }, options),
  respond: (outcomes, summary) => ({
    batchItemFailures: outcomes.filter((o) => !o.ok).map((o) => ({ itemIdentifier: o.identifier })),
    ...summary,
  }),
  laneOf: (id) => id.partition,
};

/** Amazon MQ for RabbitMQ: no partial batch response, so one failed message fails the invocation (all are retried). */
const lambdaRmq: LambdaSource<RmqItemIdentifier, object> = {
  trigger: 'rabbitmq',
  serves: 'rabbitmq',
  items: (invocation) => lambdaRmqItems(invocation),
  respond: (outcomes, summary) => {
    const failed = failedInvocation(outcomes, (id) => formatJsonPath(['rmqMessagesByQueue', id.queue, id.index]));
    if (failed !== undefined) throw failed;
    return { ...summary };
  },
  laneOf: (id) => id.queue,
};

/** An API Gateway HTTP API request (payload 2.0): one event, answered as the emulator's HTTP source answers. */
const lambdaHttp: LambdaSource<HttpItemIdentifier, HttpReply> = {
  trigger: 'httpApi',
  serves: 'http',
  items: (invocation, options) => lambdaHttpItems(invocation, options),
  respond: (outcomes) => httpAnswer(outcomes[0] ?? { identifier: { id: undefined }, ok: false, error: undefined }),
  laneOf: () => undefined,
  refuse: (invocation, options) => lambdaHttpRefusal(invocation, options.source),
};

/** An AWS IoT rule's Lambda action (asynchronous): a failure fails the invocation, which Lambda retries. */
const lambdaIot: LambdaSource<IotItemIdentifier, object> = {
  trigger: 'iot',
  serves: 'mqtt',
  unmarked: true,
  items: (invocation) => lambdaIotItems(invocation),
  respond: (outcomes, summary) => {
    const failed = failedInvocation(
      outcomes,
      (id) => `the message on ${id.topic ?? '?'} (id ${id.id ?? '?'})`,
      'message',
    );
    if (failed !== undefined) throw failed;
    return { ...summary };
  },
  laneOf: () => undefined,
};

/** The names of the rows without an `eventSource` of their own. */
export const HTTP_V2 = 'http:2.0';
export const IOT_RULE = 'iot:rule';

/** The Kafka rows: what a transformer bundle takes (it answers with outputs beside `batchItemFailures`). */
export const kafkaSources: Readonly<Record<string, LambdaSource<KafkaItemIdentifier, BatchResponse>>> = {
  'aws:kafka': lambdaKafka,
  SelfManagedKafka: lambdaKafka,
};

/**
 * The Lambda triggers a sink bundle takes (a table, not `if` chains: a new source is a new row),
 * by the invocation's `eventSource`; both Kafka flavours share one row. An HTTP API request and an
 * IoT rule's message carry no `eventSource`: `lambdaSourceName` names them.
 */
export const lambdaSources: Readonly<Record<string, LambdaSource>> = {
  ...kafkaSources,
  'aws:rmq': lambdaRmq,
  [HTTP_V2]: lambdaHttp,
  [IOT_RULE]: lambdaIot,
};

/**
 * The source types a deployed function can be configured for (CONFLUX_SOURCE): those a row serves.
 * A bundle cannot read the sources' declarations (no function folder imports another), so this
 * follows from the rows, and a test holds the rows to the declared triggers, row for trigger.
 */
export const deployableSourceTypes: readonly DeployedSource['type'][] = [
  ...new Set(Object.values(lambdaSources).map((row) => row.serves)),
];

/**
 * The row an invocation belongs to: a task configured (CONFLUX_SOURCE) for the source an `unmarked`
 * row serves (mqtt: its IoT rule's message has no envelope to recognise) takes whatever comes as
 * that row's; otherwise the invocation's `eventSource`, or a payload 2.0 HTTP request by `version`
 * and `requestContext.http`.
 */
export function lambdaSourceName(invocation: unknown, configured?: DeployedSource['type']): string | undefined {
  const unmarked = Object.entries(lambdaSources).find(([, row]) => row.unmarked === true && row.serves === configured);
  if (unmarked !== undefined) return unmarked[0];
  const name = (invocation as { eventSource?: unknown } | null)?.eventSource;
  if (typeof name === 'string') return name;
  return isHttpV2(invocation) ? HTTP_V2 : undefined;
}

/**
 * The Lambda source of an invocation among `table`'s rows (`kafkaSources` for transformer
 * bundles, `lambdaSources` for sinks); with `configured`, it must serve that source type.
 */
export function lambdaSourceOf<S extends LambdaSource>(
  invocation: unknown,
  table: Readonly<Record<string, S>>,
  configured?: DeployedSource['type'],
): S {
  const name = lambdaSourceName(invocation, configured);
  const source: S | undefined = name !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
  if (source === undefined) {
    const known = Object.keys(table).join(', ');
    throw new ConfluxError(
      'handler.unknown-source',
      `unsupported eventSource ${JSON.stringify(name)}; expected ${known}${table === kafkaSources ? '' : ` (${HTTP_V2}: an HTTP API payload 2.0 request; ${IOT_RULE}: a task whose source is mqtt)`}`,
    );
  }
  if (configured !== undefined && source.serves !== configured) {
    throw new ConfluxError(
      'handler.unknown-source',
      `this function is deployed for a ${configured} source but was invoked by ${name}`,
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
