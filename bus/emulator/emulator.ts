import { ConfluxError } from '../errors.js';
import { Task, type TaskListener } from './task.js';
import type { TaskParts } from './types.js';

/** A task as the task API shows it. */
export interface TaskView {
  name: string;
  state: string;
  reason?: string;
  metrics: {
    eventsIn: number;
    eventsOut: number;
    eventsFiltered: number;
    deadLettered: number;
    dropped: number;
    retries: number;
    lastHeartbeat: string | null;
    delayMs: number | null;
  };
}

/** The tasks of one emulator process, by name. */
export class Emulator {
  private readonly tasks = new Map<string, Task>();

  constructor(private readonly listener: TaskListener = {}) {}

  /** Adds a task and (unless told not to) starts it; a taken name is refused. */
  async add(parts: TaskParts, options: { start?: boolean } = {}): Promise<Task> {
    if (this.tasks.has(parts.name))
      throw new ConfluxError('task.exists', `a task named ${parts.name} exists already`, { path: 'name' });
    const task = new Task(parts, this.listener);
    this.tasks.set(task.name, task);
    if (options.start ?? true) await task.start();
    return task;
  }

  /** The task of that name, or undefined. */
  get(name: string): Task | undefined {
    return this.tasks.get(name);
  }

  /** Stops a task and forgets it. */
  async remove(name: string): Promise<boolean> {
    const task = this.tasks.get(name);
    if (task === undefined) return false;
    this.tasks.delete(name);
    await task.stop();
    return true;
  }

  /** How many tasks there are (for the quota). */
  get size(): number {
    return this.tasks.size;
  }

  /** One task's view, or undefined. */
  view(name: string): TaskView | undefined {
    const task = this.tasks.get(name);
    if (task === undefined) return undefined;
    const { lastHeartbeat, lastEventTime, batches: _batches, ...counts } = task.counters;
    return {
      name,
      ...task.status(),
      metrics: {
        ...counts,
        lastHeartbeat: lastHeartbeat === null ? null : new Date(lastHeartbeat).toISOString(),
        delayMs: lastEventTime === null || lastHeartbeat === null ? null : lastHeartbeat - lastEventTime,
      },
    };
  }

  /** Every task's view, in the order they were added. */
  list(): TaskView[] {
    return [...this.tasks.keys()].map((name) => this.view(name)!);
  }

  /** Stops every task (each abandons the batch in hand uncommitted and closes its sink). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.tasks.values()].map((task) => task.stop()));
  }
}
