import type { StoredRecord } from '../../../bus/log/types.js';
import type { DecodedEvent, SinkWriter, TaskSource } from '../../../bus/task/contract.js';
import type { Fields, Refine, ValueOf } from './field-table.js';

/**
 * A connector declared once, in its own folder's `connector.ts`: its type and role, its field
 * table (field-table.ts) and docs. With the loader of its implementation (its line in
 * sinks/index.ts or sources/index.ts) everything else is derived from it: the conflux.yaml
 * schema, the deployed check, the emulator's wiring, the README tables and the console's forms.
 * No zod and no loader here: a deployed function imports its declaration, and a dynamic import
 * would split its bundle.
 */
interface Declared<T extends string, F extends Fields> {
  type: T;
  /** One sentence: what the connector does. */
  doc: string;
  /** A conflux.yaml line using it, e.g. `sink: { type: file, path: out.jsonl }`. */
  example: string;
  fields: F;
  /** Checks across fields, on the settings with defaults filled (both the schema and the deployed check run it). */
  refine?: Refine;
}

/**
 * The settings of a connector once checked, from its type and its table (not from the declaration,
 * whose loader's module uses this type).
 * @example export type RedisSinkConfig = SettingsOf<'redis', typeof fields>;
 */
export type SettingsOf<T extends string, F extends Fields> = { type: T } & ValueOf<F>;

/** What a sink's `send.ts` gives the emulator and its bundle. */
export interface SinkModule {
  connect(config: never, context: never): Promise<SinkWriter>;
}

/** A sink: its table, and what a deployed function needs besides. */
export interface SinkConnector<T extends string = string, F extends Fields = Fields> extends Declared<T, F> {
  role: 'sink';
  /**
   * The field a deployed function must be given although the emulator has a local default
   * (there is no 127.0.0.1 broker in the cloud), and the words for it.
   */
  deployedRequires?: { field: string; what: string };
}

/** What a non-Kafka source's `receive.ts` gives the emulator. */
export interface SourceModule {
  openSource(config: never, context: never): Promise<TaskSource>;
  /** A record → the CloudEvent the source emits; `withText` asks for the event's compact JSON too. */
  decode(record: StoredRecord, options: { withText: boolean }): DecodedEvent;
}

/** A source: its table. */
export interface SourceConnector<T extends string = string, F extends Fields = Fields> extends Declared<T, F> {
  role: 'source';
}

/** Either role. */
export type Connector = SinkConnector | SourceConnector;

/** Declares a sink, keeping its literal type and table for the types derived from it. */
export function defineSink<const T extends string, const F extends Fields>(
  declaration: Omit<SinkConnector<T, F>, 'role'> & { deployedRequires?: { field: keyof F & string } },
): SinkConnector<T, F> {
  return { role: 'sink', ...declaration };
}

/** Declares a source, keeping its literal type and table for the types derived from it. */
export function defineSource<const T extends string, const F extends Fields>(
  declaration: Omit<SourceConnector<T, F>, 'role'>,
): SourceConnector<T, F> {
  return { role: 'source', ...declaration };
}
