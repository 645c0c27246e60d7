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
    lastHeartbeat: string | null;
    delayMs: number | null;
  };
}

/** The tasks of one emulator process. */
export class Emulator {
  private readonly tasks = new Map<string, Task>();

  constructor(
    private readonly listener: TaskListener = {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a task and starts it. */
  start(parts: TaskParts): Task {
    const task = new Task(parts, this.listener, this.now);
    this.tasks.set(task.name, task);
    task.start();
    return task;
  }

  /** One task's view, or undefined. */
  view(name: string): TaskView | undefined {
    const task = this.tasks.get(name);
    if (task === undefined) return undefined;
    const c = task.counters;
    return {
      name,
      ...task.status(),
      metrics: {
        eventsIn: c.eventsIn,
        eventsOut: c.eventsOut,
        eventsFiltered: c.eventsFiltered,
        lastHeartbeat: c.lastHeartbeat === null ? null : new Date(c.lastHeartbeat).toISOString(),
        delayMs: c.lastEventTime === null || c.lastHeartbeat === null ? null : c.lastHeartbeat - c.lastEventTime,
      },
    };
  }

  /** Every task's view, in the order they were added. */
  list(): TaskView[] {
    return [...this.tasks.keys()].map((name) => this.view(name)!);
  }

  /** Stops every task (each finishes the batch in hand and closes its sink). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.tasks.values()].map((task) => task.stop()));
  }
}
