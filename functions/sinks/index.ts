import type { FunctionEntry } from '../entry.js';
import type { SinkConnector, SinkModule } from '../shared/settings/connector.js';
import { type ConfigSchema, configSchema } from '../shared/settings/field-zod.js';
import { eventbridgeSink } from './eventbridge/connector.js';
import { fileSink } from './file/connector.js';
import { functionSink } from './function/connector.js';
import { httpSink } from './http/connector.js';
import { kafkaSink } from './kafka/connector.js';
import { mqttSink } from './mqtt/connector.js';
import { mysqlSink } from './mysql/connector.js';
import { natsSink } from './nats/connector.js';
import { postgresSink } from './postgres/connector.js';
import { rabbitmqSink } from './rabbitmq/connector.js';
import { redisSink } from './redis/connector.js';
import { stdoutSink } from './stdout/connector.js';

/** A sink's line: its declaration (connector.ts) and the loader of its `send.ts`, imported only when a task uses it. */
export interface SinkLine<C extends SinkConnector = SinkConnector> {
  connector: C;
  load(): Promise<SinkModule>;
}

/**
 * Every sink conflux ships, one line each, in the order DESIGN.md lists them. Adding a sink is
 * its own folder plus one line here: the conflux.yaml schema, the emulator's wiring, the bundles,
 * serverless.yml, the README tables and the console's forms follow from it.
 */
export const sinkLines = [
  { connector: kafkaSink, load: () => import('./kafka/send.js') },
  { connector: httpSink, load: () => import('./http/send.js') },
  { connector: postgresSink, load: () => import('./postgres/send.js') },
  { connector: mysqlSink, load: () => import('./mysql/send.js') },
  { connector: redisSink, load: () => import('./redis/send.js') },
  { connector: rabbitmqSink, load: () => import('./rabbitmq/send.js') },
  { connector: mqttSink, load: () => import('./mqtt/send.js') },
  { connector: natsSink, load: () => import('./nats/send.js') },
  { connector: eventbridgeSink, load: () => import('./eventbridge/send.js') },
  { connector: functionSink, load: () => import('./function/send.js') },
  { connector: fileSink, load: () => import('./file/send.js') },
  { connector: stdoutSink, load: () => import('./stdout/send.js') },
] as const satisfies readonly SinkLine[];

type Lines = typeof sinkLines;

/** The schema of a line, keeping its own type and fields. */
type ConfigOf<L> = L extends { connector: SinkConnector<infer T, infer F> } ? ConfigSchema<T, F> : never;

/** The schema of each line, in order (a mapped tuple needs a type parameter to stay a tuple). */
type ConfigsOf<L extends readonly unknown[]> = { -readonly [K in keyof L]: ConfigOf<L[K]> };
type Configs = ConfigsOf<Lines>;

/** The config schema of every sink (generated from its field table); conflux.yaml's `sink` is their union. */
export const sinkConfigs = sinkLines.map((line) => configSchema(line.connector)) as unknown as Configs;

/** Every sink `type` a task may name. */
export const sinkTypes: readonly string[] = sinkLines.map((line) => line.connector.type);

/** Every sink conflux ships; each entry's folder holds its code. */
export const sinks: FunctionEntry[] = sinkLines.map(({ connector }) => ({
  kind: 'sink',
  type: connector.type,
  name: `sink-${connector.type}`,
  dir: `functions/sinks/${connector.type}`,
  config: configSchema(connector),
  connector,
  triggers: connector.triggers,
}));

/** The line of a sink type, if conflux has one. */
export function findSink(type: string): SinkLine | undefined {
  return (sinkLines as readonly SinkLine[]).find((line) => line.connector.type === type);
}
