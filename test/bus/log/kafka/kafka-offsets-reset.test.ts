import { describe, expect, it } from 'vitest';
import { openConsumer, openProducer } from '../../../../bus/log/index.js';
import { resetOffsets, showOffsets } from '../../../../bus/log/offsets-reset.js';
import type { Consumer, PartitionBatch } from '../../../../bus/log/types.js';
import { describeKafka } from '../../../helpers/kafka-under-test.js';

describeKafka('consumer-group offsets on Kafka', (kafka) => {
  const topicName = (what: string) => `r${process.pid}-${Date.now() % 1e8}-${what}`;
  const timeouts = { sessionTimeout: 6000, rebalanceTimeout: 6000, heartbeatInterval: 500 };

  /** A consumer of the group that commits each batch; resolves with the values once `want` arrived. */
  async function readAs(group: string, topic: string, want: number): Promise<string[]> {
    const consumer = await openConsumer({ topic, group, offset: 'earliest', brokers: kafka.brokers(), ...timeouts });
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run(async (batch: PartitionBatch) => {
          seen.push(...batch.records.map((r) => r.value.toString()));
          await consumer.commit(batch.topic, batch.partition, batch.records.at(-1)!.offset + 1);
          if (seen.length >= want) resolve();
        })
        .catch(reject);
    });
    await consumer.stop();
    return seen;
  }

  /** 5 records on each of the 4 partitions (created with 4), values `p<partition>-<i>`. */
  async function fill(topic: string): Promise<void> {
    await kafka.createTopic(topic, 4);
    const producer = await openProducer({ brokers: kafka.brokers() });
    const records = [0, 1, 2, 3].flatMap((partition) =>
      Array.from({ length: 5 }, (_, i) => ({ value: `p${partition}-${i}`, partition })),
    );
    await producer.send(topic, records);
    await producer.close();
  }

  describe('resetting a consumer group on Kafka (mock cluster)', () => {
    it('shows lag, resets to earliest (re-read everything), to an offset, and to latest', {
      timeout: 90_000,
    }, async () => {
      const topic = topicName('reset');
      const group = `${topic}-g`;
      const target = { brokers: kafka.brokers() };
      await fill(topic);
      expect(
        (await showOffsets({ group, topic }, target)).map((p) => [p.partition, p.committed, p.end, p.lag]),
      ).toEqual([
        [0, null, 5, 5],
        [1, null, 5, 5],
        [2, null, 5, 5],
        [3, null, 5, 5],
      ]);
      expect(await readAs(group, topic, 20)).toHaveLength(20);
      expect((await showOffsets({ group, topic }, target)).map((p) => [p.committed, p.lag])).toEqual(
        Array.from({ length: 4 }, () => [5, 0]),
      );

      const moved = await resetOffsets({ group, topic, to: { earliest: true } }, target);
      expect(moved).toEqual([0, 1, 2, 3].map((partition) => ({ partition, from: 5, to: 0 })));
      expect((await showOffsets({ group, topic }, target)).map((p) => p.committed)).toEqual([0, 0, 0, 0]);
      expect((await readAs(group, topic, 20)).sort()).toHaveLength(20); // the group read everything again

      await resetOffsets({ group, topic, to: { offset: 3, partition: 2 } }, target);
      expect((await showOffsets({ group, topic }, target)).map((p) => p.committed)).toEqual([5, 5, 3, 5]);
      expect(await readAs(group, topic, 2)).toEqual(['p2-3', 'p2-4']);

      await resetOffsets({ group, topic, to: { offset: 1 } }, target);
      await resetOffsets({ group, topic, to: { latest: true } }, target);
      expect((await showOffsets({ group, topic }, target)).map((p) => p.lag)).toEqual([0, 0, 0, 0]);
    });

    it('resets to a time after every record: the end of each partition', { timeout: 60_000 }, async () => {
      // The mock answers ListOffsets by timestamp with -1 whatever the time (librdkafka 2.0.2), which
      // kafkajs reads as "no record that late": only this case can be checked against it.
      const topic = topicName('time');
      const group = `${topic}-g`;
      await fill(topic);
      const moved = await resetOffsets(
        { group, topic, to: { timestamp: Date.now() + 3_600_000 } },
        { brokers: kafka.brokers() },
      );
      expect(moved.map((m) => m.to)).toEqual([5, 5, 5, 5]);
    });

    // the mock cluster cannot look up offsets by a time between records: this case exists on the real broker only
    if (kafka.kind === 'real')
      it('resets to a time: the first record at or after it in each partition', {
        timeout: 60_000,
      }, async () => {
        const topic = topicName('mid');
        const group = `${topic}-g`;
        await kafka.createTopic(topic, 2);
        const base = Date.now() - 60_000;
        const producer = await openProducer({ brokers: kafka.brokers() });
        const records = [0, 1].flatMap((partition) =>
          Array.from({ length: 5 }, (_, i) => ({ value: `p${partition}-${i}`, partition, timestamp: base + i * 1000 })),
        );
        await producer.send(topic, records);
        await producer.close();
        const moved = await resetOffsets(
          { group, topic, to: { timestamp: base + 2500 } },
          { brokers: kafka.brokers() },
        );
        expect(moved).toEqual([0, 1].map((partition) => ({ partition, from: null, to: 3 })));
        expect((await readAs(group, topic, 4)).sort()).toEqual(['p0-3', 'p0-4', 'p1-3', 'p1-4']);
      });

    it('refuses while a member of the group is consuming, and leaves its offsets alone', {
      timeout: 60_000,
    }, async () => {
      const topic = topicName('active');
      const group = `${topic}-g`;
      await fill(topic);
      const consumer: Consumer = await openConsumer({
        topic,
        group,
        offset: 'earliest',
        brokers: kafka.brokers(),
        ...timeouts,
      });
      let first: () => void = () => undefined;
      const started = new Promise<void>((resolve) => {
        first = resolve;
      });
      const running = consumer.run(async (batch) => {
        await consumer.commit(batch.topic, batch.partition, batch.records.at(-1)!.offset + 1);
        first();
      });
      try {
        await started;
        await expect(
          resetOffsets({ group, topic, to: { earliest: true } }, { brokers: kafka.brokers() }),
        ).rejects.toMatchObject({
          code: 'log.group-active',
          // Apache Kafka answers DescribeGroups (one member); the mock only refuses the joining resetter
          message: expect.stringContaining(
            `consumer group ${group} has ${kafka.kind === 'real' ? '1 active member' : 'other active members'}`,
          ),
        });
      } finally {
        await consumer.stop();
        await running;
      }
      const committed = (await showOffsets({ group, topic }, { brokers: kafka.brokers() })).map((p) => p.committed);
      expect(committed.some((c) => c !== null && c > 0)).toBe(true);
      expect(committed).not.toContain(0);
    });
  });
});
