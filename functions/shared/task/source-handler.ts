import type { DeployedSource } from '../../adapters/source/deployed-source.js';
import { kafkaTargetSettings } from '../kafka/target.js';
import { connectKafkaWriter } from '../kafka/writer.js';
import { deployedTriggers, type SourceConnector } from '../settings/connector.js';
import { TASK_ENV } from './task-env.js';
import { createTaskHandler, type TaskHandler } from './task-handler.js';

/** The environment a source function reads: where its events go, and the task's settings as a sink bundle reads them. */
export const SOURCE_ENV = {
  /** The Kafka target as JSON: `{"brokers":["host:port",…],"topic":"…","key"?:<spec>,"headers"?:{name:<spec>},"acks"?,"compression"?}`. */
  target: 'CONFLUX_TARGET',
  ...TASK_ENV,
} as const;

/**
 * The entry points of a source function (functions/sources/<type>/handler.ts), from its declaration:
 * invoked by its source's declared Lambda trigger (Kafka, Amazon MQ for RabbitMQ, an HTTP API route,
 * an IoT rule), it builds the CloudEvents the emulator's source builds, filters and transforms them as
 * a sink bundle does, and produces each payload (default: the event's compact JSON) as one record to
 * the Kafka topic of `CONFLUX_TARGET`, answering the trigger as a sink bundle answers it. A task
 * handler (task-handler.ts) whose output is the shared Kafka writer. A source declared without
 * `triggers` is refused (`connector.not-deployed`, naming the field).
 *
 * @example export const handler = createSourceHandler(httpSource); export const fcHandler = handler.fc;
 */
export function createSourceHandler(
  connector: SourceConnector<DeployedSource['type']>,
  env?: NodeJS.ProcessEnv,
): TaskHandler {
  deployedTriggers(connector); // refuses a source declared without triggers
  const type = connector.type;
  return createTaskHandler({
    name: `source-${type}`,
    source: type,
    output: {
      variable: SOURCE_ENV.target,
      path: 'target',
      what: 'the Kafka target as JSON, e.g. {"brokers":["b-1:9092"],"topic":"orders"}',
      settings: kafkaTargetSettings,
      connect: (config, context) =>
        connectKafkaWriter(config, { ...context, at: 'target', code: 'target.kafka.field' }),
    },
    ...(env === undefined ? {} : { env }),
  });
}
