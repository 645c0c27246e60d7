import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { expect, it } from 'vitest';
import { describeKafka } from '../helpers/kafka-under-test.js';
import { waitFor } from '../helpers/process.js';
import { kafkaSuite, orders, produceOrders, streamDir } from './kafka-support.js';

interface Output {
  partition: number;
  key: string;
  seq: number;
}

/** The end offsets of `topic` summed: records written, committed or not (and transaction markers). */
async function writtenTotal(brokers: string[], topic: string): Promise<number> {
  const admin = new Kafka({ clientId: 'eos-watch', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
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

/**
 * Everything committed to `topic`, read `read_committed`: a sentinel appended to each partition after
 * the stream stopped marks its end, so every committed record before it has been read.
 */
async function readCommitted(brokers: string[], topic: string, partitions: number): Promise<Output[]> {
  const kafka = new Kafka({ clientId: 'eos-reader', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: partitions }, (_, partition) => ({ partition, value: 'END' })),
  });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `${topic}-reader`, maxWaitTimeInMs: 100, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const got: Output[] = [];
  const ended = new Set<number>();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ended ${ended.size} of ${partitions} partitions`)), 60_000);
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        const value = String(message.value);
        if (value === 'END') ended.add(partition);
        else got.push({ partition, key: String(message.key), seq: (JSON.parse(value) as { seq: number }).seq });
        if (ended.size === partitions) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return got;
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
      for (const share of [0.15, 0.4, 0.65]) {
        const run = runs.start(dir);
        const want = Math.floor(total * share);
        // kill once the sink has written past the share: likely mid-transaction, before its commit
        await waitFor(async () => (await writtenTotal(brokers(), output)) >= want, `${want} written`, 60_000);
        run.child.kill('SIGKILL');
        await run.exited;
        kills.push(await committedTotal(brokers(), group, input));
      }
      expect(kills.at(-1)!, 'the last kill landed mid-stream').toBeLessThan(total);
      const last = runs.start(dir);
      await waitFor(async () => (await committedTotal(brokers(), group, input)) >= total, 'all committed', 90_000);
      expect(await runs.stop(last), last.stderr()).toBe(0);

      const got = await readCommitted(brokers(), output, 4);
      const seqs = new Set(got.map((o) => o.seq));
      const lost = total - seqs.size;
      const duplicates = got.length - seqs.size;
      let orderBreaks = 0;
      const lastByKey = new Map<string, number>();
      for (const o of got) {
        if ((lastByKey.get(o.key) ?? -1) > o.seq) orderBreaks++;
        lastByKey.set(o.key, o.seq);
      }
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
