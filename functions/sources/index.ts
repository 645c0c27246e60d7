import type { z } from 'zod';
import type { SourceConnector, SourceModule } from '../connector.js';
import type { FunctionEntry } from '../entry.js';
import { fileTailSourceConfig } from './file-tail/config.js';
import { fileTailSource } from './file-tail/connector.js';
import { httpSourceConfig } from './http/config.js';
import { httpSource } from './http/connector.js';
import { kafkaSourceConfig } from './kafka/config.js';
import { kafkaSource } from './kafka/connector.js';
import { mqttSourceConfig } from './mqtt/config.js';
import { mqttSource } from './mqtt/connector.js';
import { mysqlCdcSourceConfig } from './mysql-cdc/config.js';
import { mysqlCdcSource } from './mysql-cdc/connector.js';
import { natsSourceConfig } from './nats/config.js';
import { natsSource } from './nats/connector.js';
import { postgresCdcSourceConfig } from './postgres-cdc/config.js';
import { postgresCdcSource } from './postgres-cdc/connector.js';
import { rabbitmqSourceConfig } from './rabbitmq/config.js';
import { rabbitmqSource } from './rabbitmq/connector.js';

/** A source's line: its config schema, its declaration when it has a field table, the loader of its `receive.ts`. */
export interface SourceLine {
  /** The declaration (connector.ts) of a source whose schema is generated from its field table. */
  connector?: SourceConnector;
  config: z.ZodObject<{ type: z.ZodLiteral<string> }>;
  load?(): Promise<SourceModule>;
}

/**
 * Every source conflux ships, one line each: its config schema and (except Kafka, which the
 * emulator wires apart) the loader of its `receive.ts`, imported only when a task uses it.
 * Sources with a field table (connector.ts) carry it, their schema generated from it; the others'
 * zod schemas are still hand-written (their fields need kinds field-table.ts lacks).
 */
export const sourceLines = [
  { connector: kafkaSource, config: kafkaSourceConfig },
  { connector: httpSource, config: httpSourceConfig, load: () => import('./http/receive.js') },
  { connector: rabbitmqSource, config: rabbitmqSourceConfig, load: () => import('./rabbitmq/receive.js') },
  { connector: mqttSource, config: mqttSourceConfig, load: () => import('./mqtt/receive.js') },
  { connector: natsSource, config: natsSourceConfig, load: () => import('./nats/receive.js') },
  { connector: fileTailSource, config: fileTailSourceConfig, load: () => import('./file-tail/receive.js') },
  { connector: postgresCdcSource, config: postgresCdcSourceConfig, load: () => import('./postgres-cdc/receive.js') },
  { connector: mysqlCdcSource, config: mysqlCdcSourceConfig, load: () => import('./mysql-cdc/receive.js') },
] as const satisfies readonly SourceLine[];

/** A source's config schema, by line. */
type ConfigsOf<L extends readonly unknown[]> = {
  -readonly [K in keyof L]: L[K] extends { config: infer C } ? C : never;
};

/** The config schema of every source; conflux.yaml's `source` is their union. */
export const sourceConfigs = sourceLines.map((line) => line.config) as unknown as ConfigsOf<typeof sourceLines>;

/** The loader of a source type's `receive.ts`; undefined for Kafka (wired apart) and unknown types. */
export function findSourceLoader(type: string): (() => Promise<SourceModule>) | undefined {
  const line = sourceLines.find((each) => each.config.shape.type.value === type);
  return line !== undefined && 'load' in line ? line.load : undefined;
}

/** Every source `type` a task may name. */
export const sourceTypes: readonly string[] = sourceConfigs.map((config) => config.shape.type.value);

/** Every source conflux ships; each entry's folder holds its code. */
export const sources: FunctionEntry[] = sourceConfigs.map((config) => {
  const type = config.shape.type.value;
  return { kind: 'source', type, name: `source-${type}`, dir: `functions/sources/${type}`, config };
});
