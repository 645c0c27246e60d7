/**
 * A Kafka → Kafka task with `delivery: exactly-once`: the sink writes through a transactional
 * producer, and the source's commit becomes that transaction's commit with the batch's offsets
 * (`sendOffsets`), so the output (read `read_committed`) and the group's offsets move together.
 * The transactional id is stable per consumer group and output topic: a restarted emulator fences
 * the killed one and aborts its open transaction. One process per task: a second process of the
 * same task would fence the first (scale-out runs at-least-once).
 */

import { openConsumer } from '../../bus/log/index.js';
import { openKafkaTransactions, type TransactionalProducer } from '../../bus/log/kafka/kafka-transactions.js';
import type { SinkWriter, TaskSource } from '../../bus/task/contract.js';
import { connectKafkaWriter } from '../../functions/shared/kafka/writer.js';
import type { KafkaSinkConfig } from '../../functions/sinks/kafka/config.js';
import type { KafkaSourceConfig } from '../../functions/sources/kafka/config.js';

/** The sink and source of an exactly-once task, sharing one transactional producer. */
export interface ExactlyOnceParts {
  sink: SinkWriter;
  openSource(): Promise<TaskSource>;
}

/** Connects the transactional sink of a task reading `source` (with brokers) as `group` and writing `sink`. */
export async function wireExactlyOnce(
  source: KafkaSourceConfig & { brokers: string[] },
  sink: KafkaSinkConfig & { brokers: string[] },
  group: string,
  baseDir: string,
): Promise<ExactlyOnceParts> {
  const transactions: TransactionalProducer = await openKafkaTransactions({
    brokers: sink.brokers,
    transactionalId: `conflux-${group}-${sink.topic}`,
    compression: sink.compression,
  });
  const writer = await connectKafkaWriter(sink, {
    baseDir,
    at: 'sink',
    code: 'sink.kafka.field',
    producer: transactions,
  }).catch(async (error: unknown) => {
    await transactions.close();
    throw error;
  });
  return {
    sink: writer,
    async openSource() {
      const consumer = await openConsumer({
        topic: source.topic,
        group,
        offset: source.offset,
        brokers: source.brokers,
      });
      return {
        run: (onBatch) => consumer.run(onBatch),
        stop: () => consumer.stop(),
        commit: (topic, partition, nextOffset) => transactions.commitWithOffsets(group, topic, partition, nextOffset),
      };
    },
  };
}
