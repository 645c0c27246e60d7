/**
 * Exactly-once Kafka → Kafka: a transactional producer whose sends, together with the consumed
 * offsets of the source's consumer group (`sendOffsets`), commit in one Kafka transaction. A batch's
 * records and its offsets are visible to `read_committed` consumers together or not at all. A send
 * that fails aborts the transaction: the rest of the batch is refused and its commit fails, so the
 * task stops and a resume re-delivers the batch from the last committed offsets; nothing commits
 * half a batch. Connecting under the same transactional id fences an older producer (a killed process)
 * and aborts its open transaction.
 */
import type { Transaction } from 'kafkajs';
import { LogError } from '../errors.js';
import type { Producer } from '../types.js';
import { kafkaError } from './kafka-client.js';
import { connectKafkaProducer, type KafkaProducerOptions } from './kafka-producer.js';

/** A producer whose sends commit with a consumer group's offsets. */
export interface TransactionalProducer extends Producer {
  /**
   * Commits the open transaction (or one holding only the offsets) with `nextOffset` as `group`'s
   * committed offset of the partition; the next send begins another. Rejects when a send of this
   * transaction failed (it was aborted) or the commit fails.
   */
  commitWithOffsets(group: string, topic: string, partition: number, nextOffset: number): Promise<void>;
}

/** Connects a transactional producer under `transactionalId`. */
export async function openKafkaTransactions(
  options: KafkaProducerOptions & { transactionalId: string },
): Promise<TransactionalProducer> {
  const { producer, send } = await connectKafkaProducer(options);
  let open: Promise<Transaction> | undefined;
  let aborted: unknown;

  const abort = async (reason: unknown) => {
    aborted ??= reason;
    const transaction = open;
    open = undefined;
    await transaction?.then((t) => (t.isActive() ? t.abort() : undefined)).catch(() => undefined);
  };

  return {
    async send(topic, records) {
      if (aborted !== undefined) throw abortedError(aborted);
      open ??= producer.transaction();
      try {
        return await send(await open, topic, records);
      } catch (error) {
        await abort(error);
        throw abortedError(error);
      }
    },
    async commitWithOffsets(group, topic, partition, nextOffset) {
      if (aborted !== undefined) {
        const reason = aborted;
        aborted = undefined;
        throw abortedError(reason);
      }
      open ??= producer.transaction();
      try {
        // a transaction that cannot begin is a failed commit too: wrapped, and `open` cleared for the next
        const transaction = await open;
        await transaction.sendOffsets({
          consumerGroupId: group,
          topics: [{ topic, partitions: [{ partition, offset: String(nextOffset) }] }],
        });
        await transaction.commit();
        open = undefined;
      } catch (error) {
        await abort(error);
        aborted = undefined;
        throw kafkaError(`cannot commit the transaction of ${topic}-${partition} at ${nextOffset}`, error);
      }
    },
    async close() {
      await abort(new Error('closed'));
      await producer.disconnect();
    },
  };
}

function abortedError(cause: unknown): LogError {
  const message = cause instanceof Error ? cause.message : String(cause);
  // not retriable: a retry would land in a new transaction while this batch's earlier sends were aborted
  return new LogError('log.kafka-transaction', `the transaction was aborted: ${message}`, { retriable: false, cause });
}
