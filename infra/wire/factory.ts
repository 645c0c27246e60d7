import type { TaskFactory } from '../../bus/emulator/factory.js';
import { resetOffsets, showOffsets } from '../../bus/log/offsets-reset.js';
import { consumerGroupOf } from '../../functions/sources/kafka/config.js';
import { type Config, checkTaskUpdate, defaultConsumerGroup, type TaskConfig, validateTask } from '../config/index.js';
import { deadLetterIndexOf } from './dead-letters.js';
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
      const store = deadLetterIndexOf(task, context.dataDir);
      if (source.type !== 'kafka') return { ...parts, ...(store === undefined ? {} : { deadLetters: store }) };
      const group = { group: consumerGroupOf(source, defaultConsumerGroup(task.name)).name, topic: source.topic };
      const target = source.brokers === undefined ? { log: context.log } : { brokers: source.brokers };
      const offsets = () => showOffsets(group, target);
      return {
        ...parts,
        ...(store === undefined ? {} : { deadLetters: store }),
        offsets,
        resetOffsets: (to) => resetOffsets({ ...group, to }, target),
        // A group that never committed starts at the end with `offset: latest`: nothing is behind yet.
        backlog: async () =>
          (await offsets()).reduce(
            (sum, p) => sum + (p.committed === null && source.offset === 'latest' ? 0 : p.lag),
            0,
          ),
      };
    },
  };
}
