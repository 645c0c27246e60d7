// node test/bench/kafka-clients/bench.mjs BOOTSTRAP N ROUNDS client1,client2,... (see README.md)
// Per client per round: a fresh 6-partition topic; produce N 1 KB keyed records (acks=all) in sends of
// 1,000 with 4 sends in flight; consume them in a new group from the earliest offset; then single-record
// sends at a fixed 200/s for 5 s (latency p50/p99). Clients are interleaved round by round.
import { Kafka, logLevel } from 'kafkajs';
import { ALL } from './clients.mjs';

const [bootstrap, nArg = '200000', roundsArg = '2', names = 'kafkajs,platformatic'] = process.argv.slice(2);
const brokers = bootstrap.split(',');
const N = Number(nArg);
const BATCH = 1000;
const IN_FLIGHT = 4;
const value = Buffer.alloc(1024, 'x');

const admin = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
await admin.connect();

/** Creates a topic and waits until every partition has a leader that answers (as test/helpers/kafka-under-test.ts). */
async function createTopic(topic, partitions, replicationFactor) {
  await admin.createTopics({
    topics: [{ topic, numPartitions: partitions, replicationFactor }],
    waitForLeaders: false,
  });
  for (let i = 0; i < 300; i++) {
    try {
      const found = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions ?? [];
      if (found.length === partitions && found.every((p) => p.leader >= 0)) {
        await admin.fetchTopicOffsets(topic);
        return;
      }
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${topic} not hosted`);
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function round(client, r) {
  const topic = `bench-${client.name}-${r}-${Date.now()}`;
  await createTopic(topic, 6, brokers.length);
  const producer = await client.producer(brokers);
  // warm-up: metadata, connections
  await producer.send(topic, [{ key: Buffer.from('warm'), value }]);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < N) {
        const start = next;
        next += BATCH;
        const messages = [];
        for (let i = start; i < Math.min(start + BATCH, N); i++) messages.push({ key: Buffer.from(`k${i}`), value });
        await producer.send(topic, messages);
      }
    }),
  );
  const produceMs = performance.now() - t0;
  // fixed rate, one record per send
  const latencies = [];
  const RATE = 200;
  const SECONDS = 5;
  const pending = [];
  const t1 = performance.now();
  for (let i = 0; i < RATE * SECONDS; i++) {
    const due = t1 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((res) => setTimeout(res, wait));
    const s = performance.now();
    pending.push(
      producer.send(topic, [{ key: Buffer.from(`l${i}`), value }]).then(() => latencies.push(performance.now() - s)),
    );
  }
  await Promise.all(pending);
  await producer.close();
  latencies.sort((a, b) => a - b);
  const total = N + 1 + RATE * SECONDS;
  const c0 = performance.now();
  let first;
  const got = await client.consume(brokers, topic, `g-${topic}`, total, () => {
    first ??= performance.now();
  });
  const c1 = performance.now();
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  return {
    client: client.name,
    round: r,
    produce_per_s: Math.round(N / (produceMs / 1000)),
    consume_per_s: Math.round(got / ((c1 - first) / 1000)),
    join_ms: Math.round(first - c0),
    p50_ms: +pct(latencies, 50).toFixed(1),
    p99_ms: +pct(latencies, 99).toFixed(1),
  };
}

const clients = [];
for (const name of names.split(',')) clients.push(await ALL[name]());
const rows = [];
for (let r = 1; r <= Number(roundsArg); r++) {
  for (const client of r % 2 === 1 ? clients : [...clients].reverse()) {
    const row = await round(client, r);
    console.log(JSON.stringify(row));
    rows.push(row);
  }
}
await admin.disconnect();
process.exit(0);
