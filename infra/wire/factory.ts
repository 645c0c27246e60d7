import type { TaskFactory } from '../../bus/emulator/factory.js';
import { type Config, checkTaskUpdate, type TaskConfig, validateTask } from '../config/index.js';
import { deadLetterStore, embeddedBacklog } from './dead-letters.js';
import { type WireContext, wireTask } from './task.js';

/** The emulator's task factory: conflux.yaml rules for definitions, `wireTask` for running parts. */
export function taskFactory(config: Pick<Config, 'quota' | 'dialect'>, context: WireContext): TaskFactory<TaskConfig> {
  return {
    quota: config.quota,
    validate(raw) {
      const result = validateTask(raw, { dialect: config.dialect });
      return result.ok ? { ok: true, task: result.value } : { ok: false, issues: result.issues };
    },
    checkUpdate: (before, after) => checkTaskUpdate(before, after),
    async build(task) {
      const parts = await wireTask(task, context);
      const { source } = task;
      const store = deadLetterStore(task.errors.deadLetter, context.log);
      return {
        ...parts,
        ...(store === undefined ? {} : { deadLetters: store }),
        backlog: async () =>
          source.type === 'kafka' && source.brokers === undefined
            ? embeddedBacklog(
                context.log,
                source.topic,
                source.consumerGroup ?? `GID_conflux_${task.name}`,
                source.offset,
              )
            : null,
      };
    },
  };
}
