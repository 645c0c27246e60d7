import type { Writable } from 'node:stream';
import type { AlibabaCredentials } from '../../bus/emulator/alibaba/credentials.js';
import { alibabaRoutes } from '../../bus/emulator/alibaba/http.js';
import { consoleRoutes } from '../../bus/emulator/console/routes.js';
import { Emulator } from '../../bus/emulator/emulator.js';
import { eventBridgeRoutes } from '../../bus/emulator/eventbridge/http.js';
import type { TargetFailure } from '../../bus/emulator/eventbridge/targets.js';
import { connectorRoutes } from '../../bus/emulator/http/connectors-api.js';
import type { ExposureOptions } from '../../bus/emulator/http/exposure.js';
import { HttpIngress } from '../../bus/emulator/http/ingress.js';
import { prometheusRoute } from '../../bus/emulator/http/prometheus.js';
import { serve } from '../../bus/emulator/http/server.js';
import { taskRoutes } from '../../bus/emulator/http/tasks-api.js';
import { TaskStore } from '../../bus/emulator/store/task-store.js';
import { openEmbeddedLog } from '../../bus/log/index.js';
import type { EventLog } from '../../bus/log/types.js';
import type { TaskListener } from '../../bus/task/task.js';
import { connectorCatalog } from '../../functions/catalog.js';
import { compileTransform } from '../../functions/transformers/compile.js';
import type { Config, TaskConfig } from '../config/index.js';
import { consoleTesters } from './console-testers.js';
import { taskFactory } from './factory.js';

/** A running emulator: its tasks, the embedded bus, the HTTP port; `close()` stops it all cleanly. */
export interface Streams {
  emulator: Emulator<TaskConfig>;
  log: EventLog;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts an emulator on a validated config, serving its APIs on 127.0.0.1:`port` to loopback Host
 * names plus `exposure.allowHosts`, behind `exposure.apiToken` when set: the tasks of the task store
 * in `dataDir` come back and those of the config start (the rules: bus/emulator/store/restore.ts).
 */
export async function startStreams(
  config: Config,
  options: {
    baseDir: string;
    dataDir: string;
    port: number;
    stdout?: Writable;
    listener?: TaskListener;
    /** When given, the Alibaba API checks every request's signature against them. */
    alibabaCredentials?: AlibabaCredentials;
    /** Told of every EventBridge target failure (entries throttled, accepted events not delivered). */
    onTargetFailure?: (failure: TargetFailure) => void;
    exposure?: ExposureOptions;
    /** Folders besides `baseDir` the console's FUNCTION tester may load handlers from. */
    handlerDirs?: string[];
  },
): Promise<Streams> {
  const log = await openEmbeddedLog(options.dataDir);
  const ingress = new HttpIngress();
  const context = {
    log,
    dataDir: options.dataDir,
    ingress,
    dialect: config.dialect,
    baseDir: options.baseDir,
    ...(options.stdout ? { stdout: options.stdout } : {}),
  };
  const store = await TaskStore.open<TaskConfig>(options.dataDir).catch(async (error: unknown) => {
    await log.close();
    throw error;
  });
  const emulator = new Emulator(taskFactory(config, context), {
    store,
    ...(options.listener === undefined ? {} : { listener: options.listener }),
  });
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  const schedules = new AbortController(); // scheduled EventBridge rules stop firing on close
  const close = async () => {
    schedules.abort();
    await emulator.stopAll();
    if (server !== undefined) await new Promise((resolve) => server!.server.close(resolve));
    await log.close();
  };
  try {
    server = await serve(
      [
        ...taskRoutes(emulator),
        prometheusRoute(emulator),
        // before the AWS API: both answer `/`, Alibaba's RPC style only for `?Action=` or a form body
        ...alibabaRoutes({
          tasks: emulator,
          transformer: (spec) => {
            const transform = compileTransform(spec, { baseDir: options.baseDir });
            return (event) => transform(event);
          },
          clusters: config.kafkaClusters,
          ...(options.alibabaCredentials ? { credentials: options.alibabaCredentials } : {}),
        }),
        ...eventBridgeRoutes(emulator, {
          signal: schedules.signal,
          ...(options.onTargetFailure === undefined ? {} : { onTargetFailure: options.onTargetFailure }),
        }),
        ...connectorRoutes(connectorCatalog()),
        ...consoleRoutes(
          consoleTesters({ dialect: config.dialect, baseDir: options.baseDir, handlerDirs: options.handlerDirs ?? [] }),
        ),
        ingress.route(), // HTTP sources' paths: last, so the APIs above always win
      ],
      options.port,
      options.exposure,
    );
    await emulator.restore(config.tasks);
  } catch (error) {
    await close();
    throw error;
  }
  return { emulator, log, port: server.port, close };
}
