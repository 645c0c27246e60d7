import type { TaskFactory } from '../../bus/emulator/factory.js';
import { resetOffsets, showOffsets } from '../../bus/log/offsets-reset.js';
import { consumerGroupOf } from '../../functions/sources/kafka/config.js';
import { checkTransform } from '../../functions/transformers/compile.js';
import { type Config, checkTaskUpdate, defaultConsumerGroup, type TaskConfig, validateTask } from '../config/index.js';
import { redactTask, restoreSecrets, scrubSecrets, taskSecrets } from '../config/secrets.js';
import { deadLetterIndexOf } from './dead-letters.js';
import { plainMessage } from './plain-message.js';
import { type WireContext, wireTask } from './task.js';

/** The emulator's task factory: conflux.yaml rules for definitions, `wireTask` for running parts. */
export function taskFactory(config: Pick<Config, 'quota' | 'dialect'>, context: WireContext): TaskFactory<TaskConfig> {
  return {
    quota: config.quota,
    validate(raw) {
      const result = validateTask(raw, { dialect: config.dialect });
      if (!result.ok) return { ok: false, issues: result.issues };
      // what only the project folder can tell (a FUNCTION handler's file), named by its field, as written
      const issues = (result.value.transform === undefined ? [] : checkTransform(result.value.transform, context)).map(
        (issue) => ({ path: ['transform', ...issue.path], message: plainMessage(issue.message, context.baseDir) }),
      );
      return issues.length === 0 ? { ok: true, task: result.value } : { ok: false, issues };
    },
    checkUpdate: (before, after) => checkTaskUpdate(before, after),
    redact: (task) => redactTask(task),
    restoreSecrets: (before, raw) => restoreSecrets(before, raw),
    scrub: (task, text) => plainMessage(scrubSecrets(text, taskSecrets(task)), context.baseDir),
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
