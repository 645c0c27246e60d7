import type { Writable } from 'node:stream';
import { Emulator } from '../../bus/emulator/emulator.js';
import { serve } from '../../bus/emulator/http.js';
import type { TaskListener } from '../../bus/emulator/task.js';
import { openEmbeddedLog } from '../../bus/log/index.js';
import type { EventLog } from '../../bus/log/types.js';
import type { Config } from '../config/index.js';
import { wireTask } from './task.js';

/** A running emulator: its tasks, the embedded bus, the HTTP port; `close()` stops it all cleanly. */
export interface Streams {
  emulator: Emulator;
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
  const emulator = new Emulator(options.listener);
  const { server, port } = await serve(emulator, options.port);
  const close = async () => {
    await emulator.stopAll();
    await new Promise((resolve) => server.close(resolve));
    await log.close();
  };
  try {
    for (const task of config.tasks) {
      const parts = await wireTask(task, {
        log,
        dialect: config.dialect,
        baseDir: options.baseDir,
        ...(options.stdout ? { stdout: options.stdout } : {}),
      });
      await emulator.add(parts);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { emulator, log, port, close };
}
