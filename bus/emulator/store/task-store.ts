/**
 * The emulator's task store: every task's definition, state, types, times and origin, in one
 * JSON file of the data directory (`.conflux/tasks.json`), replaced atomically on each change
 * (write, fdatasync, rename, fsync the folder), so a kill -9 at any moment leaves the state
 * before or after a change, never half of one. What the task API, the Alibaba EventBridge
 * API and `conflux tasks export` read and write: create, get, list, update, setState, delete.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfluxError, messageOf } from '../../errors.js';
import { replaceFileDurably } from '../../log/embedded/durable-file.js';
import { parseJsonExact, stringifyExact } from '../../pattern/exact-numbers.js';
import type { TaskDefinition } from '../factory.js';

/** A task's state as stored: what it returns to after a restart. */
export type StoredState = 'running' | 'paused' | 'failed' | 'stopped';

/** Where a task was defined: in conflux.yaml, or through an API (task API, console, Alibaba API). */
export type TaskOrigin = 'file' | 'api';

/** One task as the store keeps it. Times are RFC 3339. */
export interface StoredTask<T extends TaskDefinition = TaskDefinition> {
  name: string;
  definition: T;
  state: StoredState;
  /** Why it failed (state `failed`). */
  reason?: string;
  /** The source and sink types, fixed for the task's life. */
  sourceType: string;
  sinkType: string;
  createdAt: string;
  updatedAt: string;
  origin: TaskOrigin;
  /**
   * For a task from conflux.yaml: its definition as the file last gave it. A restart compares the
   * file with this, not with `definition`, so an edit made through the API survives until the file
   * itself changes that task.
   */
  fileDefinition?: T;
}

/** What `create` takes: the rest (types, times) the store fills in. */
export interface NewTask<T extends TaskDefinition> {
  definition: T;
  state: StoredState;
  reason?: string;
  origin: TaskOrigin;
  fileDefinition?: T;
  /** Kept when a task is re-created from the store at start; now otherwise. */
  createdAt?: string;
}

/** The store's file in a data directory. */
export function taskStorePath(dataDir: string): string {
  return join(dataDir, 'tasks.json');
}

const STORE_VERSION = 1;

const definitionSchema = z.looseObject({
  name: z.string(),
  source: z.looseObject({ type: z.string() }),
  sink: z.looseObject({ type: z.string() }),
});

const fileSchema = z.strictObject({
  version: z.literal(STORE_VERSION),
  tasks: z.array(
    z.strictObject({
      name: z.string(),
      definition: definitionSchema,
      state: z.enum(['running', 'paused', 'failed', 'stopped']),
      reason: z.string().optional(),
      sourceType: z.string(),
      sinkType: z.string(),
      createdAt: z.string(),
      updatedAt: z.string(),
      origin: z.enum(['file', 'api']),
      fileDefinition: definitionSchema.optional(),
    }),
  ),
});

/** A store file that cannot be read back (edited by hand, or from another version). */
export class TaskStoreError extends ConfluxError {}

/**
 * The task store of one data directory. Changes are kept in memory at once and written in
 * order; each mutating call resolves once its change (and every one before it) is durable.
 * @example const store = await TaskStore.open<TaskConfig>('.conflux'); await store.setState('orders', 'paused')
 */
export class TaskStore<T extends TaskDefinition = TaskDefinition> {
  private readonly tasks = new Map<string, StoredTask<T>>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly now: () => Date,
  ) {}

  /** Opens (or starts empty) the store in `dataDir`. Throws TaskStoreError naming the file when it is unreadable. */
  static async open<T extends TaskDefinition>(
    dataDir: string,
    options: { now?: () => Date } = {},
  ): Promise<TaskStore<T>> {
    const store = new TaskStore<T>(taskStorePath(dataDir), options.now ?? (() => new Date()));
    let text: string;
    try {
      text = await readFile(store.path, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return store;
      throw new TaskStoreError('store.unreadable', `${store.path}: cannot read it (${messageOf(error)})`, {
        cause: error,
      });
    }
    let parsed: z.output<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(parseJsonExact(text));
    } catch (error) {
      throw new TaskStoreError(
        'store.corrupt',
        `${store.path}: not a conflux task store (${messageOf(error).split('\n')[0]}); move it aside to start afresh`,
        { cause: error },
      );
    }
    for (const task of parsed.tasks) store.tasks.set(task.name, task as StoredTask<T>);
    return store;
  }

  /** Every stored task, in the order they were created. */
  list(): StoredTask<T>[] {
    return [...this.tasks.values()];
  }

  /** One task, or undefined. */
  get(name: string): StoredTask<T> | undefined {
    return this.tasks.get(name);
  }

  /** Adds a task (replacing any of that name). */
  async create(task: NewTask<T>): Promise<StoredTask<T>> {
    const now = this.now().toISOString();
    const stored: StoredTask<T> = {
      name: task.definition.name,
      definition: task.definition,
      state: task.state,
      ...(task.reason === undefined ? {} : { reason: task.reason }),
      sourceType: task.definition.source.type,
      sinkType: task.definition.sink.type,
      createdAt: task.createdAt ?? now,
      updatedAt: now,
      origin: task.origin,
      ...(task.fileDefinition === undefined ? {} : { fileDefinition: task.fileDefinition }),
    };
    this.tasks.set(stored.name, stored);
    await this.persist();
    return stored;
  }

  /** Replaces a task's definition (and, for a file task being re-read, what the file said). */
  async update(name: string, definition: T, options: { fileDefinition?: T } = {}): Promise<StoredTask<T>> {
    const stored = this.require(name);
    const next: StoredTask<T> = {
      ...stored,
      definition,
      sourceType: definition.source.type,
      sinkType: definition.sink.type,
      updatedAt: this.now().toISOString(),
      ...(options.fileDefinition === undefined ? {} : { fileDefinition: options.fileDefinition }),
    };
    this.tasks.set(name, next);
    await this.persist();
    return next;
  }

  /** Records a task's state; a reason only goes with `failed`. A no-op when nothing changes. */
  async setState(name: string, state: StoredState, reason?: string): Promise<void> {
    const stored = this.require(name);
    const kept = state === 'failed' ? reason : undefined;
    if (stored.state === state && stored.reason === kept) return;
    const { reason: _old, ...rest } = stored;
    this.tasks.set(name, {
      ...rest,
      state,
      ...(kept === undefined ? {} : { reason: kept }),
      updatedAt: this.now().toISOString(),
    });
    await this.persist();
  }

  /** Forgets a task (a no-op when unknown). */
  async delete(name: string): Promise<void> {
    if (!this.tasks.delete(name)) return;
    await this.persist();
  }

  /** Resolves once every change made so far is durable. */
  flushed(): Promise<void> {
    return this.writing;
  }

  private require(name: string): StoredTask<T> {
    const stored = this.tasks.get(name);
    if (stored === undefined) throw new TaskStoreError('store.not-found', `the task store has no task named ${name}`);
    return stored;
  }

  /** Writes the whole store after the writes before it; each write takes the state as it is when it runs. */
  private persist(): Promise<void> {
    const next = this.writing.then(
      () => this.write(),
      () => this.write(),
    );
    this.writing = next;
    return next;
  }

  private async write(): Promise<void> {
    const body = { version: STORE_VERSION, tasks: this.list() };
    await replaceFileDurably(this.path, `${stringifyExact(body, 2)}\n`); // 9007199254740993 stays itself
  }
}
