import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { openConsumer, openProducer, partitionForKey } from '../../../../bus/log/index.js';
import type { PartitionBatch, StoredRecord } from '../../../../bus/log/types.js';
import { describeKafka } from '../../../helpers/kafka-under-test.js';

describeKafka('the Kafka log adapter', (kafka) => {
  const topicName = (what: string) => `t${process.pid}-${Date.now() % 1e8}-${what}`;

  /** Runs a consumer until `want` records arrived, committing after each batch; returns them. */
  async function consumeUntil(
    options: { topic: string; group: string; offset: 'earliest' | 'latest' },
    want: number,
  ): Promise<StoredRecord[]> {
    // short group timeouts: the mock makes a reopened group wait for the old member's session to expire
    const timeouts = { sessionTimeout: 6000, rebalanceTimeout: 6000, heartbeatInterval: 500 };
    const consumer = await openConsumer({ ...options, ...timeouts, brokers: kafka.brokers() });
    const seen: StoredRecord[] = [];
    let enough: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      enough = resolve;
    });
    const running = consumer.run(async (batch: PartitionBatch) => {
      seen.push(...batch.records);
      await consumer.commit(batch.topic, batch.partition, batch.records[batch.records.length - 1]!.offset + 1);
      if (seen.length >= want) enough();
    });
    await done;
    await consumer.stop();
    await running;
    return seen;
  }

  describe('a kafkajs producer and consumer group', () => {
    it('carries records from a kafkajs producer to a kafkajs consumer group', async () => {
      const topic = topicName('raw');
      const client = new Kafka({ clientId: 'test', brokers: kafka.brokers(), logLevel: logLevel.NOTHING });
      const producer = client.producer();
      await producer.connect();
      await producer.send({
        topic,
        messages: [
          { key: 'a', value: 'one' },
          { key: 'a', value: 'two' },
        ],
      });
      await producer.disconnect();
      const consumer = client.consumer({ groupId: `${topic}-g`, maxWaitTimeInMs: 100 });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const values: string[] = [];
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            values.push(String(message.value));
            if (values.length === 2) resolve();
          },
        });
      });
      await consumer.disconnect();
      expect(values).toEqual(['one', 'two']);
    });
  });

  describe('Kafka producer and consumer', () => {
    it('reports where each record landed: the key hash partition, consecutive offsets', async () => {
      const topic = topicName('where');
      await kafka.createTopic(topic, 4);
      const producer = await openProducer({ brokers: kafka.brokers(), compression: 'gzip' });
      const keys = ['a', 'b', 'c', 'a', 'a'];
      const results = await producer.send(
        topic,
        keys.map((key, i) => ({ key, value: `v${i}`, headers: { n: String(i) } })),
      );
      await producer.close();
      expect(results.map((r) => r.partition)).toEqual(keys.map((k) => partitionForKey(k, 4)));
      // within a partition, offsets follow the send order
      for (const partition of new Set(results.map((r) => r.partition))) {
        const offsets = results.filter((r) => r.partition === partition).map((r) => r.offset);
        expect(offsets).toEqual(offsets.map((_, i) => offsets[0]! + i));
      }
      const forA = results.filter((_, i) => keys[i] === 'a').map((r) => r.offset);
      const seen = await consumeUntil({ topic, group: `${topic}-g`, offset: 'earliest' }, 5);
      const a = seen.filter((r) => r.key?.toString() === 'a');
      expect(a.map((r) => [r.value.toString(), r.headers.n, r.offset])).toEqual([
        ['v0', '0', forA[0]],
        ['v3', '3', forA[1]],
        ['v4', '4', forA[2]],
      ]);
    });

    it('consumes a topic that does not exist yet, once a producer creates it', { timeout: 60_000 }, async () => {
      const topic = topicName('later');
      const consuming = consumeUntil({ topic, group: `${topic}-g`, offset: 'earliest' }, 1);
      const producer = await openProducer({ brokers: kafka.brokers() });
      await producer.send(topic, [{ key: 'a', value: 'first' }]);
      await producer.close();
      expect((await consuming).map((r) => r.value.toString())).toEqual(['first']);
    });

    it('resumes a group after its last commit', { timeout: 60_000 }, async () => {
      const topic = topicName('resume');
      const group = `${topic}-g`;
      const producer = await openProducer({ brokers: kafka.brokers() });
      await producer.send(
        topic,
        Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: `first-${i}` })),
      );
      const first = await consumeUntil({ topic, group, offset: 'earliest' }, 6);
      expect(first.map((r) => r.value.toString()).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `first-${i}`));
      await producer.send(
        topic,
        Array.from({ length: 3 }, (_, i) => ({ key: `k${i}`, value: `second-${i}` })),
      );
      await producer.close();
      const second = await consumeUntil({ topic, group, offset: 'earliest' }, 3);
      expect(second.map((r) => r.value.toString()).sort()).toEqual(['second-0', 'second-1', 'second-2']);
    });

    it('rejects run with the error onBatch threw, committing nothing of that batch', { timeout: 60_000 }, async () => {
      const topic = topicName('fail');
      const group = `${topic}-g`;
      const producer = await openProducer({ brokers: kafka.brokers() });
      await producer.send(topic, [{ value: 'poison', partition: 0 }]);
      await producer.close();
      const timeouts = { sessionTimeout: 6000, rebalanceTimeout: 6000, heartbeatInterval: 500 };
      const consumer = await openConsumer({ topic, group, offset: 'earliest', brokers: kafka.brokers(), ...timeouts });
      await expect(
        consumer.run(async () => {
          throw new Error('sink down');
        }),
      ).rejects.toThrow('sink down');
      await consumer.stop();
      // the group starts over at the record that failed
      const again = await consumeUntil({ topic, group, offset: 'earliest' }, 1);
      expect(again.map((r) => [r.partition, r.offset, r.value.toString()])).toEqual([[0, 0, 'poison']]);
    });
  });
});
