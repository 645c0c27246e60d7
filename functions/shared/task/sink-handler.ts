import type { SinkWriter } from '../../../bus/task/contract.js';
import type { SettingsCheck } from '../settings/deployed-settings.js';
import { TASK_ENV } from './task-env.js';
import { createTaskHandler, type TaskAnswer, type TaskHandler } from './task-handler.js';

export type { SinkResult } from './sink-batch.js';

/** The environment a deployed sink reads its task settings from (`conflux package` writes them). */
export const SINK_ENV = {
  /** The sink's settings as JSON, exactly the task's `sink` in conflux.yaml (`type` may be left out). */
  sink: 'CONFLUX_SINK',
  ...TASK_ENV,
} as const;

/** What a sink bundle plugs in: its type, its settings check (`settings.ts`) and its `send.ts` connect. */
export interface SinkHandlerOptions<C> {
  type: string;
  settings: SettingsCheck<C>;
  connect(config: C, context: { baseDir: string }): Promise<SinkWriter>;
  /** The environment to read (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

/** What a sink's Lambda entry answers, by trigger (see TaskAnswer). */
export type SinkAnswer = TaskAnswer;

/** A sink bundle's Lambda entry, with FC's as `.fc` and `.close()` to release the connection (tests). */
export type SinkHandler = TaskHandler;

/**
 * The entry points of a sink bundle: a task handler (task-handler.ts) whose output is the sink,
 * its settings in `CONFLUX_SINK` checked by the sink's settings check with `sink.<field>` paths.
 * The trigger is the task's source, named by `CONFLUX_SOURCE` (unset: Kafka).
 *
 * @example export const handler = createSinkHandler({ type: 'file', settings: fileSettings, connect }); export const fcHandler = handler.fc;
 */
export function createSinkHandler<C>(options: SinkHandlerOptions<C>): SinkHandler {
  return createTaskHandler({
    name: `sink-${options.type}`,
    output: {
      variable: SINK_ENV.sink,
      path: 'sink',
      what: 'the sink settings as JSON',
      type: options.type,
      settings: options.settings,
      connect: options.connect,
    },
    ...(options.env === undefined ? {} : { env: options.env }),
  });
}
