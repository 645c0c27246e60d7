// Adapters: the same produce / consume shape over each client under comparison.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// @platformatic/kafka 2.x needs Node 22 (Promise.withResolvers); this machine has Node 20: polyfilled for the bench only
Promise.withResolvers ??= () => {
  let resolve;
  let reject;
  const promise = new Promise((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};

/** kafkajs 2.2.4, configured as conflux does (bus/log/kafka/kafka-client.ts, kafka-producer.ts, kafka-consumer.ts). */
export async function kafkajs() {
  const { Kafka, logLevel, Partitioners } = await import('kafkajs');
  const client = (brokers) =>
    new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });
  return {
    name: 'kafkajs',
    async producer(brokers) {
      const p = client(brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await p.connect();
      return {
        /** Resolves with the partitions acknowledged, [partition, baseOffset][]. */
        async send(topic, messages) {
          const meta = await p.send({ topic, messages, acks: -1 });
          return meta.map((m) => [m.partition, Number(m.baseOffset)]);
        },
        close: () => p.disconnect(),
      };
    },
    async consume(brokers, topic, groupId, n, onMessage) {
      const c = client(brokers).consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      let count = 0;
      let done;
      const finished = new Promise((r) => {
        done = r;
      });
      await c.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            onMessage?.(batch.partition, m);
            count++;
          }
          if (count >= n) done();
        },
      });
      await finished;
      await c.disconnect();
      return count;
    },
  };
}

/** @platformatic/kafka (pure JS). */
export async function platformatic() {
  const { Producer, Consumer } = await import('@platformatic/kafka');
  return {
    name: 'platformatic',
    async producer(brokers) {
      const p = new Producer({ clientId: 'bench', bootstrapBrokers: brokers, acks: -1, retries: 8, retryDelay: 100 });
      return {
        async send(topic, messages) {
          const res = await p.send({
            messages: messages.map((m) => ({ topic, key: m.key, value: m.value })),
            acks: -1,
          });
          if (res.unwritableNodes?.length) throw new Error(`unwritable nodes ${res.unwritableNodes}`);
          return (res.offsets ?? []).map((o) => [o.partition, Number(o.offset)]);
        },
        close: () => p.close(),
      };
    },
    async consume(brokers, topic, groupId, n, onMessage) {
      const c = new Consumer({
        clientId: 'bench',
        groupId,
        bootstrapBrokers: brokers,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
      });
      const stream = await c.consume({ topics: [topic], mode: 'earliest', autocommit: false });
      let count = 0;
      for await (const m of stream) {
        onMessage?.(m.partition, m);
        if (++count >= n) break;
      }
      await stream.close();
      await c.close();
      return count;
    },
  };
}

/** @confluentinc/kafka-javascript through its KafkaJS-compatible API (librdkafka). */
export async function confluent() {
  const { KafkaJS } = require('@confluentinc/kafka-javascript');
  const client = (brokers) =>
    new KafkaJS.Kafka({ kafkaJS: { clientId: 'bench', brokers, logLevel: KafkaJS.logLevel.NOTHING } });
  return {
    name: 'confluent',
    async producer(brokers) {
      const p = client(brokers).producer({ kafkaJS: { acks: -1 } });
      await p.connect();
      return {
        async send(topic, messages) {
          const meta = await p.send({ topic, messages });
          return meta.map((m) => [m.partition, Number(m.baseOffset)]);
        },
        close: () => p.disconnect(),
      };
    },
    async consume(brokers, topic, groupId, n, onMessage) {
      const c = client(brokers).consumer({ kafkaJS: { groupId, fromBeginning: true, autoCommit: false } });
      await c.connect();
      await c.subscribe({ topic });
      let count = 0;
      let done;
      const finished = new Promise((r) => {
        done = r;
      });
      await c.run({
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            onMessage?.(batch.partition, m);
            count++;
          }
          if (count >= n) done();
        },
      });
      await finished;
      await c.disconnect();
      return count;
    },
  };
}

export const ALL = { kafkajs, platformatic, confluent };
