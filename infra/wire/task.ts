import type { Writable } from 'node:stream';
import { type Clock, retryPolicy, systemClock } from '../../bus/delivery/index.js';
import type { TaskParts } from '../../bus/emulator/types.js';
import { ConfluxError } from '../../bus/errors.js';
import type { CloudEvent } from '../../bus/event.js';
import { openConsumer } from '../../bus/log/index.js';
import type { EventLog } from '../../bus/log/types.js';
import type { Dialect } from '../../bus/pattern/index.js';
import { Router } from '../../bus/router/index.js';
import { decodeKafkaRecord } from '../../functions/shared/kafka-event.js';
import { compileTransform } from '../../functions/transformers/compile.js';
import { defaultConsumerGroup, type TaskConfig } from '../config/index.js';
import { connectSink } from './sinks.js';

/** What wiring needs besides the task's config. */
export interface WireContext {
  /** The embedded bus, used by sources and sinks without `brokers`. */
  log: EventLog;
  dialect: Dialect;
  /** Relative sink paths and FUNCTION handlers resolve from here (the config file's folder). */
  baseDir: string;
  stdout?: Writable;
  /** Time for retries; tests pass a manual clock. */
  clock?: Clock;
}

/** Builds the running parts of one task: consumer, decoder, filter, transform, sink and delivery plan. */
export async function wireTask(task: TaskConfig, context: WireContext): Promise<TaskParts> {
  const { source } = task;
  if (source.type !== 'kafka') {
    throw new ConfluxError('task.source', `the ${source.type} source cannot run in the emulator yet`, {
      path: 'source.type',
    });
  }
  const filter = task.filter === undefined ? undefined : compileFilter(task.filter, context.dialect);
  const transform = compileTransform(task.transform, { baseDir: context.baseDir });
  const sinkContext = {
    baseDir: context.baseDir,
    log: context.log,
    ...(context.stdout ? { stdout: context.stdout } : {}),
  };
  const sink = await connectSink(task.sink, sinkContext);
  const deadLetterSink =
    task.errors.deadLetter === undefined ? undefined : await connectSink(task.errors.deadLetter, sinkContext);
  const group = source.consumerGroup ?? defaultConsumerGroup(task.name);
  const consumerOptions = { topic: source.topic, group, offset: source.offset };
  const decodeOptions = {
    ...(source.valueFormat === undefined ? {} : { valueFormat: source.valueFormat }),
    withText: transform.takesText,
  };
  return {
    name: task.name,
    openSource: () =>
      source.brokers === undefined
        ? openConsumer({ ...consumerOptions, log: context.log, maxBatchRecords: 1000 })
        : openConsumer({ ...consumerOptions, brokers: source.brokers }),
    decode: (record) => decodeKafkaRecord(record, decodeOptions),
    ...(filter === undefined ? {} : { filter }),
    transform: transform.outputs,
    ...(transform.batched ? { transformBatch: transform.batch } : {}),
    sink,
    delivery: {
      concurrency: task.concurrency,
      policy: retryPolicy(task.retry.policy),
      tolerance: task.errors.tolerance,
      clock: context.clock ?? systemClock,
      sink: task.sink.type,
      ...(deadLetterSink === undefined
        ? {}
        : { deadLetter: (event: CloudEvent) => deadLetterSink.write([{ event, payload: JSON.stringify(event) }]) }),
    },
    close: async () => {
      await transform.close();
      await deadLetterSink?.close();
    },
  };
}

/**
 * A task's filter as a one-rule router: the router's compiled field index looks only at the paths the
 * pattern names, about ten times faster per event than evaluating the pattern on its own.
 */
function compileFilter(pattern: unknown, dialect: Dialect): (event: CloudEvent) => boolean {
  const router = new Router();
  router.addRule('filter', pattern, { dialect });
  return (event) => router.matchIds(event).length > 0;
}
