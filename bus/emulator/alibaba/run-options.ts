import { brokersOf, EMBEDDED, instanceIdOf, type KafkaClusters } from './clusters.js';
import { invalidArgument } from './errors.js';
import { isObject, type JsonObject, type Params } from './params.js';
import type { FieldPaths } from './stream-paths.js';

/** The task fields RunOptions carries. */
export interface TaskRunOptions {
  concurrency?: number;
  retry?: { policy: string };
  errors?: { tolerance?: string; deadLetter?: JsonObject };
  batch?: { count?: number; seconds?: number };
}

/**
 * conflux's retry policies are ApsaraMQ's fixed ones (DESIGN.md "Delivery"): BACKOFF_RETRY makes
 * 3 retries, EXPONENTIAL_DECAY_RETRY gives up after about a day. A request may restate these
 * values; another value is refused rather than silently run differently.
 */
const RETRY_LIMITS = {
  BACKOFF_RETRY: { field: 'MaximumRetryAttempts', value: 3 },
  EXPONENTIAL_DECAY_RETRY: { field: 'MaximumEventAgeInSeconds', value: 86_400 },
} as const;

/** A dead-letter queue ARN: a Kafka topic, `acs:alikafka:<region>:<account>:topic/[<InstanceId>/]<topic>`. */
const KAFKA_ARN = /^acs:alikafka:[^:]*:[^:]*:topic\/(?:([^/]+)\/)?([^/]+)$/;

/** Alibaba `RunOptions` → the task's concurrency, retry, errors and batch fields. */
export function toTaskRunOptions(
  options: Params | undefined,
  clusters: KafkaClusters,
  paths: FieldPaths,
): TaskRunOptions {
  if (options === undefined) return {};
  paths.push(['concurrency', options.at('MaximumTasks')], ['errors.tolerance', options.at('ErrorsTolerance')]);
  const out: TaskRunOptions = {};
  const tasks = options.int('MaximumTasks');
  if (tasks !== undefined) out.concurrency = tasks;
  const retry = options.object('RetryStrategy');
  if (retry !== undefined) {
    paths.push(['retry.policy', retry.at('PushRetryStrategy')]);
    const policy = retry.string('PushRetryStrategy') ?? 'BACKOFF_RETRY';
    out.retry = { policy };
    const limit = RETRY_LIMITS[policy as keyof typeof RETRY_LIMITS];
    for (const field of ['MaximumRetryAttempts', 'MaximumEventAgeInSeconds'] as const) {
      const given = retry.int(field);
      if (given === undefined || limit === undefined) continue;
      if (limit.field !== field || given !== limit.value)
        throw invalidArgument(
          retry.at(field),
          `${policy} in conflux is fixed at ${limit.field} ${limit.value} (got ${field} ${given})`,
        );
    }
  }
  const tolerance = options.string('ErrorsTolerance');
  const deadLetter = deadLetterOf(options.object('DeadLetterQueue'), clusters, paths);
  if (tolerance !== undefined || deadLetter !== undefined)
    out.errors = {
      ...(tolerance === undefined ? {} : { tolerance }),
      ...(deadLetter === undefined ? {} : { deadLetter }),
    };
  const window = options.object('BatchWindow');
  if (window !== undefined) {
    paths.push(['batch.count', window.at('CountBasedWindow')], ['batch.seconds', window.at('TimeBasedWindow')]);
    const count = window.int('CountBasedWindow');
    const seconds = window.int('TimeBasedWindow');
    out.batch = { ...(count === undefined ? {} : { count }), ...(seconds === undefined ? {} : { seconds }) };
  }
  return out;
}

function deadLetterOf(queue: Params | undefined, clusters: KafkaClusters, paths: FieldPaths): JsonObject | undefined {
  if (queue === undefined) return undefined;
  const sink = queue.object('ConfluxSink');
  if (sink !== undefined) {
    paths.push(['errors.deadLetter', sink.path]);
    return sink.raw;
  }
  const arn = queue.string('Arn', { required: true });
  const match = KAFKA_ARN.exec(arn);
  if (match === null)
    throw invalidArgument(
      queue.at('Arn'),
      `must be a Kafka topic, acs:alikafka:<region>:<account>:topic/[<InstanceId>/]<topic> (got "${arn}"); or give ConfluxSink instead`,
    );
  paths.push(['errors.deadLetter', queue.at('Arn')]);
  const brokers = brokersOf(match[1], clusters, queue.at('Arn'));
  return { type: 'kafka', topic: match[2]!, ...(brokers === undefined ? {} : { brokers }) };
}

/** A task's delivery settings as Alibaba's RunOptions. */
export function fromTaskRunOptions(task: JsonObject, clusters: KafkaClusters): JsonObject {
  const retry = isObject(task.retry) ? task.retry : {};
  const errors = isObject(task.errors) ? task.errors : {};
  const policy = typeof retry.policy === 'string' ? retry.policy : 'BACKOFF_RETRY';
  const limit = RETRY_LIMITS[policy as keyof typeof RETRY_LIMITS];
  const batch = isObject(task.batch) ? task.batch : undefined;
  return {
    MaximumTasks: typeof task.concurrency === 'number' ? task.concurrency : 1,
    RetryStrategy: { PushRetryStrategy: policy, ...(limit === undefined ? {} : { [limit.field]: limit.value }) },
    ErrorsTolerance: typeof errors.tolerance === 'string' ? errors.tolerance : 'ALL',
    ...(isObject(errors.deadLetter) ? { DeadLetterQueue: fromDeadLetter(errors.deadLetter, clusters) } : {}),
    ...(batch === undefined
      ? {}
      : {
          BatchWindow: {
            ...(batch.count === undefined ? {} : { CountBasedWindow: batch.count }),
            ...(batch.seconds === undefined ? {} : { TimeBasedWindow: batch.seconds }),
          },
        }),
  };
}

function fromDeadLetter(sink: JsonObject, clusters: KafkaClusters): JsonObject {
  const keys = Object.keys(sink);
  const defaults = (sink.acks ?? 'all') === 'all' && (sink.compression ?? 'none') === 'none';
  if (
    sink.type === 'kafka' &&
    defaults &&
    keys.every((k) => ['type', 'topic', 'brokers', 'acks', 'compression'].includes(k))
  ) {
    const instance = instanceIdOf(sink.brokers, clusters);
    if (instance !== null)
      return { Arn: `acs:alikafka:local:conflux:topic/${instance ?? EMBEDDED}/${String(sink.topic)}` };
  }
  return { ConfluxSink: sink };
}
