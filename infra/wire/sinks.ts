import type { Writable } from 'node:stream';
import { ConfluxError } from '../../bus/errors.js';
import type { EventLog } from '../../bus/log/types.js';
import type { SinkWriter } from '../../bus/task/contract.js';

/** What a sink's `connect` gets besides its own settings. */
export interface SinkContext {
  /** The folder conflux.yaml lives in; relative paths resolve from it. */
  baseDir: string;
  /** The emulator's data directory, where sinks keep what they must remember (the file sink: its own tail). */
  dataDir?: string;
  stdout?: Writable;
  /** The embedded bus, for Kafka sinks without brokers. */
  log?: EventLog;
}

type Connect = (options: never, context: SinkContext) => Promise<SinkWriter>;

/** Sink type → its `send.ts`, loaded only when a task uses it. */
const connectors: Record<string, () => Promise<{ connect: Connect }>> = {
  file: () => import('../../functions/sinks/file/send.js'),
  stdout: () => import('../../functions/sinks/stdout/send.js'),
  kafka: () => import('../../functions/sinks/kafka/send.js'),
  http: () => import('../../functions/sinks/http/send.js'),
  postgres: () => import('../../functions/sinks/postgres/send.js'),
  mysql: () => import('../../functions/sinks/mysql/send.js'),
  redis: () => import('../../functions/sinks/redis/send.js'),
  rabbitmq: () => import('../../functions/sinks/rabbitmq/send.js'),
  nats: () => import('../../functions/sinks/nats/send.js'),
  mqtt: () => import('../../functions/sinks/mqtt/send.js'),
  eventbridge: () => import('../../functions/sinks/eventbridge/send.js'),
  function: () => import('../../functions/sinks/function/send.js'),
};

/** Connects the sink a task's config describes. */
export async function connectSink(options: { type: string }, context: SinkContext): Promise<SinkWriter> {
  const load = connectors[options.type];
  if (load === undefined) {
    throw new ConfluxError('sink.unavailable', `the ${options.type} sink cannot run in the emulator yet`, {
      path: 'sink.type',
    });
  }
  const { connect } = await load();
  return connect(options as never, context);
}
