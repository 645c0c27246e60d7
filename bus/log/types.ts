/**
 * The seam between conflux and a log (the embedded bus, or Kafka through kafkajs):
 * a few primitives — append, read, commit, committed — with the shared logic above them.
 */

/** A record as a producer hands it in. Records with the same key land in the same partition. */
export interface ProducedRecord {
  key?: Buffer | string | null;
  value: Buffer | string;
  headers?: Record<string, string>;
  /** Milliseconds since the epoch; now when omitted. */
  timestamp?: number;
  /** Force a partition; otherwise chosen by key hash (or round-robin without a key). */
  partition?: number;
}

/** A record as it was stored, with its place in the log. */
export interface StoredRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, string>;
}

/** Where an appended record landed. */
export interface AppendResult {
  partition: number;
  offset: number;
}

/** The embedded bus. Several processes may open one data dir at once (an emulator and `conflux produce`). */
export interface EventLog {
  /** Appends records; resolves only once they are durable (fsynced), in the order given per partition. */
  append(topic: string, records: ProducedRecord[]): Promise<AppendResult[]>;
  /** Up to `maxRecords` records from `offset` on; an empty array at the end of the partition. */
  read(topic: string, partition: number, offset: number, maxRecords?: number): Promise<StoredRecord[]>;
  /** The number of partitions, creating the topic with the default count when it does not exist. */
  partitions(topic: string): Promise<number>;
  /** The offset the next appended record of this partition will get. */
  endOffset(topic: string, partition: number): Promise<number>;
  /** Stores the next offset to read per partition for a consumer group, atomically and durably. */
  commit(group: string, topic: string, offsets: Record<number, number>): Promise<void>;
  /** The committed next offsets of a group (partitions never committed are absent). */
  committed(group: string, topic: string): Promise<Record<number, number>>;
  /** Resolves when records past `offset` may exist, or after `timeoutMs`, or when `signal` aborts. */
  waitForData(topic: string, partition: number, offset: number, timeoutMs: number, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** One fetched batch: records of one partition, in offset order. */
export interface PartitionBatch {
  topic: string;
  partition: number;
  records: StoredRecord[];
}

/** Reads a topic as a consumer group, the same way for the embedded bus and Kafka. */
export interface Consumer {
  /**
   * Calls `onBatch` for each batch: one partition's batches in offset order, never two batches of one
   * partition at once. The next fetch of a partition waits for `onBatch` to resolve. Resolves when stopped.
   */
  run(onBatch: (batch: PartitionBatch) => Promise<void>): Promise<void>;
  /** Commits `nextOffset` (the offset of the next record to read) for a partition of the group. */
  commit(topic: string, partition: number, nextOffset: number): Promise<void>;
  /**
   * True when a commit may still be on its way while the next batches are handed over (a consumer
   * group's commit: no fetch waits for it); absent when the caller must await each commit.
   */
  commitBehind?: boolean;
  stop(): Promise<void>;
}

/** Appends records to a topic, the same way for the embedded bus and Kafka. */
export interface Producer {
  /** Resolves once every record is acknowledged, with where each landed (in the order given). */
  send(topic: string, records: ProducedRecord[]): Promise<AppendResult[]>;
  close(): Promise<void>;
}
