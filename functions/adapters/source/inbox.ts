import type { StoredRecord } from '../../../bus/log/types.js';
import type { RecordBatch } from '../../../bus/task/contract.js';

/** The most records one batch carries. */
export const MAX_BATCH = 250;
/** How long a batch waits for more records once the first one is in. */
const LINGER_MS = 3;

/**
 * Where a broker client's messages wait for the task: `push` numbers each message as it arrives
 * (partition 0, offsets from 0 per inbox), `run` hands over what arrived within a few ms, up to
 * MAX_BATCH records, and waits for `onBatch` before the next batch. `stop` ends `run` at once;
 * `fail` ends it with an error. The rabbitmq, mqtt and nats sources share it.
 *
 * @example const inbox = new Inbox('orders'); client.on('message', (m) => inbox.push(toRecord(m)));
 */
export class Inbox {
  private records: StoredRecord[] = [];
  private nextOffset = 0;
  private wake: (() => void) | undefined;
  private stopped = false;
  private failure: { error: unknown } | undefined;

  /**
   * `topic` names the batches: the queue, topic filter or subject consumed. `maxBatch` (default
   * MAX_BATCH) is larger for sources that store their position themselves, once a batch (a file, a
   * database log), where each batch costs a durable write.
   */
  constructor(
    readonly topic: string,
    private readonly maxBatch = MAX_BATCH,
  ) {}

  /** Numbers a record (its `offset` is overwritten) and queues it; returns the offset given. */
  push(record: Omit<StoredRecord, 'offset' | 'partition' | 'topic'>): number {
    const offset = this.nextOffset++;
    this.records.push({ ...record, topic: this.topic, partition: 0, offset });
    this.poke();
    return offset;
  }

  /** Ends `run` with this error (the broker connection is gone). */
  fail(error: unknown): void {
    this.failure ??= { error };
    this.poke();
  }

  /** Ends `run` without handing over what is still queued. */
  stop(): void {
    this.stopped = true;
    this.poke();
  }

  /** True once `stop` was called. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Hands batches over one at a time until stopped (resolves) or failed (rejects). */
  async run(onBatch: (batch: RecordBatch) => Promise<void>): Promise<void> {
    for (;;) {
      while (this.records.length === 0 && !this.over()) await this.nap();
      if (this.records.length < this.maxBatch && !this.over()) await this.nap(LINGER_MS);
      if (this.stopped) return;
      if (this.failure !== undefined) throw this.failure.error;
      const records = this.records.splice(0, this.maxBatch);
      await onBatch({ topic: this.topic, partition: 0, records });
    }
  }

  private over(): boolean {
    return this.stopped || this.failure !== undefined;
  }

  /** Waits for the next push, stop or failure, or `ms` when given. */
  private nap(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        if (self.wake === done) self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  private poke(): void {
    // during the linger, only a full batch (or the end) cuts the wait short
    const wake = this.wake;
    if (wake === undefined) return;
    if (this.records.length >= this.maxBatch || this.over() || this.records.length === 1) wake();
  }
}
