import { describe, expect, it } from 'vitest';
import { openProducer } from '../../../../bus/log/index.js';
import { readKafkaTopic } from '../../../../bus/log/kafka/kafka-read.js';
import { describeKafka } from '../../../helpers/kafka-under-test.js';

describeKafka('reading a Kafka topic', (kafka) => {
  const topicName = (what: string) => `read${process.pid}-${Date.now() % 1e8}-${what}`;

  /** `perPartition` records on each of the 4 partitions (created with 4), values `p<partition>-<i>`. */
  async function fill(topic: string, perPartition: number): Promise<void> {
    await kafka.createTopic(topic, 4);
    const producer = await openProducer({ brokers: kafka.brokers() });
    const records = [0, 1, 2, 3].flatMap((partition) =>
      Array.from({ length: perPartition }, (_, i) => ({ value: `p${partition}-${i}`, partition, key: `k${i}` })),
    );
    await producer.send(topic, records);
    await producer.close();
  }

  describe('readKafkaTopic', () => {
    it('reads every partition up to its end, in offset order, without committing anything', async () => {
      const topic = topicName('all');
      await fill(topic, 5);
      const records = await readKafkaTopic(kafka.brokers(), topic);
      expect(records.map((r) => `${r.partition}:${r.offset}=${r.value.toString()}`)).toEqual(
        [0, 1, 2, 3].flatMap((p) => Array.from({ length: 5 }, (_, i) => `${p}:${i}=p${p}-${i}`)),
      );
      expect(records[0]).toMatchObject({ topic, key: Buffer.from('k0') });
      // read again: still everything, since the first read left no committed offset behind
      expect(await readKafkaTopic(kafka.brokers(), topic)).toHaveLength(20);
    });

    it('reads only the newest records of each partition when asked for the last few', async () => {
      const topic = topicName('last');
      await fill(topic, 6);
      const records = await readKafkaTopic(kafka.brokers(), topic, { last: 2 });
      expect(records.map((r) => r.value.toString())).toEqual([0, 1, 2, 3].flatMap((p) => [`p${p}-4`, `p${p}-5`]));
    });

    it('answers an empty topic at once, without joining a group', async () => {
      const started = Date.now();
      expect(await readKafkaTopic(kafka.brokers(), topicName('never-written'))).toEqual([]);
      expect(Date.now() - started).toBeLessThan(2500); // a group join alone takes about 3 s on the mock
      const empty = topicName('empty');
      await kafka.createTopic(empty, 4);
      const again = Date.now();
      expect(await readKafkaTopic(kafka.brokers(), empty)).toEqual([]);
      expect(Date.now() - again).toBeLessThan(2500);
    });

    it('fails with a clear error when no broker answers', async () => {
      await expect(readKafkaTopic(['127.0.0.1:1'], 'anything')).rejects.toThrow(
        /cannot read the offsets of topic anything/,
      );
    });
  });
});
