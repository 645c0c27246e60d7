import type { HttpIngress } from '../../bus/emulator/http/ingress.js';
import { ConfluxError } from '../../bus/errors.js';
import type { TaskSource } from '../../bus/task/contract.js';
import type { SourceModule as ConnectorSourceModule } from '../../functions/shared/settings/connector.js';
import { findSourceLoader } from '../../functions/sources/index.js';

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
 * Its loader is the source's line in functions/sources/index.ts.
 */
export interface SourceModule extends ConnectorSourceModule {
  openSource(config: never, context: SourceContext): Promise<TaskSource>;
}

/** Loads the module of a non-Kafka source type. */
export async function loadSource(type: string): Promise<SourceModule> {
  const load = findSourceLoader(type);
  if (load === undefined) {
    throw new ConfluxError('task.source', `the ${type} source cannot run in the emulator yet`, { path: 'source.type' });
  }
  const module: SourceModule = await load();
  return module;
}
