/**
 * Reads what a Kafka topic holds right now, the way a dead-letter listing wants it: every partition
 * from a starting offset up to the end it had when the read began, without a consumer group of
 * the user's (a throwaway group that never commits; joining it takes about 3 s on the mock cluster).
 */
import { randomUUID } from 'node:crypto';
import { LogError } from '../errors.js';
import type { StoredRecord } from '../types.js';
import { kafkaClient, kafkaError } from './kafka-client.js';

/** How long a read may take before it fails, naming the partitions it could not finish. */
const READ_TIMEOUT_MS = 30_000;

/**
 * The records of `topic`, partition by partition in offset order: at most the newest `last` of
 * each partition (all when omitted), up to each partition's end when the read began.
 *
 * @example await readKafkaTopic(['127.0.0.1:9092'], 'orders-dlq', { last: 100 })
 */
export async function readKafkaTopic(
  brokers: string[],
  topic: string,
  options: { last?: number; timeoutMs?: number } = {},
): Promise<StoredRecord[]> {
  const kafka = kafkaClient(brokers, 'conflux-reader');
  const admin = kafka.admin();
  let ranges: { partition: number; from: number; end: number }[];
  try {
    await admin.connect();
    // a topic nobody wrote to yet holds nothing; asking for its offsets would create it (auto-create)
    if (!(await admin.listTopics()).includes(topic)) return [];
    ranges = (await admin.fetchTopicOffsets(topic)).map((p) => {
      const low = Number(p.low);
      const end = Number(p.high);
      return { partition: p.partition, end, from: Math.max(low, end - (options.last ?? end)) };
    });
  } catch (error) {
    throw kafkaError(`cannot read the offsets of topic ${topic}`, error);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const pending = new Map(ranges.filter((r) => r.from < r.end).map((r) => [r.partition, r]));
  const found = new Map<number, Map<number, StoredRecord>>();
  if (pending.size === 0) return [];

  const consumer = kafka.consumer({ groupId: `conflux-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const range = pending.get(batch.partition);
        if (range === undefined) return;
        const into = found.get(batch.partition) ?? new Map<number, StoredRecord>();
        found.set(batch.partition, into);
        for (const m of batch.messages) {
          const offset = Number(m.offset);
          if (offset < range.from || offset >= range.end) continue;
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(m.headers ?? {}))
            if (value !== undefined) headers[name] = String(value);
          into.set(offset, {
            topic,
            partition: batch.partition,
            offset,
            timestamp: Number(m.timestamp),
            key: m.key ?? null,
            value: m.value ?? Buffer.alloc(0),
            headers,
          });
        }
        if (Number(batch.lastOffset()) + 1 >= range.end) pending.delete(batch.partition);
        if (pending.size === 0) finish();
      },
    });
    for (const range of pending.values())
      consumer.seek({ topic, partition: range.partition, offset: String(range.from) });
    const timeoutMs = options.timeoutMs ?? READ_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      const left = [...pending.keys()].sort((a, b) => a - b).join(', ');
      throw new LogError(
        'log.kafka',
        `reading topic ${topic} did not reach the end of partition(s) ${left} within ${timeoutMs} ms`,
        {
          retriable: true,
        },
      );
    }
  } catch (error) {
    throw error instanceof LogError ? error : kafkaError(`cannot read topic ${topic}`, error);
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  return [...found.keys()]
    .sort((a, b) => a - b)
    .flatMap((partition) => [...found.get(partition)!.values()].sort((a, b) => a.offset - b.offset));
}
