import type { FunctionEntry } from '../entry.js';
import type { SourceConnector, SourceModule } from '../shared/settings/connector.js';
import { type ConfigSchema, configSchema } from '../shared/settings/field-zod.js';
import { fileTailSource } from './file-tail/connector.js';
import { httpSource } from './http/connector.js';
import { kafkaSource } from './kafka/connector.js';
import { mqttSource } from './mqtt/connector.js';
import { mysqlCdcSource } from './mysql-cdc/connector.js';
import { natsSource } from './nats/connector.js';
import { postgresCdcSource } from './postgres-cdc/connector.js';
import { rabbitmqSource } from './rabbitmq/connector.js';

/** A source's line: its declaration (connector.ts) and the loader of its `receive.ts`. */
export interface SourceLine {
  connector: SourceConnector;
  load?(): Promise<SourceModule>;
}

/**
 * Every source conflux ships, one line each: its declaration and (except Kafka, which the
 * emulator wires apart) the loader of its `receive.ts`, imported only when a task uses it.
 * The conflux.yaml schema, the catalog (console, README) follow from it, as for sinks.
 */
export const sourceLines = [
  { connector: kafkaSource },
  { connector: httpSource, load: () => import('./http/receive.js') },
  { connector: rabbitmqSource, load: () => import('./rabbitmq/receive.js') },
  { connector: mqttSource, load: () => import('./mqtt/receive.js') },
  { connector: natsSource, load: () => import('./nats/receive.js') },
  { connector: fileTailSource, load: () => import('./file-tail/receive.js') },
  { connector: postgresCdcSource, load: () => import('./postgres-cdc/receive.js') },
  { connector: mysqlCdcSource, load: () => import('./mysql-cdc/receive.js') },
] as const satisfies readonly SourceLine[];

/** The schema of a line, keeping its own type and fields. */
type ConfigOf<L> = L extends { connector: SourceConnector<infer T, infer F> } ? ConfigSchema<T, F> : never;

/** The schema of each line, in order (a mapped tuple needs a type parameter to stay a tuple). */
type ConfigsOf<L extends readonly unknown[]> = { -readonly [K in keyof L]: ConfigOf<L[K]> };

/** The config schema of every source (generated from its field table); conflux.yaml's `source` is their union. */
export const sourceConfigs = (sourceLines as readonly SourceLine[]).map((line) =>
  configSchema(line.connector),
) as unknown as ConfigsOf<typeof sourceLines>;

/** The loader of a source type's `receive.ts`; undefined for Kafka (wired apart) and unknown types. */
export function findSourceLoader(type: string): (() => Promise<SourceModule>) | undefined {
  const line = (sourceLines as readonly SourceLine[]).find((each) => each.connector.type === type);
  return line?.load;
}

/** Every source `type` a task may name. */
export const sourceTypes: readonly string[] = sourceLines.map((line) => line.connector.type);

/** Every source conflux ships; each entry's folder holds its code. */
export const sources: FunctionEntry[] = (sourceLines as readonly SourceLine[]).map(({ connector }) => ({
  kind: 'source',
  type: connector.type,
  name: `source-${connector.type}`,
  dir: `functions/sources/${connector.type}`,
  config: configSchema(connector),
  connector,
  ...(connector.triggers === undefined ? {} : { triggers: connector.triggers }),
}));
