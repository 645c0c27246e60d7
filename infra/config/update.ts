import type { Issue } from '../../bus/errors.js';

interface Typed {
  source: { type: string };
  sink: { type: string };
}

/**
 * Why a task may not be updated from `before` to `after`: its source and sink types are
 * fixed once created (delete the task and create it anew to change them). Empty when the update is allowed.
 * @example checkTaskUpdate(task, { ...task, sink: { type: 'stdout' } }) // → [{path: ['sink', 'type'], message: …}]
 */
export function checkTaskUpdate(before: Typed, after: Typed): Issue[] {
  const issues: Issue[] = [];
  for (const part of ['source', 'sink'] as const) {
    const was = before[part].type;
    const now = after[part].type;
    if (was !== now) {
      issues.push({
        path: [part, 'type'],
        message: `cannot change from ${was} to ${now} (delete the task first)`,
      });
    }
  }
  return issues;
}

/** checkTaskUpdate for every task of `after` that `before` has by name, with paths into `after` (`tasks[2].sink.type`). */
export function checkConfigUpdate(
  before: { tasks: readonly (Typed & { name: string })[] },
  after: { tasks: readonly (Typed & { name: string })[] },
): Issue[] {
  const old = new Map(before.tasks.map((task) => [task.name, task]));
  return after.tasks.flatMap((task, index) => {
    const previous = old.get(task.name);
    if (previous === undefined) return [];
    return checkTaskUpdate(previous, task).map((issue) => ({ ...issue, path: ['tasks', index, ...issue.path] }));
  });
}
