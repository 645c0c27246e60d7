import { DeadLetterIndex } from '../../bus/emulator/store/dead-letter-index.js';
import type { TaskConfig } from '../config/index.js';

/**
 * The dead-letter index of a task that has a dead-letter target, in the data directory: every
 * letter the task gives up on is written to its target (a topic, a file, a table, an endpoint…)
 * and to this index, which is what listing and redrive read, whatever the target. Undefined
 * without a target (failed events are dropped) or without a data directory.
 */
export function deadLetterIndexOf(task: TaskConfig, dataDir: string | undefined): DeadLetterIndex | undefined {
  if (task.errors.deadLetter === undefined || dataDir === undefined) return undefined;
  return new DeadLetterIndex(dataDir, task.name);
}
