import { ConfluxError, messageOf } from '../errors.js';
import { newCounters, type TaskCounters } from './metrics.js';
import type { RecordBatch, SinkMessage, TaskParts, TaskState } from './types.js';

/** What a listener hears while a task runs: each delivered batch, and the end. */
export interface TaskListener {
  delivered?(task: string, messages: SinkMessage[]): void;
  stopped?(task: string, state: TaskState, reason: string | undefined): void;
}

/**
 * A running task: source → filter → transform → sink, committing a partition's offset only
 * after the sink acknowledged every message of the batch (at-least-once).
 */
export class Task {
  readonly name: string;
  readonly counters: TaskCounters = newCounters();
  private state: TaskState = 'created';
  private reason: string | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly parts: TaskParts,
    private readonly listener: TaskListener = {},
    private readonly now: () => number = Date.now,
  ) {
    this.name = parts.name;
  }

  /** The state and, for `failed`, why. */
  status(): { state: TaskState; reason?: string } {
    return this.reason === undefined ? { state: this.state } : { state: this.state, reason: this.reason };
  }

  /** Starts consuming; resolves once the loop runs (not when it ends). */
  start(): void {
    if (this.state === 'running') return;
    this.state = 'running';
    this.reason = undefined;
    this.running = this.parts.source
      .run((batch) => this.handle(batch))
      .then(
        () => this.finish(this.state === 'failed' ? 'failed' : 'stopped', this.reason),
        (error: unknown) => this.finish('failed', messageOf(error)),
      );
  }

  /** Stops consuming, waits for the batch in hand, closes the sink. */
  async stop(): Promise<void> {
    await this.parts.source.stop();
    await this.running;
    await this.parts.sink.close();
  }

  /** Errors end the task with their reason; the failed batch stays uncommitted, so a restart re-delivers it. */
  private async handle(batch: RecordBatch): Promise<void> {
    if (this.state !== 'running') return;
    try {
      await this.deliver(batch);
    } catch (error) {
      this.state = 'failed';
      this.reason = messageOf(error);
      void this.parts.source.stop();
    }
  }

  private async deliver(batch: RecordBatch): Promise<void> {
    const messages: SinkMessage[] = [];
    for (const record of batch.records) {
      this.counters.eventsIn++;
      const event = this.parts.decode(record);
      if (this.parts.filter !== undefined && !this.parts.filter(event)) {
        this.counters.eventsFiltered++;
        continue;
      }
      for (const payload of await this.parts.transform(event)) messages.push({ event, payload });
    }
    if (messages.length > 0) await this.parts.sink.write(messages);
    const last = batch.records.at(-1);
    if (last !== undefined) await this.parts.source.commit(batch.topic, batch.partition, last.offset + 1);
    this.counters.eventsOut += messages.length;
    this.counters.batches++;
    this.counters.lastHeartbeat = this.now();
    const lastEvent = messages.at(-1)?.event.time;
    if (typeof lastEvent === 'string') this.counters.lastEventTime = Date.parse(lastEvent);
    if (messages.length > 0) this.listener.delivered?.(this.name, messages);
  }

  private finish(state: TaskState, reason: string | undefined): void {
    this.state = state;
    this.reason = reason;
    this.listener.stopped?.(this.name, state, reason);
  }
}

/** Raised when a task cannot be built or run; names the task. */
export class TaskError extends ConfluxError {}
