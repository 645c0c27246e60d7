import type { Task } from '../task/task.js';
import type { TaskDefinition } from './factory.js';
import type { RestoredTask } from './store/restore.js';
import type { StoredState, StoredTask, TaskStore } from './store/task-store.js';
import type { TaskView } from './view.js';

/**
 * The emulator's bookkeeping in its task store, when it has one (without one, every call does
 * nothing): each task's definition, state and origin, written before the API call that changed
 * them returns, so a restart brings the tasks back as they were.
 */
export class TaskRecords<T extends TaskDefinition> {
  constructor(private readonly store: TaskStore<T> | undefined) {}

  /** The stored tasks (none without a store). */
  list(): StoredTask<T>[] {
    return this.store?.list() ?? [];
  }

  /** Records a task just added, in the state it came to (`failed` with why, when it could not start). */
  async created(task: Omit<RestoredTask<T>, 'how'>, state: StoredState, reason: string | undefined): Promise<void> {
    await this.store?.create({
      definition: task.definition,
      state,
      ...(reason === undefined ? {} : { reason }),
      origin: task.origin,
      ...(task.fileDefinition === undefined ? {} : { fileDefinition: task.fileDefinition }),
      ...(task.createdAt === undefined ? {} : { createdAt: task.createdAt }),
    });
  }

  /** Records a task's new definition. */
  async updated(name: string, definition: T): Promise<void> {
    await this.store?.update(name, definition);
  }

  /** Forgets a task. */
  async deleted(name: string): Promise<void> {
    await this.store?.delete(name);
  }

  /** Records a stored task's current state (created counts as paused: it does not start by itself). */
  async stateOf(name: string, status: ReturnType<Task['status']>): Promise<void> {
    if (this.store === undefined || this.store.get(name) === undefined) return;
    const { state, reason } = status;
    const stored: StoredState = state === 'created' ? 'paused' : state;
    await this.store.setState(name, stored, reason);
  }

  /** A view with where the task came from and its times, when the store keeps it. */
  withRecord(view: TaskView): TaskView {
    const stored = this.store?.get(view.name);
    if (stored === undefined) return view;
    return { ...view, origin: stored.origin, createdAt: stored.createdAt, updatedAt: stored.updatedAt };
  }

  /** Resolves once every write so far has landed (a failed one too). */
  async flushed(): Promise<void> {
    await this.store?.flushed().catch(() => {});
  }
}
