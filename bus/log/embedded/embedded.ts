/**
 * The embedded bus: Kafka's log shape on local files (see DESIGN.md "Embedded log"). Several processes
 * may open one data dir at once: appends are serialised by a lock file per partition, and readers see
 * what other processes append (waitForData polls the segment's size).
 *
 * @example const log = await openEmbeddedLog('.conflux'); await log.append('orders', [{ key: 'a', value: '{}' }]);
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { LogError } from '../errors.js';
import { partitionForKey } from '../murmur2.js';
import type { AppendResult, EventLog, ProducedRecord, StoredRecord } from '../types.js';
import { waitUntil } from '../wait.js';
import { MAX_PAYLOAD } from './frame.js';
import { GroupCommit } from './group-commit.js';
import { OffsetsFile, offsetsPath, readOffsets } from './offsets.js';
import { PartitionLog, type PendingRecord } from './partition.js';
import { openTopic, partitionDir } from './topics.js';

/** Tuning of the embedded log; every field has a default. */
export interface EmbeddedLogOptions {
  /** Partitions of a topic created implicitly. Default 4. */
  partitions?: number;
  /** A segment file rolls once it reaches this size (fixed per topic at creation). Default 128 MiB. */
  segmentBytes?: number;
  /** Bytes of log between sparse index entries. Default 4096 (Kafka's index.interval.bytes). */
  indexIntervalBytes?: number;
  /** Most records in one write + fdatasync. Default 1000. */
  maxBatchRecords?: number;
  /** How long the first record of a batch waits for company; 0 = only while a sync runs. Default 0. */
  lingerMs?: number;
  /** How often waitForData looks for records other processes appended. Default 25 ms. */
  pollMs?: number;
  /** Give up waiting for another process's partition lock after this long. Default 30 s. */
  lockTimeoutMs?: number;
}

/** The embedded log, plus what only it can do. */
export interface EmbeddedLog extends EventLog {
  /** The data directory, absolute. */
  readonly dir: string;
  /** Creates `topic` with `partitions` unless it exists; returns its partition count either way. */
  createTopic(topic: string, partitions: number): Promise<number>;
}

interface OpenPartition {
  log: PartitionLog;
  writer: GroupCommit<PendingRecord>;
  waiters: Set<() => void>;
}

function byteLength(data: Buffer | string): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
}

class FileEventLog implements EmbeddedLog {
  private readonly topics = new Map<string, OpenPartition[]>();
  private readonly roundRobin = new Map<string, number>();
  private readonly offsetFiles = new Map<string, OffsetsFile>();
  private closed = false;

  constructor(
    readonly dir: string,
    private readonly options: Required<EmbeddedLogOptions>,
  ) {}

  async createTopic(topic: string, partitions: number): Promise<number> {
    return this.open(topic, partitions).length;
  }

  async partitions(topic: string): Promise<number> {
    return this.open(topic).length;
  }

  async append(topic: string, records: ProducedRecord[]): Promise<AppendResult[]> {
    const parts = this.open(topic);
    const now = Date.now();
    const byPartition = new Map<number, { indexes: number[]; records: PendingRecord[] }>();
    records.forEach((record, i) => {
      // checked here so one oversized record fails only its own append, not a whole group commit
      const size = byteLength(record.value) + (record.key == null ? 0 : byteLength(record.key));
      if (size > MAX_PAYLOAD - 1024) {
        throw new LogError(
          'log.record-too-large',
          `record ${i} has ${size} bytes of key and value (at most ${MAX_PAYLOAD - 1024})`,
        );
      }
      const partition = this.choosePartition(topic, record, parts.length);
      let slice = byPartition.get(partition);
      if (slice === undefined) {
        slice = { indexes: [], records: [] };
        byPartition.set(partition, slice);
      }
      slice.indexes.push(i);
      slice.records.push({
        key: record.key ?? null,
        value: record.value,
        headers: record.headers,
        timestamp: record.timestamp ?? now,
      });
    });
    const results: AppendResult[] = new Array(records.length);
    await Promise.all(
      [...byPartition].map(async ([partition, slice]) => {
        const part = parts[partition]!;
        const first = await part.writer.submit(slice.records);
        slice.indexes.forEach((index, i) => {
          results[index] = { partition, offset: first + i };
        });
        for (const wake of part.waiters) wake();
      }),
    );
    return results;
  }

  async read(topic: string, partition: number, offset: number, maxRecords = 500): Promise<StoredRecord[]> {
    return this.partition(topic, partition).log.read(offset, maxRecords);
  }

  async endOffset(topic: string, partition: number): Promise<number> {
    return this.partition(topic, partition).log.endOffset();
  }

  async commit(group: string, topic: string, offsets: Record<number, number>): Promise<void> {
    this.open(topic);
    const path = offsetsPath(this.dir, group, topic);
    let file = this.offsetFiles.get(path);
    if (file === undefined) {
      file = new OffsetsFile(path, this.options.lockTimeoutMs);
      this.offsetFiles.set(path, file);
    }
    await file.commit(offsets);
  }

  async committed(group: string, topic: string): Promise<Record<number, number>> {
    return readOffsets(offsetsPath(this.dir, group, topic));
  }

  async waitForData(
    topic: string,
    partition: number,
    offset: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const part = this.partition(topic, partition);
    const ready = () => this.closed || part.log.endOffset() > offset;
    await waitUntil(ready, { timeoutMs, pollMs: this.options.pollMs, wakers: part.waiters, signal });
  }

  async close(): Promise<void> {
    this.closed = true;
    // appends already submitted finish (and are acknowledged) before the files close
    for (const parts of this.topics.values()) await Promise.all(parts.map((part) => part.writer.idle()));
    for (const parts of this.topics.values()) {
      for (const part of parts) {
        for (const wake of part.waiters) wake();
        part.log.close();
      }
    }
    this.topics.clear();
  }

  private choosePartition(topic: string, record: ProducedRecord, count: number): number {
    if (record.partition !== undefined) {
      if (Number.isInteger(record.partition) && record.partition >= 0 && record.partition < count)
        return record.partition;
      throw new LogError('log.partition', `topic ${topic} has no partition ${record.partition} (it has ${count})`);
    }
    if (record.key !== undefined && record.key !== null) return partitionForKey(record.key, count);
    const next = (this.roundRobin.get(topic) ?? -1) + 1;
    this.roundRobin.set(topic, next);
    return next % count;
  }

  private partition(topic: string, partition: number): OpenPartition {
    const parts = this.open(topic);
    const part = parts[partition];
    if (part === undefined) throw new LogError('log.partition', `topic ${topic} has no partition ${partition}`);
    return part;
  }

  private open(topic: string, partitions = this.options.partitions): OpenPartition[] {
    if (this.closed) throw new LogError('log.closed', `the log at ${this.dir} is closed`);
    const known = this.topics.get(topic);
    if (known !== undefined) return known;
    const meta = openTopic(this.dir, topic, { partitions, segmentBytes: this.options.segmentBytes });
    const parts = Array.from({ length: meta.partitions }, (_, partition): OpenPartition => {
      const log = new PartitionLog({
        dir: partitionDir(this.dir, topic, partition),
        topic,
        partition,
        segmentBytes: meta.segmentBytes,
        indexIntervalBytes: this.options.indexIntervalBytes,
        lockTimeoutMs: this.options.lockTimeoutMs,
      });
      const writer = new GroupCommit(
        (records: PendingRecord[]) => log.append(records),
        this.options.maxBatchRecords,
        this.options.lingerMs,
      );
      return { log, writer, waiters: new Set() };
    });
    this.topics.set(topic, parts);
    return parts;
  }
}

/**
 * Opens the embedded log kept in `dir` (created when missing).
 * @example const log = await openEmbeddedLog('.conflux', { partitions: 4 })
 */
export async function openEmbeddedLog(dir: string, options: EmbeddedLogOptions = {}): Promise<EmbeddedLog> {
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true });
  return new FileEventLog(absolute, {
    partitions: options.partitions ?? 4,
    segmentBytes: options.segmentBytes ?? 128 * 1024 * 1024,
    indexIntervalBytes: options.indexIntervalBytes ?? 4096,
    maxBatchRecords: options.maxBatchRecords ?? 1000,
    lingerMs: options.lingerMs ?? 0,
    pollMs: options.pollMs ?? 25,
    lockTimeoutMs: options.lockTimeoutMs ?? 30_000,
  });
}
