import type { FunctionEntry } from '../entry.js';
import { fileTailSourceConfig } from './file-tail/config.js';
import { httpSourceConfig } from './http/config.js';
import { kafkaSourceConfig } from './kafka/config.js';
import { mqttSourceConfig } from './mqtt/config.js';
import { mysqlCdcSourceConfig } from './mysql-cdc/config.js';
import { natsSourceConfig } from './nats/config.js';
import { postgresCdcSourceConfig } from './postgres-cdc/config.js';
import { rabbitmqSourceConfig } from './rabbitmq/config.js';

/** The config schema of every source; conflux.yaml's `source` is their union. */
export const sourceConfigs = [
  kafkaSourceConfig,
  httpSourceConfig,
  rabbitmqSourceConfig,
  mqttSourceConfig,
  natsSourceConfig,
  fileTailSourceConfig,
  postgresCdcSourceConfig,
  mysqlCdcSourceConfig,
] as const;

/** Every source `type` a task may name. */
export const sourceTypes: readonly string[] = sourceConfigs.map((config) => config.shape.type.value);

/** Every source conflux ships; each entry's folder holds its code. */
export const sources: FunctionEntry[] = sourceConfigs.map((config) => {
  const type = config.shape.type.value;
  return { kind: 'source', type, name: `source-${type}`, dir: `functions/sources/${type}`, config };
});
