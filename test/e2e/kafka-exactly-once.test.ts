import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { expect, it } from 'vitest';
import { describeKafka } from '../helpers/kafka-under-test.js';
import { waitFor } from '../helpers/process.js';
import { kafkaSuite, orders, produceOrders, readToEnd, streamDir, tally } from './kafka-support.js';

/** The end offsets of `topic` summed (records written, committed or not, and transaction markers), read by one admin client. */
async function writtenWatch(brokers: string[], topic: string) {
  const admin = new Kafka({ clientId: 'eos-watch', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  return {
    total: async () => (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0),
    close: () => admin.disconnect(),
  };
}

/** The group's committed offsets summed over the topic's partitions. */
async function committedTotal(brokers: string[], group: string, topic: string): Promise<number> {
  const admin = new Kafka({ clientId: 'eos-watch', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [found] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return (found?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

describeKafka(
  'exactly-once Kafka → Kafka (transactions, read_committed)',
  (kafka) => {
    const { brokers, runs } = kafkaSuite(kafka);

    it('holds every input record exactly once after repeated SIGKILLs of the emulator', {
      timeout: 240_000,
    }, async () => {
      const stamp = `${process.pid}-${Date.now() % 1e8}`;
      const [input, output, group] = [`eos-in-${stamp}`, `eos-out-${stamp}`, `GID_eos_${stamp}`];
      const total = 6000;
      await kafka.createTopic(input, 4);
      await kafka.createTopic(output, 4);
      await produceOrders(brokers(), input, orders(0, total), 100);
      const dir = await streamDir(brokers(), input, group);
      await writeFile(
        join(dir, 'conflux.yaml'),
        `version: 1
tasks:
  - name: eos
    source: { type: kafka, topic: ${input}, brokers: ${JSON.stringify(brokers())}, consumerGroup: ${group}, offset: earliest }
    filter: { data: { value: { seq: [{ numeric: [">=", 0] }] } } }
    transform: { form: JSONPATH, value: $.data.value }
    sink: { type: kafka, topic: ${output}, brokers: ${JSON.stringify(brokers())}, key: $.data.value.id }
    delivery: exactly-once
`,
      );
      const kills: number[] = [];
      const written = await writtenWatch(brokers(), output);
      for (let kill = 0; kill < 3; kill++) {
        // kill once this run's sink has written 300 records more (counted from its start, watched by one
        // client, so a fast run cannot finish the stream between two looks): likely mid-transaction
        const want = (await written.total()) + 300;
        const run = runs.start(dir);
        await waitFor(async () => (await written.total()) >= want, `${want} written`, 60_000, 5);
        run.child.kill('SIGKILL');
        await run.exited;
        kills.push(await committedTotal(brokers(), group, input));
      }
      await written.close();
      expect(kills.at(-1)!, 'the last kill landed mid-stream').toBeLessThan(total);
      const last = runs.start(dir);
      await waitFor(async () => (await committedTotal(brokers(), group, input)) >= total, 'all committed', 90_000);
      expect(await runs.stop(last), last.stderr()).toBe(0);

      const got = await readToEnd(brokers(), output, 4);
      const { lost, duplicates, orderBreaks } = tally(got, total);
      console.log(
        JSON.stringify({
          eos: { records: total, kills: kills.length, committedAtKills: kills, lost, duplicates, orderBreaks },
        }),
      );
      expect({ lost, duplicates, orderBreaks }).toEqual({ lost: 0, duplicates: 0, orderBreaks: 0 });
    });
  },
  { only: 'real' },
);
