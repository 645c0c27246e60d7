import { ConfluxError, messageOf } from '../errors.js';
import type { CloudEvent } from '../event.js';
import type { ResetTo } from '../log/offsets-reset.js';
import type { TaskState } from '../task/contract.js';
import { Task, type TaskListener } from '../task/task.js';
import { ApiError, noSuchTask } from './api-error.js';
import type { BuiltTask, StoredDeadLetter, TaskDefinition, TaskFactory } from './factory.js';
import { type RedriveRequest, type RedriveResult, redriveDeadLetters } from './redrive.js';
import { checkedRestore } from './restore.js';
import { scrubbedView, scrubbingListener } from './scrub.js';
import type { RestoredTask } from './store/restore.js';
import type { StoredState, TaskOrigin, TaskStore } from './store/task-store.js';
import { TaskRecords } from './task-records.js';
import { type TaskView, viewOf } from './view.js';

// RestoreError moved to restore.ts; callers keep importing it from here
export { RestoreError } from './restore.js';

interface Entry<T> {
  definition: T;
  parts: BuiltTask;
  task: Task;
}

/**
 * The tasks of one emulator process: create, start, pause, update, delete, metrics and dead
 * letters — what the task API and `conflux run` call. Definitions are checked by the factory.
 * With a task store, every change of definition or state is written to it before the call
 * returns, and `restore` brings the stored tasks back at start.
 */
export class Emulator<T extends TaskDefinition = TaskDefinition> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly listener: TaskListener;
  private readonly records: TaskRecords<T>;
  private closing = false;

  constructor(
    private readonly factory: TaskFactory<T>,
    options: { listener?: TaskListener; store?: TaskStore<T> } = {},
  ) {
    this.listener = options.listener ?? {};
    this.records = new TaskRecords(options.store);
  }

  /**
   * Validates and adds a task, started unless `start: false`. Refuses bad definitions, taken names
   * and the quota; a task whose source cannot open (its consumer group must exist but does not, say)
   * is refused too, with the reason.
   */
  async create(raw: unknown, options: { start?: boolean; origin?: TaskOrigin } = {}): Promise<TaskView> {
    const definition = this.validate(raw);
    if (this.entries.has(definition.name))
      throw new ApiError(409, 'task.exists', `a task named ${definition.name} exists already`);
    if (this.entries.size >= this.factory.quota) {
      throw new ApiError(400, 'task.quota', `the quota of ${this.factory.quota} tasks is reached; delete a task first`);
    }
    const start = options.start ?? true;
    // never started: `created` in memory (Alibaba's READY), stored as paused (it does not start by itself)
    await this.add(
      { definition, state: start ? 'running' : 'paused', origin: options.origin ?? 'api' },
      { neverStarted: !start },
    );
    return this.view(definition.name);
  }

  /**
   * Brings back the stored tasks and those of conflux.yaml (rules in store/restore.ts): throws
   * RestoreError with every problem, before anything starts, when a type changed or the tasks
   * exceed the quota; a conflux.yaml task that cannot start stops the start too, while a task made
   * through the API comes back failed with the reason. Without a store, creates the file's tasks.
   */
  async restore(fileTasks: readonly T[]): Promise<void> {
    const { tasks, removed } = checkedRestore(this.records.list(), fileTasks, this.factory);
    // nothing has changed until here
    for (const name of removed) await this.records.deleted(name);
    for (const task of tasks) {
      // an API task that can no longer start comes back failed, with why; a conflux.yaml task stops the start
      await this.add(task, { keepIfStartFails: task.origin === 'api' });
    }
  }

  /** Replaces a task's definition (same name; source and sink types cannot change), keeping its state. */
  async update(name: string, raw: unknown): Promise<TaskView> {
    const entry = this.entry(name);
    const definition = this.validate(this.factory.restoreSecrets?.(entry.definition, raw) ?? raw);
    if (definition.name !== name)
      throw new ApiError(400, 'task.rename', `the name cannot change (${name} → ${definition.name})`);
    const issues = this.factory.checkUpdate(entry.definition, definition);
    if (issues.length > 0) throw new ApiError(400, 'task.update', 'this update is not allowed', issues);
    const parts = await this.factory.build(definition);
    const before = entry.task.status();
    await entry.task.stop();
    const initial = before.state === 'running' ? undefined : { state: before.state, reason: before.reason };
    this.entries.set(name, { definition, parts, task: this.newTask(definition, parts, initial) });
    await this.records.updated(name, definition);
    if (before.state === 'running') return this.start(name);
    await this.persistState(name);
    return this.view(name);
  }

  /** Starts or resumes a task from its last committed offsets. */
  async start(name: string): Promise<TaskView> {
    const entry = this.entry(name);
    try {
      await entry.task.start();
    } catch (error) {
      // the task is failed now, with the reason; the store says so too
      throw new ApiError(400, 'task.start', `task ${name} cannot start: ${messageOf(error)}`);
    } finally {
      await this.persistState(name);
    }
    return this.view(name);
  }

  /** Pauses a task; what it had not committed is delivered again on resume. */
  async pause(name: string): Promise<TaskView> {
    await this.entry(name).task.pause();
    await this.persistState(name);
    return this.view(name);
  }

  /** Stops a task and forgets it. */
  async remove(name: string): Promise<void> {
    const entry = this.entry(name);
    this.entries.delete(name);
    await entry.task.stop();
    await this.records.deleted(name);
  }

  /** A task's definition as validated (defaults filled in). */
  definition(name: string): T {
    return this.entry(name).definition;
  }

  /** A task's definition as answers show it: its secrets redacted. */
  shownDefinition(name: string): T {
    const { definition } = this.entry(name);
    return this.factory.redact?.(definition) ?? definition;
  }

  /** One task's state and metrics, with the backlog read from its consumer group when asked. */
  view(name: string): TaskView {
    const entry = this.entry(name);
    return this.records.withRecord(scrubbedView(this.factory, entry.definition, viewOf(entry.task)));
  }

  /** Like `view`, plus the backlog (records not yet committed), which takes a round trip to the log. */
  async metrics(name: string): Promise<TaskView> {
    const entry = this.entry(name);
    const backlog = (await entry.parts.backlog?.()) ?? null;
    return this.records.withRecord(scrubbedView(this.factory, entry.definition, viewOf(entry.task, backlog)));
  }

  /** Every task's view, in the order they were created. */
  list(): TaskView[] {
    return [...this.entries.keys()].map((name) => this.view(name));
  }

  /** The newest `limit` dead letters of a task, oldest first (empty when it has no dead-letter target). */
  async deadLetters(name: string, limit = 100): Promise<StoredDeadLetter[]> {
    return ((await this.entry(name).parts.deadLetters?.list()) ?? []).slice(-limit);
  }

  /** Delivers a task's dead letters (those with the given ids, or all) again through its transform and sink. */
  async redrive(name: string, request: RedriveRequest = {}): Promise<RedriveResult> {
    const entry = this.entry(name);
    const store = entry.parts.deadLetters;
    if (store === undefined) {
      if (request.ids !== undefined && request.ids.length > 0)
        throw new ApiError(404, 'deadletter.not-found', `task ${name} has no dead-letter target, so no dead letters`);
      return { redriven: 0, skipped: 0, delivered: 0, deadLettered: 0, dropped: 0, letters: [] };
    }
    return redriveDeadLetters(name, store, (events) => entry.task.redrive(events), request);
  }

  /**
   * Hands events from outside the task's source (an EventBridge rule target) to its transform,
   * lanes and sink, skipping its filter, as a redrive does, while the task runs; says how many
   * were not delivered and why. Rejects for an unknown task or one that is not running.
   */
  async deliver(name: string, events: CloudEvent[]): Promise<{ undelivered: number; reason?: string }> {
    const outcome = await this.entry(name).task.deliverHandedOver(events);
    if (outcome.stop !== undefined) {
      const delivered = Math.min(outcome.delivered, events.length);
      return { undelivered: events.length - delivered, reason: `not delivered: ${messageOf(outcome.stop)}` };
    }
    const failed = Math.min(outcome.deadLettered + outcome.dropped, events.length);
    const how = `${outcome.deadLettered} dead-lettered, ${outcome.dropped} dropped by the task's tolerance`;
    return failed === 0 ? { undelivered: 0 } : { undelivered: failed, reason: how };
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

  /** Stops every task (each abandons the batch in hand uncommitted and closes its sink); their stored states stay. */
  async stopAll(): Promise<void> {
    this.closing = true; // tasks stopping now keep their stored state for the next start
    await Promise.all([...this.entries.values()].map((entry) => entry.task.stop()));
    await this.records.flushed(); // a failure recorded just before still lands
  }

  /** Builds and registers a task in the state asked for, then records it in the store. */
  private async add(
    task: Omit<RestoredTask<T>, 'how'>,
    options: { keepIfStartFails?: boolean; neverStarted?: boolean } = {},
  ): Promise<void> {
    const { definition } = task;
    const parts = await this.factory.build(definition).catch((error: unknown) => {
      throw startFailure(definition.name, error);
    });
    const initial =
      task.state === 'running'
        ? undefined
        : options.neverStarted
          ? { state: 'created' as const }
          : { state: task.state, reason: task.reason };
    const runner = this.newTask(definition, parts, initial);
    this.entries.set(definition.name, { definition, parts, task: runner });
    let state: StoredState = task.state;
    let reason = task.reason;
    if (task.state === 'running') {
      try {
        await runner.start();
      } catch (error) {
        if (!options.keepIfStartFails) {
          this.entries.delete(definition.name);
          await runner.stop().catch(() => {});
          // a task that never ran keeps neither its name nor a quota slot
          throw new ApiError(400, 'task.start', `task ${definition.name} cannot start: ${messageOf(error)}`);
        }
        state = 'failed'; // kept, failed, with why
        reason = messageOf(error);
      }
    }
    await this.records.created(task, state, reason);
  }

  /** A task whose failures (and a source that ends) are recorded in the store as they happen. */
  private newTask(
    definition: T,
    parts: BuiltTask,
    initial?: { state: Exclude<TaskState, 'running'>; reason?: string },
  ): Task {
    const heard = scrubbingListener(this.factory, definition, this.listener);
    const listener: TaskListener = {
      ...heard,
      stopped: (name, state, reason) => {
        heard.stopped?.(name, state, reason);
        if ((state === 'failed' || state === 'stopped') && this.entries.get(name)?.task === task && !this.closing)
          void this.persistState(name).catch(() => {}); // a store that cannot be written fails the next API call
      },
    };
    const task: Task = new Task(parts, listener, initial);
    return task;
  }

  /** Writes a task's current state to the store (created counts as paused: it does not start by itself). */
  private async persistState(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (entry !== undefined) await this.records.stateOf(name, entry.task.status());
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

/** A task that could not be built: 400 when conflux names the cause (a handler that never loads), else as thrown. */
function startFailure(name: string, error: unknown): unknown {
  if (error instanceof ApiError || !(error instanceof ConfluxError)) return error;
  return new ApiError(400, 'task.start', `task ${name} cannot start: ${messageOf(error)}`);
}
