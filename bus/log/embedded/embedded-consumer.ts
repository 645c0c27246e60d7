/**
 * A consumer group on the embedded log: one loop per partition reads from the group's committed offset
 * (or the earliest / latest one when the group never committed) and hands each batch over, waiting for
 * it before reading on. The embedded bus has no group membership: two consumers of one group in two
 * processes would both read every partition.
 */
import type { Consumer, EventLog, PartitionBatch } from '../types.js';

/** Options of a consumer on the embedded log. */
export interface EmbeddedConsumerOptions {
  topic: string;
  group: string;
  offset: 'earliest' | 'latest';
  log: EventLog;
  /** Most records in one batch. Default 500. */
  maxBatchRecords?: number;
}

/** Opens a consumer of `topic` as `group` on the embedded log; `latest` means the end as of now. */
export async function openEmbeddedConsumer(options: EmbeddedConsumerOptions): Promise<Consumer> {
  const { topic, group, log } = options;
  const max = options.maxBatchRecords ?? 500;
  const count = await log.partitions(topic);
  const committed = await log.committed(group, topic);
  const start: number[] = [];
  for (let p = 0; p < count; p++)
    start.push(committed[p] ?? (options.offset === 'earliest' ? 0 : await log.endOffset(topic, p)));
  const controller = new AbortController();
  let running: Promise<void> | null = null;

  async function follow(partition: number, onBatch: (batch: PartitionBatch) => Promise<void>): Promise<void> {
    let next = start[partition]!;
    while (!controller.signal.aborted) {
      const records = await log.read(topic, partition, next, max);
      if (records.length === 0) {
        await log.waitForData(topic, partition, next, 1000, controller.signal);
        continue;
      }
      await onBatch({ topic, partition, records });
      next = records[records.length - 1]!.offset + 1;
    }
  }

  return {
    run(onBatch) {
      if (running !== null) throw new Error('this consumer is already running');
      const loops = start.map((_, partition) =>
        follow(partition, onBatch).catch((error: unknown) => {
          controller.abort();
          throw error;
        }),
      );
      running = Promise.all(loops).then(() => undefined);
      return running;
    },
    async commit(commitTopic, partition, nextOffset) {
      await log.commit(group, commitTopic, { [partition]: nextOffset });
    },
    async stop() {
      controller.abort();
      await running?.catch(() => undefined);
    },
  };
}
