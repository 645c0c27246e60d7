import type { HttpIngress } from '../../bus/emulator/http/ingress.js';
import { ConfluxError } from '../../bus/errors.js';
import type { StoredRecord } from '../../bus/log/types.js';
import type { DecodedEvent, TaskSource } from '../../bus/task/contract.js';

/** What a non-Kafka source's `connect` gets besides its own settings. */
export interface SourceContext {
  /** The task's name (an HTTP source without `path` listens on /sources/<task>). */
  task: string;
  /** The folder conflux.yaml lives in. */
  baseDir: string;
  /** The data directory (`.conflux/`): sources without a broker to acknowledge to keep their positions there. */
  dataDir: string;
  /** The paths of the emulator's HTTP server that HTTP sources listen on. */
  ingress: HttpIngress;
}

/**
 * A non-Kafka source as a task runs it. `openSource` is called at every start or resume; its
 * records carry offsets it numbers itself, and `commit(…, nextOffset)` acknowledges to the broker
 * every record below `nextOffset` (so an unacknowledged message is delivered again after a crash).
 */
export interface SourceModule {
  openSource(config: never, context: SourceContext): Promise<TaskSource>;
  /** A record → the CloudEvent the source emits; `withText` asks for the event's compact JSON too. */
  decode(record: StoredRecord, options: { withText: boolean }): DecodedEvent;
}

/** Source type → its `receive.ts`, loaded only when a task uses it. Kafka is wired apart (infra/wire/task.ts). */
const sources: Record<string, () => Promise<SourceModule>> = {
  http: () => import('../../functions/sources/http/receive.js'),
  rabbitmq: () => import('../../functions/sources/rabbitmq/receive.js'),
  mqtt: () => import('../../functions/sources/mqtt/receive.js'),
  nats: () => import('../../functions/sources/nats/receive.js'),
  'file-tail': () => import('../../functions/sources/file-tail/receive.js'),
  'postgres-cdc': () => import('../../functions/sources/postgres-cdc/receive.js'),
  'mysql-cdc': () => import('../../functions/sources/mysql-cdc/receive.js'),
};

/** Loads the module of a non-Kafka source type. */
export async function loadSource(type: string): Promise<SourceModule> {
  const load = sources[type];
  if (load === undefined) {
    throw new ConfluxError('task.source', `the ${type} source cannot run in the emulator yet`, { path: 'source.type' });
  }
  return load();
}
