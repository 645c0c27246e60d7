import { Kafka, logLevel } from 'kafkajs';
import { expect, it } from 'vitest';
import { openKafkaTransactions } from '../../../../bus/log/kafka/kafka-transactions.js';
import { describeKafka } from '../../../helpers/kafka-under-test.js';

describeKafka(
  'Kafka transactions (exactly-once)',
  (kafka) => {
    it('a failed send aborts the batch: its records stay invisible, its commit fails, the next batch commits', {
      timeout: 60_000,
    }, async () => {
      const stamp = `${process.pid}-${Date.now() % 1e8}`;
      const [topic, input, group] = [`tx-out-${stamp}`, `tx-in-${stamp}`, `tx-g-${stamp}`];
      await kafka.createTopic(topic, 1);
      await kafka.createTopic(input, 1);
      const producer = await openKafkaTransactions({ brokers: kafka.brokers(), transactionalId: `tx-${stamp}` });
      try {
        await producer.send(topic, [{ value: 'aborted-1' }]);
        // over the broker's 1 MiB message.max.bytes: refused, so the transaction is aborted
        await expect(producer.send(topic, [{ value: 'x'.repeat(2 * 1024 * 1024) }])).rejects.toMatchObject({
          code: 'log.kafka-transaction',
          retriable: false,
        });
        await expect(producer.send(topic, [{ value: 'aborted-2' }])).rejects.toMatchObject({
          code: 'log.kafka-transaction',
        });
        await expect(producer.commitWithOffsets(group, input, 0, 1)).rejects.toMatchObject({
          code: 'log.kafka-transaction',
        });
        await producer.send(topic, [{ value: 'committed' }]);
        await producer.commitWithOffsets(group, input, 0, 7);
      } finally {
        await producer.close();
      }
      const client = new Kafka({ clientId: 'tx-test', brokers: kafka.brokers(), logLevel: logLevel.NOTHING });
      const admin = client.admin();
      await admin.connect();
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [input] });
      await admin.disconnect();
      expect(offsets?.partitions.map((p) => p.offset)).toEqual(['7']);
      const consumer = client.consumer({ groupId: `${topic}-reader`, maxWaitTimeInMs: 100, readUncommitted: false });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const values: string[] = [];
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            values.push(String(message.value));
            if (values.includes('committed')) resolve();
          },
        });
      });
      await consumer.disconnect();
      expect(values).toEqual(['committed']);
    });
  },
  { only: 'real' },
);
