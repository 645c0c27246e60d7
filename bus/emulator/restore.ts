import { ConfluxError, type Issue } from '../errors.js';
import type { TaskDefinition, TaskFactory } from './factory.js';
import { planRestore, type RestoredTask } from './store/restore.js';
import type { StoredTask } from './store/task-store.js';

/** Tasks that cannot be restored at start (a type changed in conflux.yaml, the quota): nothing starts. */
export class RestoreError extends ConfluxError {
  constructor(
    message: string,
    readonly issues: Issue[],
  ) {
    super('task.restore', message);
  }
}

/**
 * The tasks a start brings back (rules in store/restore.ts), each definition validated, and the
 * stored ones to forget. Throws RestoreError with every problem, before anything has changed, when
 * a type changed, the tasks exceed the quota or a definition is no longer valid.
 *
 * @example const { tasks, removed } = checkedRestore(store.list(), config.tasks, factory)
 */
export function checkedRestore<T extends TaskDefinition>(
  stored: readonly StoredTask<T>[],
  fileTasks: readonly T[],
  factory: TaskFactory<T>,
): { tasks: RestoredTask<T>[]; removed: string[] } {
  const plan = planRestore(stored, fileTasks, (a, b) => factory.checkUpdate(a, b));
  if (!plan.ok) throw new RestoreError('conflux.yaml changes what the task store holds', plan.issues);
  if (plan.tasks.length > factory.quota) {
    const fromApi = plan.tasks.filter((t) => t.origin === 'api').length;
    const message = `${plan.tasks.length} tasks (${plan.tasks.length - fromApi} in conflux.yaml, ${fromApi} made through the API) exceed the quota of ${factory.quota}; delete tasks or raise quota`;
    throw new RestoreError(message, [{ path: ['tasks'], message }]);
  }
  const tasks = plan.tasks.map((task) => {
    const result = factory.validate(task.definition);
    if (!result.ok) {
      const which =
        task.origin === 'api'
          ? `stored task ${task.definition.name} is no longer valid`
          : `task ${task.definition.name} is not valid`;
      throw new RestoreError(which, result.issues);
    }
    return { ...task, definition: result.task };
  });
  return { tasks, removed: plan.removed };
}
