import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { type Clock, retryPolicy, systemClock } from '../../bus/delivery/index.js';
import type { HttpIngress } from '../../bus/emulator/http/ingress.js';
import { ConfluxError } from '../../bus/errors.js';
import type { CloudEvent } from '../../bus/event.js';
import { openConsumer } from '../../bus/log/index.js';
import { type OffsetTarget, showOffsets } from '../../bus/log/offsets-reset.js';
import type { EventLog, StoredRecord } from '../../bus/log/types.js';
import type { Dialect } from '../../bus/pattern/index.js';
import type { TaskParts } from '../../bus/task/contract.js';
import { compileFilter } from '../../bus/task/filter.js';
import { decodeKafkaRecord } from '../../functions/adapters/kafka-event.js';
import type { KafkaSinkConfig } from '../../functions/sinks/kafka/config.js';
import { consumerGroupOf, type KafkaSourceConfig } from '../../functions/sources/kafka/config.js';
import { compileTransform } from '../../functions/transformers/compile.js';
import { defaultConsumerGroup, type TaskConfig } from '../config/index.js';
import { deadLetterIndexOf } from './dead-letters.js';
import { type ExactlyOnceParts, wireExactlyOnce } from './exactly-once.js';
import { connectSink } from './sinks.js';
import { loadSource } from './sources.js';

/** What wiring needs besides the task's config. */
export interface WireContext {
  /** The embedded bus, used by sources and sinks without `brokers`. */
  log: EventLog;
  dialect: Dialect;
  /** Relative sink paths and FUNCTION handlers resolve from here (the config file's folder). */
  baseDir: string;
  /** The data directory (`.conflux/`): dead-letter indexes, the sinks' own records and the sources' positions live there. */
  dataDir?: string;
  stdout?: Writable;
  /** Time for retries; tests pass a manual clock. */
  clock?: Clock;
  /** The emulator HTTP server's paths for HTTP sources (absent: no HTTP source can run). */
  ingress?: HttpIngress;
}

/** Builds the running parts of one task: consumer, decoder, filter, transform, sink and delivery plan. */
export async function wireTask(task: TaskConfig, context: WireContext): Promise<TaskParts> {
  const { source } = task;
  const other = source.type === 'kafka' ? undefined : await loadSource(source.type);
  const dialect = task.dialect ?? context.dialect;
  const filter = task.filter === undefined ? undefined : compileFilter(task.filter, dialect);
  const transform = compileTransform(task.transform, { baseDir: context.baseDir, dialect });
  const sinkContext = {
    baseDir: context.baseDir,
    log: context.log,
    ...(context.dataDir === undefined ? {} : { dataDir: context.dataDir }),
    ...(context.stdout ? { stdout: context.stdout } : {}),
  };
  const exactlyOnce = task.delivery === 'exactly-once' ? await wireExactly(task, context.baseDir) : undefined;
  const sink = exactlyOnce?.sink ?? (await connectSink(task.sink, sinkContext));
  const deadLetterSink =
    task.errors.deadLetter === undefined ? undefined : await connectSink(task.errors.deadLetter, sinkContext);
  const index = deadLetterIndexOf(task, context.dataDir);
  return {
    name: task.name,
    ...(other === undefined
      ? {
          ...kafkaSource(source as KafkaSourceConfig, task.name, { ...context, dialect }, transform.takesText),
          ...(exactlyOnce === undefined ? {} : { openSource: exactlyOnce.openSource }),
        }
      : {
          openSource: () =>
            other.openSource(source as never, {
              task: task.name,
              baseDir: context.baseDir,
              dataDir: context.dataDir ?? resolve('.conflux'),
              ingress: requireIngress(context),
            }),
          decode: (record: StoredRecord) => other.decode(record, { withText: transform.takesText }),
        }),
    ...(filter === undefined ? {} : { filter }),
    transform: transform.outputs,
    ...(transform.batched ? { transformBatch: transform.batch } : {}),
    sink,
    delivery: {
      concurrency: task.concurrency,
      ...(task.batch?.count === undefined ? {} : { batchSize: task.batch.count }),
      policy: retryPolicy(task.retry.policy, task.retry.timing),
      tolerance: task.errors.tolerance,
      clock: context.clock ?? systemClock,
      sink: task.sink.type,
      ...(deadLetterSink === undefined
        ? {}
        : {
            // the target gets its copy first; the index, read by listing and redrive, once the target has it
            deadLetter: async (event: CloudEvent) => {
              await deadLetterSink.write([{ event, payload: JSON.stringify(event) }]);
              await index?.add(event);
            },
          }),
    },
    ready: () => transform.ready(),
    interrupt: () => transform.close(),
    close: async () => {
      await transform.close();
      await deadLetterSink?.close();
    },
  };
}

/** The transactional sink and source of an exactly-once task (the schema let only Kafka → Kafka with brokers through). */
function wireExactly(task: TaskConfig, baseDir: string): Promise<ExactlyOnceParts> {
  const source = task.source as KafkaSourceConfig;
  const sink = task.sink as KafkaSinkConfig;
  if (source.type !== 'kafka' || source.brokers === undefined || sink.type !== 'kafka' || sink.brokers === undefined) {
    throw new ConfluxError('task.delivery', 'exactly-once needs a Kafka source and a Kafka sink with brokers', {
      path: 'delivery',
    });
  }
  const { name: group } = consumerGroupOf(source, defaultConsumerGroup(task.name));
  return wireExactlyOnce({ ...source, brokers: source.brokers }, { ...sink, brokers: sink.brokers }, group, baseDir);
}

/** The Kafka source (embedded bus or brokers) as a task's consumer and decoder. */
function kafkaSource(
  source: KafkaSourceConfig,
  task: string,
  context: WireContext,
  withText: boolean,
): Pick<TaskParts, 'openSource' | 'decode'> {
  const { name: group, existing } = consumerGroupOf(source, defaultConsumerGroup(task));
  const consumerOptions = { topic: source.topic, group, offset: source.offset };
  const decodeOptions = {
    ...(source.valueFormat === undefined ? {} : { valueFormat: source.valueFormat }),
    withText,
    // Alibaba's ORIGINAL hands the record's value on byte for byte.
    rawValueText: context.dialect === 'alibaba',
  };
  const target = source.brokers === undefined ? { log: context.log } : { brokers: source.brokers };
  return {
    openSource: async () => {
      if (existing) await requireCommittedOffsets(group, source.topic, target);
      return source.brokers === undefined
        ? openConsumer({ ...consumerOptions, log: context.log, maxBatchRecords: 1000 })
        : openConsumer({ ...consumerOptions, brokers: source.brokers });
    },
    decode: (record) => decodeKafkaRecord(record, decodeOptions),
  };
}

/**
 * For `consumerGroup: {name, existing: true}`: the group must have committed offsets on the topic
 * already (as ApsaraMQ requires an existing group to exist); the task does not start otherwise.
 */
async function requireCommittedOffsets(group: string, topic: string, target: OffsetTarget): Promise<void> {
  const offsets = await showOffsets({ group, topic }, target);
  if (offsets.some((partition) => partition.committed !== null)) return;
  const where = 'brokers' in target ? 'on the cluster' : 'on the embedded bus';
  throw new ConfluxError(
    'task.consumer-group',
    `consumer group ${group} has no committed offsets for topic ${topic} ${where}, and consumerGroup.existing says it must exist; use a group that has consumed ${topic}, or drop existing: true to let conflux create it`,
    { path: 'source.consumerGroup.name' },
  );
}

function requireIngress(context: WireContext): HttpIngress {
  if (context.ingress === undefined) {
    throw new ConfluxError('task.source', "this source needs the emulator's HTTP server", { path: 'source.type' });
  }
  return context.ingress;
}
