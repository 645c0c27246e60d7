import type { Writable } from 'node:stream';
import { consoleRoutes } from '../../bus/emulator/console/routes.js';
import { Emulator } from '../../bus/emulator/emulator.js';
import { eventBridgeRoutes } from '../../bus/emulator/eventbridge/http.js';
import { HttpIngress } from '../../bus/emulator/http/ingress.js';
import { prometheusRoute } from '../../bus/emulator/http/prometheus.js';
import { serve } from '../../bus/emulator/http/server.js';
import { taskRoutes } from '../../bus/emulator/http/tasks-api.js';
import type { TaskListener } from '../../bus/emulator/task.js';
import { openEmbeddedLog } from '../../bus/log/index.js';
import type { EventLog } from '../../bus/log/types.js';
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

/** Starts every task of a validated config on one emulator, serving its APIs on 127.0.0.1:`port`. */
export async function startStreams(
  config: Config,
  options: { baseDir: string; dataDir: string; port: number; stdout?: Writable; listener?: TaskListener },
): Promise<Streams> {
  const log = await openEmbeddedLog(options.dataDir);
  const ingress = new HttpIngress();
  const context = {
    log,
    ingress,
    dialect: config.dialect,
    baseDir: options.baseDir,
    dataDir: options.dataDir,
    ...(options.stdout ? { stdout: options.stdout } : {}),
  };
  const emulator = new Emulator(taskFactory(config, context), options.listener);
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
        ...eventBridgeRoutes(emulator, { signal: schedules.signal }),
        ...consoleRoutes(consoleTesters({ dialect: config.dialect, baseDir: options.baseDir })),
        ingress.route(), // HTTP sources' paths: last, so the APIs above always win
      ],
      options.port,
    );
    for (const task of config.tasks) await emulator.create(task);
  } catch (error) {
    await close();
    throw error;
  }
  return { emulator, log, port: server.port, close };
}
