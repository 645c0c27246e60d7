import type { Clock, RetryNotice, RetryPolicy, Tolerance } from '../delivery/index.js';
import type { CloudEvent } from '../event.js';
import type { UnreadMember } from '../json-depth.js';
import type { StoredRecord } from '../log/types.js';

/** One batch of records of one partition, in offset order. */
export interface RecordBatch {
  topic: string;
  partition: number;
  records: StoredRecord[];
}

/** A record decoded into its event, with the event's compact JSON when the decoder had it at hand. */
export interface DecodedEvent {
  event: CloudEvent;
  text?: string;
  /** A member the decoder left as unread JSON text (a Kafka `data.value`): its depth is measured on the text. */
  unread?: UnreadMember;
}

/** Where a task's records come from: the embedded bus or Kafka (see bus/log). */
export interface TaskSource {
  /** Hands batches over; the next batch of a partition waits for `onBatch` to resolve. Resolves when stopped. */
  run(onBatch: (batch: RecordBatch) => Promise<void>): Promise<void>;
  /** Commits the next offset to read for a partition. */
  commit(topic: string, partition: number, nextOffset: number): Promise<void>;
  /**
   * True when a commit may still be on its way while the next batches are delivered (a Kafka
   * consumer group's commit); absent when the next batch must wait for it (a transaction's commit,
   * which the next batch's writes would otherwise join).
   */
  commitBehind?: boolean;
  stop(): Promise<void>;
}

/** One payload on its way to a sink, with the event it came from (sinks render keys, headers… from it). */
export interface SinkMessage {
  event: CloudEvent;
  payload: string;
}

/** A connected sink. `write` resolves once the target acknowledged every message. */
export interface SinkWriter {
  write(messages: SinkMessage[]): Promise<void>;
  close(): Promise<void>;
  /** Ends a write that would not end soon by itself (a function sink's handler stuck in a call); it then fails as retriable. */
  interrupt?(): Promise<void>;
}

/** The pieces a task runs, built from its config by infra (bus knows nothing of functions). */
export interface TaskParts {
  name: string;
  /** Opens the source anew at each start or resume (a resumed consumer re-reads from the last commit). */
  openSource(): Promise<TaskSource>;
  decode(record: StoredRecord): DecodedEvent;
  /** The compiled filter; absent means every event passes. */
  filter?: (event: CloudEvent) => boolean;
  /**
   * The payloads for one event; `text`, when given, is the event's compact JSON. Forms that need
   * not wait answer at once (no promise to await per event); a failure may throw or reject.
   */
  transform(event: CloudEvent, text?: string): string[] | Promise<string[]>;
  /**
   * Present when the transform takes a whole batch in one call (FUNCTION): the outputs of the
   * events in order; `texts` are their compact JSON when the decoder had them.
   */
  transformBatch?(events: CloudEvent[], texts?: string[]): Promise<string[]>;
  sink: SinkWriter;
  /** Lanes, retries, tolerance and dead letters. */
  delivery: Omit<DeliveryPlan, 'task'>;
  /** Settles once the parts can run (a FUNCTION handler loaded); a rejection fails the start. */
  ready?(): Promise<void>;
  /** Ends work that would not end soon by itself (FUNCTION workers are terminated); called as the task stops. */
  interrupt?(): Promise<void>;
  /** Closes what the parts hold besides the sink (dead-letter producer, transform workers). */
  close?(): Promise<void>;
}

/** Where a task is in its life. */
export type TaskState = 'created' | 'running' | 'paused' | 'stopped' | 'failed';

/** How a task delivers: its lanes, retry policy, tolerance and dead-letter queue. */
export interface DeliveryPlan {
  concurrency: number;
  /** At most this many messages in one sink write (a batch window's count); absent: a lane's whole share. */
  batchSize?: number;
  policy: RetryPolicy;
  tolerance: Tolerance;
  clock: Clock;
  random?: () => number;
  /** Stores a dead letter; absent = failed events are dropped and counted (tolerance ALL). */
  deadLetter?: (deadLetter: CloudEvent) => Promise<void>;
  task: string;
  sink: string;
  onRetry?: (notice: RetryNotice) => void;
  /** Hears every event given up on without a dead-letter queue (tolerance ALL), with why: it is logged. */
  onDropped?: (event: CloudEvent, reason: unknown) => void;
}
