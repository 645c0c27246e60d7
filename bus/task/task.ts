import type { RetryNotice } from '../delivery/index.js';
import { ConfluxError, messageOf } from '../errors.js';
import type { CloudEvent } from '../event.js';
import type { DeliveryPlan, RecordBatch, SinkMessage, TaskParts, TaskSource, TaskState } from './contract.js';
import { addOutcome, type BatchOutcome, deliverBatch, type LaneMessage } from './deliver.js';
import { newCounters, RateMeter, type TaskCounters } from './metrics.js';
import { type PrepareContext, prepareChunk, settleFailure } from './prepare.js';

/** What a listener hears while a task runs: each delivered batch, and every change of state. */
export interface TaskListener {
  delivered?(task: string, messages: SinkMessage[]): void;
  stopped?(task: string, state: TaskState, reason: string | undefined): void;
  retrying?(task: string, notice: RetryNotice): void;
  /** An event given up on without a dead-letter queue, and why. */
  dropped?(task: string, eventId: string, reason: string): void;
}

/**
 * A task: source → filter → transform → sink. A batch's offsets are committed only once every
 * event in it was delivered, dead-lettered or dropped (at-least-once); a failure under
 * `tolerance: NONE` stops the task with its reason and keeps the offset, so a resume re-delivers.
 */
export class Task {
  readonly name: string;
  readonly counters: TaskCounters = newCounters();
  /** Delivered events per second. */
  readonly rate = new RateMeter();
  private state: TaskState = 'created';
  private reason: string | undefined;
  private source: TaskSource | undefined;
  private running: Promise<void> | undefined;
  /** The batches being handled (one per partition at most): a pause lets them finish before the source stops. */
  private readonly handling = new Set<Promise<void>>();
  /** The offset commits issued and not yet done, chained in the order they were issued (see `commitBehind`). */
  private committing: Promise<void> = Promise.resolve();
  /** Deliveries handed over by EventBridge rule targets, in flight: a pause cuts them short and waits. */
  private readonly handedOver = new Set<Promise<BatchOutcome>>();
  private abort = new AbortController();
  private readonly plan: DeliveryPlan;
  private readonly preparing: PrepareContext;

  /** `initial`: the state a task restored from the task store is in before anyone starts it (default `created`). */
  constructor(
    private readonly parts: TaskParts,
    private readonly listener: TaskListener = {},
    initial: { state: Exclude<TaskState, 'running'>; reason?: string } = { state: 'created' },
  ) {
    this.name = parts.name;
    this.state = initial.state;
    this.reason = initial.state === 'failed' ? initial.reason : undefined;
    const onRetry = parts.delivery.onRetry;
    this.plan = {
      ...parts.delivery,
      task: parts.name,
      onRetry: (notice) => {
        this.counters.retries++;
        onRetry?.(notice);
        listener.retrying?.(parts.name, notice);
      },
      onDropped: (event, reason) => {
        parts.delivery.onDropped?.(event, reason);
        listener.dropped?.(parts.name, event.id, messageOf(reason));
      },
    };
    this.preparing = { parts, plan: this.plan, counters: this.counters, stopping: () => this.abort.signal.aborted };
  }

  /** The state and, when stopped by a failure, why. */
  status(): { state: TaskState; reason?: string } {
    return this.reason === undefined ? { state: this.state } : { state: this.state, reason: this.reason };
  }

  /** Starts (or resumes) consuming from the last committed offsets. */
  async start(): Promise<void> {
    if (this.state === 'running') return;
    await this.running;
    this.abort = new AbortController();
    this.state = 'running';
    this.reason = undefined;
    let source: TaskSource;
    try {
      await this.parts.ready?.();
      source = await this.parts.openSource();
    } catch (error) {
      this.settle('failed', messageOf(error));
      throw error;
    }
    this.source = source;
    this.running = source
      .run(async (batch) => {
        const handling = this.handle(batch);
        this.handling.add(handling);
        try {
          await handling;
        } finally {
          this.handling.delete(handling);
        }
      })
      .then(
        () => this.settle(this.state === 'running' ? 'stopped' : this.state, this.reason),
        (error: unknown) => this.settle('failed', messageOf(error)),
      );
  }

  /**
   * Stops consuming. Waits in a retry are cut short; a batch in hand that the sink had taken in
   * full still commits before the source stops, so a clean stop leaves no duplicates behind; one
   * cut short stays uncommitted (a resume re-delivers it).
   */
  async pause(): Promise<void> {
    if (this.state === 'running') this.state = 'paused';
    this.abort.abort(new Error(`task ${this.name} paused`));
    await Promise.allSettled(this.handling);
    await this.committing;
    await Promise.allSettled(this.handedOver);
    await this.source?.stop();
    await this.running;
  }

  /**
   * Pauses and releases the sink and everything else the task holds. Work that would not end
   * by itself soon (a FUNCTION handler stuck in a call or in loading) is interrupted, not
   * waited for: what it held stays uncommitted and is delivered again after a restart.
   */
  async stop(): Promise<void> {
    this.abort.abort(new Error(`task ${this.name} stopped`));
    const interrupted = Promise.all([this.parts.interrupt?.(), this.parts.sink.interrupt?.()]);
    await this.pause();
    await interrupted;
    if (this.state === 'paused') this.state = 'stopped';
    await this.parts.sink.close();
    await this.parts.close?.();
  }

  /**
   * Delivers events again (dead letters being redriven), or events handed over by an
   * EventBridge rule target, through the transform, lanes, retries and tolerance of this task;
   * the filter is skipped. An event keys its lane by its `id` when that is a string (a target's
   * transformed input may have none: it then takes lane 0, in order).
   */
  async redrive(events: CloudEvent[]): Promise<BatchOutcome> {
    return this.deliverEvents(events, new AbortController().signal);
  }

  /**
   * Delivers events an EventBridge rule target handed over, as `redrive` does, but only while the
   * task runs: a pause or stop cuts the delivery short (the rest is not delivered), and a failure
   * under `tolerance: NONE` stops the task. A paused or failed task settles them at once by its
   * tolerance (dead letters to redrive after a resume); a stopped one rejects them.
   */
  async deliverHandedOver(events: CloudEvent[]): Promise<BatchOutcome> {
    if (this.state !== 'running') {
      const refused = new ConfluxError('task.not-running', `task ${this.name} is ${this.state}: it takes no events`);
      if (this.state !== 'paused' && this.state !== 'failed') throw refused;
      const total: BatchOutcome = { delivered: 0, deadLettered: 0, dropped: 0 };
      for (const event of events) if (!(await settleFailure(this.preparing, event, refused, total))) break;
      this.counters.deadLettered += total.deadLettered;
      this.counters.dropped += total.dropped;
      return total;
    }
    const delivering = this.deliverEvents(events, this.abort.signal);
    this.handedOver.add(delivering);
    try {
      const outcome = await delivering;
      if (outcome.stop !== undefined) this.fail(outcome.stop);
      return outcome;
    } finally {
      this.handedOver.delete(delivering);
    }
  }

  /** Transform (each failure settled by the tolerance), lanes, retries: the path for events from outside the source. */
  private async deliverEvents(events: CloudEvent[], signal: AbortSignal): Promise<BatchOutcome> {
    const total: BatchOutcome = { delivered: 0, deadLettered: 0, dropped: 0 };
    const messages: LaneMessage[] = [];
    for (const event of events) {
      let payloads: string[];
      try {
        payloads = await this.parts.transform(event);
      } catch (error) {
        if (await settleFailure(this.preparing, event, error, total)) continue;
        break;
      }
      for (const payload of payloads)
        messages.push({ event, payload, key: typeof event.id === 'string' ? event.id : null, partition: 0, offset: 0 });
    }
    if (total.stop === undefined && messages.length > 0)
      addOutcome(total, await deliverBatch(messages, this.parts.sink, this.plan, signal));
    this.counters.eventsOut += total.delivered;
    this.counters.deadLettered += total.deadLettered;
    this.counters.dropped += total.dropped;
    return total;
  }

  private async handle(batch: RecordBatch): Promise<void> {
    if (this.state !== 'running') return;
    try {
      const outcome = await this.deliver(batch);
      if (outcome.stop !== undefined) return this.fail(outcome.stop);
      const last = batch.records.at(-1);
      if (last !== undefined) await this.commit(batch.topic, batch.partition, last.offset + 1);
      this.count(outcome);
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Commits a delivered batch's offset. A source that allows it (`commitBehind`) gets its commits in
   * the background, one at a time in the order issued, so the next batch is not held up by this
   * one's round trip: the batch returns once the commits issued before its own are done (its own is
   * then at most one behind). A commit that fails fails the task; a pause waits for them all.
   */
  private async commit(topic: string, partition: number, nextOffset: number): Promise<void> {
    const source = this.source!;
    if (source.commitBehind !== true) return source.commit(topic, partition, nextOffset);
    const before = this.committing;
    this.committing = before
      .then(() => source.commit(topic, partition, nextOffset))
      .catch((error: unknown) => this.fail(error));
    await before;
  }

  /**
   * Delivers a batch chunk by chunk with one write in flight: while the sink writes (and syncs),
   * the next chunks are decoded, filtered and transformed, and when the write is acknowledged the
   * next one takes everything prepared meanwhile (so a slow sink gets fewer, larger writes). A
   * write starts only once the one before it is acknowledged, so per-key order holds; the batch
   * settles when the last one has.
   */
  private async deliver(batch: RecordBatch): Promise<BatchOutcome> {
    const total: BatchOutcome = { delivered: 0, deadLettered: 0, dropped: 0 };
    const { records } = batch;
    let sending: { outcome: Promise<BatchOutcome>; settled: boolean } | undefined;
    let ready: LaneMessage[] = [];
    for (let start = 0; start < records.length && total.stop === undefined; start += CHUNK) {
      const end = start + CHUNK;
      for (const message of await prepareChunk(this.preparing, batch.topic, records.slice(start, end), total))
        ready.push(message);
      if (sending !== undefined && end < records.length) {
        // the write's acknowledgement is I/O: let it in before deciding whether to prepare on
        await new Promise((resolve) => setImmediate(resolve));
        if (!sending.settled) continue;
      }
      if (sending !== undefined) addOutcome(total, await sending.outcome);
      sending = undefined;
      if (total.stop === undefined && ready.length > 0) {
        sending = this.startSend(ready);
        ready = [];
      }
    }
    if (sending !== undefined) addOutcome(total, await sending.outcome);
    if (total.stop === undefined && ready.length > 0) addOutcome(total, await this.send(ready));
    return total;
  }

  /** Starts a write, noting when it settles. */
  private startSend(messages: LaneMessage[]): { outcome: Promise<BatchOutcome>; settled: boolean } {
    const sending = { outcome: this.send(messages), settled: false };
    const settle = () => {
      sending.settled = true;
    };
    // awaited by `deliver`; until then a failure must not count as unhandled
    sending.outcome.then(settle, settle);
    return sending;
  }

  private async send(messages: LaneMessage[]): Promise<BatchOutcome> {
    const outcome = await deliverBatch(messages, this.parts.sink, this.plan, this.abort.signal);
    if (outcome.stop === undefined) {
      const time = messages.at(-1)!.event.time;
      if (typeof time === 'string') this.counters.lastEventTime = Date.parse(time);
      this.listener.delivered?.(this.name, messages);
    }
    return outcome;
  }

  private count(outcome: BatchOutcome): void {
    const c = this.counters;
    c.eventsOut += outcome.delivered;
    this.rate.record(outcome.delivered);
    c.deadLettered += outcome.deadLettered;
    c.dropped += outcome.dropped;
    c.batches++;
    c.lastHeartbeat = this.plan.clock.now();
  }

  private fail(reason: unknown): void {
    if (this.state !== 'running') return; // a pause aborted the delivery: not a failure
    this.state = 'failed';
    this.reason = messageOf(reason);
    void this.source?.stop();
  }

  private settle(state: TaskState, reason: string | undefined): void {
    this.state = state;
    this.reason = reason;
    this.listener.stopped?.(this.name, state, reason);
  }
}

/** Records a batch is delivered in: a chunk is prepared while the one before it is being written. */
const CHUNK = 250;
