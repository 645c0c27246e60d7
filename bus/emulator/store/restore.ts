/**
 * How the tasks of conflux.yaml and those of the task store become the tasks of a starting
 * emulator. The file is the source of truth for the tasks it names:
 *
 * - a task only in the file starts, running;
 * - a task in both whose entry in the file is what the file said last time keeps the store's
 *   definition (API edits included) and state (running, paused, failed with its reason, stopped);
 * - a task in both whose entry in the file changed takes the file's definition and runs;
 *   a changed source or sink type is refused (`tasks[i].source.type: cannot change from kafka to
 *   http (delete the task first)`) and nothing starts;
 * - a task made through an API and absent from the file comes back as it was (the emulator keeps one
 *   that can no longer start as failed, with the reason);
 * - a task that came from the file and is no longer in it is deleted.
 */
import type { Issue } from '../../errors.js';
import type { TaskDefinition } from '../factory.js';
import type { StoredState, StoredTask, TaskOrigin } from './task-store.js';

/** One task to create at start, with the state it starts in. */
export interface RestoredTask<T extends TaskDefinition> {
  definition: T;
  state: StoredState;
  reason?: string;
  origin: TaskOrigin;
  fileDefinition?: T;
  createdAt?: string;
  /** How it came about: `new` (only in the file), `kept` (as stored), `file-changed` (the file's new definition). */
  how: 'new' | 'kept' | 'file-changed';
}

/** The tasks to create at start in order (file tasks first, in file order), and the stored ones to forget. */
export type RestorePlan<T extends TaskDefinition> =
  | { ok: true; tasks: RestoredTask<T>[]; removed: string[] }
  | { ok: false; issues: Issue[] };

/**
 * Plans a start from the store's tasks and the file's. `checkUpdate` says why one definition may
 * not replace another (the source and sink types are fixed); its issues come back under `tasks[i]`.
 * @example planRestore(store.list(), config.tasks, checkTaskUpdate)
 */
export function planRestore<T extends TaskDefinition>(
  stored: readonly StoredTask<T>[],
  fileTasks: readonly T[],
  checkUpdate: (before: T, after: T) => Issue[],
): RestorePlan<T> {
  const byName = new Map(stored.map((task) => [task.name, task]));
  const issues: Issue[] = [];
  const tasks: RestoredTask<T>[] = [];
  fileTasks.forEach((definition, index) => {
    const prior = byName.get(definition.name);
    if (prior === undefined) {
      tasks.push({ definition, state: 'running', origin: 'file', fileDefinition: definition, how: 'new' });
      return;
    }
    const refused = checkUpdate(prior.definition, definition);
    if (refused.length > 0) {
      issues.push(...refused.map((issue) => ({ ...issue, path: ['tasks', index, ...issue.path] })));
      return;
    }
    const unchanged =
      prior.fileDefinition !== undefined
        ? sameDefinition(prior.fileDefinition, definition)
        : sameDefinition(prior.definition, definition);
    const base = { origin: 'file' as const, fileDefinition: definition, createdAt: prior.createdAt };
    tasks.push(
      unchanged
        ? {
            ...base,
            // not edited through the API since: the file's own (a JSON store rounds 9007199254740993 and 1e-400)
            definition: sameDefinition(prior.definition, definition) ? definition : prior.definition,
            state: prior.state,
            ...(prior.reason === undefined ? {} : { reason: prior.reason }),
            how: 'kept',
          }
        : { ...base, definition, state: 'running', how: 'file-changed' },
    );
  });
  if (issues.length > 0) return { ok: false, issues };
  const named = new Set(fileTasks.map((task) => task.name));
  const removed: string[] = [];
  for (const task of stored) {
    if (named.has(task.name)) continue;
    if (task.origin === 'file') {
      removed.push(task.name);
      continue;
    }
    tasks.push({
      definition: task.definition,
      state: task.state,
      ...(task.reason === undefined ? {} : { reason: task.reason }),
      origin: 'api',
      createdAt: task.createdAt,
      how: 'kept',
    });
  }
  return { ok: true, tasks, removed };
}

/** Two definitions are the same when their JSON is, whatever the order of their keys. */
export function sameDefinition(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : item,
  );
}
