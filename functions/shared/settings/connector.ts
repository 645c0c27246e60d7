import { ConfluxError } from '../../../bus/errors.js';
import type { StoredRecord } from '../../../bus/log/types.js';
import type { DecodedEvent, SinkWriter, TaskSource } from '../../../bus/task/contract.js';
import type { Triggers } from '../../adapters/triggers.js';
import type { Fields, Refine, ValueOf } from './field-table.js';

/**
 * A connector declared once, in its own folder's `connector.ts`: its type and role, its field
 * table (field-table.ts) and docs. With the loader of its implementation (its line in
 * sinks/index.ts or sources/index.ts) everything else is derived from it: the conflux.yaml
 * schema, the deployed check, the emulator's wiring, the bundles and serverless.yml (from its
 * `triggers`), the README tables and the console's forms.
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
   * What invokes the sink's function deployed on its own (the repository's serverless.yml): Kafka
   * records, and EventBridge on Function Compute. Deployed for a task (`conflux package`), it is
   * invoked by the trigger its task's source declares.
   */
  triggers: Triggers;
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

/** A source: its table, and the triggers it is deployed on (none: it runs in the emulator only). */
export interface SourceConnector<T extends string = string, F extends Fields = Fields> extends Declared<T, F> {
  role: 'source';
  /** The Lambda and FC triggers a deployed task with this source is invoked by; omitted: not deployable. */
  triggers?: Triggers;
  /** Without `triggers`: why, after "<type> sources cannot be deployed: " (what `conflux package` answers). */
  noTrigger?: string;
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
  declaration: Omit<SourceConnector<T, F>, 'role' | 'triggers' | 'noTrigger'> &
    ({ triggers: Triggers; noTrigger?: never } | { triggers?: never; noTrigger: string }),
): SourceConnector<T, F> {
  return { role: 'source', ...declaration };
}

/** Why a source cannot be deployed, after "<type> sources cannot be deployed: ". */
export function noTriggerReason(connector: SourceConnector): string {
  return (
    connector.noTrigger ?? `its declaration (functions/sources/${connector.type}/connector.ts) names no \`triggers\``
  );
}

/**
 * The triggers a connector is deployed on; a source declared without `triggers` is refused
 * (`connector.not-deployed`, naming the field and why).
 *
 * @example deployedTriggers(httpSource) // { lambda: ['httpApi'], fc: ['eventbridge'] }
 */
export function deployedTriggers(connector: Connector): Triggers {
  if (connector.role === 'sink') return connector.triggers;
  if (connector.triggers !== undefined) return connector.triggers;
  const why = connector.noTrigger === undefined ? '' : `: ${connector.noTrigger}`;
  throw new ConfluxError(
    'connector.not-deployed',
    `the ${connector.type} source cannot be deployed: its declaration (functions/sources/${connector.type}/connector.ts) names no \`triggers\`${why}`,
  );
}
