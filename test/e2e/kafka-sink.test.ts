import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CompressionCodecs, CompressionTypes, Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { expect, it } from 'vitest';
import { partitionForKey } from '../../bus/log/index.js';
import { describeKafka } from '../helpers/kafka-under-test.js';
import { kafkaSuite, type Order, orders, produceOrders, streamDir } from './kafka-support.js';

// Counts gzip batches this process decompresses: the consumer below reads gzip transparently, so
// this is how the test sees that the sink compressed what it produced.
const gzip = CompressionCodecs[CompressionTypes.GZIP]!();
let gzipBatches = 0;
CompressionCodecs[CompressionTypes.GZIP] = () => ({
  compress: gzip.compress,
  decompress: async (buffer: Buffer) => {
    gzipBatches++;
    return gzip.decompress(buffer);
  },
});

interface ReadBack {
  partition: number;
  message: KafkaMessage;
}

/** Reads `topic` from the beginning with a plain kafkajs consumer until `want` messages arrived. */
async function readTopic(brokers: string[], topic: string, want: number): Promise<ReadBack[]> {
  const consumer = new Kafka({ clientId: 'e2e-reader', brokers, logLevel: logLevel.NOTHING }).consumer({
    groupId: `${topic}-reader`,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const got: ReadBack[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${got.length} of ${want} messages of ${topic}`)), 40_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          got.push({ partition, message });
          if (got.length >= want) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

describeKafka('the Kafka sink end to end', (kafka) => {
  const { brokers, runs } = kafkaSuite(kafka);

  it('produces each event as the alikafka CloudEvent, keyed and with headers from specs, gzip, on 4 partitions', {
    timeout: 90_000,
  }, async () => {
    const stamp = `${process.pid}-${Date.now() % 1e8}`;
    const [source, target] = [`sink-in-${stamp}`, `sink-out-${stamp}`];
    const total = 300;
    await kafka.createTopic(source, 4);
    await kafka.createTopic(target, 4);
    await produceOrders(brokers(), source, orders(0, total));
    const dir = await streamDir(brokers(), source, `GID_${stamp}`);
    const sink = `{ type: kafka, brokers: ${JSON.stringify(brokers())}, topic: ${target}, key: $.data.value.id,
        headers: { h: { form: CONSTANT, value: x }, seq: $.data.value.seq }, acks: 1, compression: gzip }`;
    await writeFile(
      join(dir, 'conflux.yaml'),
      `version: 1
tasks:
  - name: kafka-to-kafka
    source: { type: kafka, topic: ${source}, brokers: ${JSON.stringify(brokers())}, offset: earliest }
    sink: ${sink}
`,
    );
    const run = runs.start(dir);
    const got = await readTopic(brokers(), target, total);
    expect(await runs.stop(run), run.stderr()).toBe(0);

    const seqs = new Set<number>();
    for (const { partition, message } of got) {
      const event = JSON.parse(String(message.value)) as Record<string, unknown> & {
        data: Record<string, unknown> & { value: Order };
      };
      const order = event.data.value;
      seqs.add(order.seq);
      // DESIGN.md's alikafka shape, keys in that order
      expect(Object.keys(event)).toEqual([
        'specversion',
        'id',
        'source',
        'type',
        'subject',
        'time',
        'datacontenttype',
        'data',
      ]);
      expect(Object.keys(event.data)).toEqual(['topic', 'partition', 'offset', 'timestamp', 'headers', 'key', 'value']);
      expect(event).toMatchObject({
        specversion: '1.0',
        id: `${source}-${event.data.partition}-${event.data.offset}`,
        source: 'acs:alikafka',
        type: 'alikafka:Topic:Message',
        data: { topic: source, key: order.id, headers: { headers: [], isReadOnly: false } },
      });
      expect(String(message.key)).toBe(order.id);
      expect(partition).toBe(partitionForKey(order.id, 4));
      expect(Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]))).toEqual({
        h: 'x',
        seq: String(order.seq),
      });
    }
    expect(seqs.size).toBe(total);
    expect(new Set(got.map((g) => g.partition)).size).toBe(4);
    expect(gzipBatches).toBeGreaterThan(0);
  });
});
