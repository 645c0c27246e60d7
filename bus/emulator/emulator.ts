import { fromDeadLetter } from '../delivery/index.js';
import type { CloudEvent } from '../event.js';
import type { ResetTo } from '../log/offsets-reset.js';
import { ApiError, noSuchTask } from './api-error.js';
import type { BuiltTask, StoredDeadLetter, TaskDefinition, TaskFactory } from './factory.js';
import { Task, type TaskListener } from './task.js';
import { type TaskView, viewOf } from './view.js';

interface Entry<T> {
  definition: T;
  parts: BuiltTask;
  task: Task;
}

/**
 * The tasks of one emulator process: create, start, pause, update, delete, metrics and dead
 * letters — what the task API and `conflux run` call. Definitions are checked by the factory.
 */
export class Emulator<T extends TaskDefinition = TaskDefinition> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly factory: TaskFactory<T>,
    private readonly listener: TaskListener = {},
  ) {}

  /** Validates and adds a task, started unless `start: false`. Refuses bad definitions, taken names and the quota. */
  async create(raw: unknown, options: { start?: boolean } = {}): Promise<TaskView> {
    const definition = this.validate(raw);
    if (this.entries.has(definition.name))
      throw new ApiError(409, 'task.exists', `a task named ${definition.name} exists already`);
    if (this.entries.size >= this.factory.quota) {
      throw new ApiError(400, 'task.quota', `the quota of ${this.factory.quota} tasks is reached; delete a task first`);
    }
    const parts = await this.factory.build(definition);
    const task = new Task(parts, this.listener);
    this.entries.set(definition.name, { definition, parts, task });
    if (options.start ?? true) await task.start();
    return this.view(definition.name);
  }

  /** Replaces a task's definition (same name; source and sink types cannot change), keeping it running (or paused) if it was. */
  async update(name: string, raw: unknown): Promise<TaskView> {
    const entry = this.entry(name);
    const definition = this.validate(raw);
    if (definition.name !== name)
      throw new ApiError(400, 'task.rename', `the name cannot change (${name} → ${definition.name})`);
    const issues = this.factory.checkUpdate(entry.definition, definition);
    if (issues.length > 0) throw new ApiError(400, 'task.update', 'this update is not allowed', issues);
    const parts = await this.factory.build(definition);
    const was = entry.task.status().state;
    const wasRunning = was === 'running';
    await entry.task.stop();
    const task = new Task(parts, this.listener, was === 'paused' ? { state: 'paused' } : undefined);
    this.entries.set(name, { definition, parts, task });
    if (wasRunning) await task.start();
    return this.view(name);
  }

  /** Starts or resumes a task from its last committed offsets. */
  async start(name: string): Promise<TaskView> {
    await this.entry(name).task.start();
    return this.view(name);
  }

  /** Pauses a task; what it had not committed is delivered again on resume. */
  async pause(name: string): Promise<TaskView> {
    await this.entry(name).task.pause();
    return this.view(name);
  }

  /** Stops a task and forgets it. */
  async remove(name: string): Promise<void> {
    const entry = this.entry(name);
    this.entries.delete(name);
    await entry.task.stop();
  }

  /** A task's definition as validated (defaults filled in). */
  definition(name: string): T {
    return this.entry(name).definition;
  }

  /** One task's state and metrics, with the backlog read from its consumer group when asked. */
  view(name: string): TaskView {
    const entry = this.entry(name);
    return viewOf(entry.task);
  }

  /** Like `view`, plus the backlog (records not yet committed), which takes a round trip to the log. */
  async metrics(name: string): Promise<TaskView> {
    const entry = this.entry(name);
    const backlog = (await entry.parts.backlog?.()) ?? null;
    return viewOf(entry.task, backlog);
  }

  /** Every task's view, in the order they were created. */
  list(): TaskView[] {
    return [...this.entries.keys()].map((name) => this.view(name));
  }

  /** The newest `limit` dead letters of a task (empty when it has no dead-letter queue). */
  async deadLetters(name: string, limit = 100): Promise<StoredDeadLetter[]> {
    return (await this.entry(name).parts.deadLetters?.list(limit)) ?? [];
  }

  /** Delivers dead letters (all, or those with the given ids) again through the task's transform and sink. */
  async redrive(name: string, ids?: string[]) {
    const entry = this.entry(name);
    const stored = await this.deadLetters(name, Number.MAX_SAFE_INTEGER);
    const chosen = ids === undefined ? stored : stored.filter((d) => ids.includes(d.id));
    const outcome = await entry.task.redrive(chosen.map((d) => fromDeadLetter(d.deadLetter)));
    return { redriven: chosen.length, ...outcome, stop: outcome.stop === undefined ? undefined : String(outcome.stop) };
  }

  /**
   * Hands events from outside the task's source (an EventBridge rule target) to its transform,
   * lanes and sink, skipping its filter, as a redrive does.
   */
  async deliver(name: string, events: CloudEvent[]) {
    return this.entry(name).task.redrive(events);
  }

  /** The task's consumer-group offsets per partition (committed, range, lag). */
  async offsets(name: string) {
    const offsets = this.entry(name).parts.offsets;
    if (offsets === undefined) throw new ApiError(400, 'task.offsets', `task ${name} has no consumer group`);
    return offsets();
  }

  /** Moves a paused task's consumer-group offsets; a resume then reads from there. */
  async resetOffsets(name: string, to: ResetTo) {
    const entry = this.entry(name);
    if (entry.parts.resetOffsets === undefined)
      throw new ApiError(400, 'task.offsets', `task ${name} has no consumer group`);
    if (entry.task.status().state === 'running') {
      throw new ApiError(409, 'task.running', `pause task ${name} before resetting its offsets`);
    }
    return entry.parts.resetOffsets(to);
  }

  /** Stops every task (each abandons the batch in hand uncommitted and closes its sink). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => entry.task.stop()));
  }

  private validate(raw: unknown): T {
    const result = this.factory.validate(raw);
    if (!result.ok) throw new ApiError(400, 'task.invalid', 'the task definition is not valid', result.issues);
    return result.task;
  }

  private entry(name: string): Entry<T> {
    const entry = this.entries.get(name);
    if (entry === undefined) throw noSuchTask(name);
    return entry;
  }
}
