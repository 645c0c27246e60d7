import type { Writable } from 'node:stream';
import type { TaskParts } from '../../bus/emulator/types.js';
import { ConfluxError } from '../../bus/errors.js';
import { openConsumer } from '../../bus/log/index.js';
import type { EventLog } from '../../bus/log/types.js';
import { compilePattern, type Dialect } from '../../bus/pattern/index.js';
import { kafkaRecordToEvent, type ValueFormat } from '../../functions/shared/kafka-event.js';
import { compileTransform } from '../../functions/transformers/compile.js';
import { connectSink } from './sinks.js';

/** The parts of a task's config the wiring reads (the config schema guarantees their shape). */
export interface TaskConfig {
  name: string;
  source: {
    type: string;
    topic?: string;
    brokers?: string[];
    consumerGroup?: string;
    offset?: 'earliest' | 'latest';
    valueFormat?: ValueFormat;
  };
  filter?: unknown;
  transform?: unknown;
  sink: { type: string };
}

/** What wiring needs besides the task's config. */
export interface WireContext {
  /** The embedded bus, used by sources without `brokers`. */
  log: EventLog;
  dialect: Dialect;
  /** Relative sink paths and FUNCTION handlers resolve from here (the config file's folder). */
  baseDir: string;
  stdout?: Writable;
}

/** Builds the running parts of one task: consumer, decoder, filter, transform and connected sink. */
export async function wireTask(task: TaskConfig, context: WireContext): Promise<TaskParts> {
  const { source } = task;
  if (source.type !== 'kafka' || source.topic === undefined) {
    throw new ConfluxError('task.source', `the ${source.type} source cannot run in the emulator yet`, {
      path: `tasks.${task.name}.source.type`,
    });
  }
  const filter = task.filter === undefined ? undefined : compilePattern(task.filter, { dialect: context.dialect });
  const transform = compileTransform(task.transform ?? { form: 'ORIGINAL' }, { baseDir: context.baseDir });
  const sink = await connectSink(task.sink, {
    baseDir: context.baseDir,
    ...(context.stdout ? { stdout: context.stdout } : {}),
  });
  const group = source.consumerGroup ?? `GID_conflux_${task.name}`;
  const offset = source.offset ?? 'earliest';
  const consumer =
    source.brokers === undefined
      ? await openConsumer({ topic: source.topic, group, offset, log: context.log })
      : await openConsumer({ topic: source.topic, group, offset, brokers: source.brokers });
  const valueFormat = source.valueFormat;
  return {
    name: task.name,
    source: consumer,
    decode: (record) => kafkaRecordToEvent(record, valueFormat === undefined ? {} : { valueFormat }),
    ...(filter === undefined ? {} : { filter: (event) => filter.matches(event) }),
    transform,
    sink,
  };
}
