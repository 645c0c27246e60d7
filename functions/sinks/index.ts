import type { FunctionEntry } from '../entry.js';
import { eventbridgeSinkConfig } from './eventbridge/config.js';
import { fileSinkConfig } from './file/config.js';
import { functionSinkConfig } from './function/config.js';
import { httpSinkConfig } from './http/config.js';
import { kafkaSinkConfig } from './kafka/config.js';
import { mqttSinkConfig } from './mqtt/config.js';
import { mysqlSinkConfig } from './mysql/config.js';
import { natsSinkConfig } from './nats/config.js';
import { postgresSinkConfig } from './postgres/config.js';
import { rabbitmqSinkConfig } from './rabbitmq/config.js';
import { redisSinkConfig } from './redis/config.js';
import { stdoutSinkConfig } from './stdout/config.js';

/** The config schema of every sink, in the order DESIGN.md lists them; conflux.yaml's `sink` is their union. */
export const sinkConfigs = [
  kafkaSinkConfig,
  httpSinkConfig,
  postgresSinkConfig,
  mysqlSinkConfig,
  redisSinkConfig,
  rabbitmqSinkConfig,
  mqttSinkConfig,
  natsSinkConfig,
  eventbridgeSinkConfig,
  functionSinkConfig,
  fileSinkConfig,
  stdoutSinkConfig,
] as const;

/** Every sink `type` a task may name. */
export const sinkTypes: readonly string[] = sinkConfigs.map((config) => config.shape.type.value);

/** Every sink conflux ships; each entry's folder holds its code. */
export const sinks: FunctionEntry[] = sinkConfigs.map((config) => {
  const type = config.shape.type.value;
  return { kind: 'sink', type, name: `sink-${type}`, dir: `functions/sinks/${type}`, config };
});
