// node test/bench/kafka-clients/failover.mjs TRIALS client1,client2,... (see README.md)
// A 3-node cluster (RF3, min.insync.replicas=2). Per client per trial: a fresh 6-partition topic; two loops
// send 60 records each (explicit partition seq % 6, acks=all) until stopped; 1.5 s in, kill -9 the broker
// leading most partitions; 6 s later stop, restart the broker, read the topic back to its end offsets and
// count acknowledged records that are missing. "acked" = send() resolved; "acked (checked)" = send()
// resolved AND the response named every partition written (conflux's workaround in kafka-producer.ts).
import { Kafka, logLevel } from 'kafkajs';
import { register } from 'tsx/esm/api';
import { ALL } from './clients.mjs';

register();
const { startKafkaCluster } = await import('../../../infra/kafka/cluster.ts');

const [trialsArg = '3', names = 'kafkajs,platformatic'] = process.argv.slice(2);
const cluster = await startKafkaCluster({ nodes: 3, heapMb: 512 });
const brokers = cluster.bootstrap;
console.error(`cluster ${brokers.join(',')}`);
const kafka = new Kafka({ clientId: 'fo-admin', brokers, logLevel: logLevel.NOTHING });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `work` with an admin client; again (up to 20 times) while leaders move after a kill or restart. */
async function withAdmin(work) {
  for (let attempt = 1; ; attempt++) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      return await work(admin);
    } catch (error) {
      if (attempt >= 20) throw error;
      await sleep(500);
    } finally {
      await admin.disconnect();
    }
  }
}

async function createTopic(topic) {
  await withAdmin(async (admin) => {
    await admin.createTopics({ topics: [{ topic, numPartitions: 6, replicationFactor: 3 }], waitForLeaders: false });
    for (let i = 0; i < 300; i++) {
      try {
        const found = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions ?? [];
        if (found.length === 6 && found.every((p) => p.leader >= 0)) {
          await admin.fetchTopicOffsets(topic);
          return;
        }
      } catch {}
      await sleep(50);
    }
    throw new Error('not hosted');
  });
}

const busiestLeader = (topic) =>
  withAdmin(async (admin) => {
    const counts = new Map();
    for (const p of (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions)
      counts.set(p.leader, (counts.get(p.leader) ?? 0) + 1);
    return [...counts].sort((x, y) => y[1] - x[1])[0][0];
  });

/** Every record of `topic` up to its end offsets (per partition), or what was read in 120 s; and whether it is all. */
async function readAll(topic) {
  const ends = await withAdmin((admin) => admin.fetchTopicOffsets(topic));
  const high = new Map(ends.map((p) => [p.partition, Number(p.high)]));
  const written = ends.reduce((s, p) => s + Number(p.high), 0);
  const next = new Map(ends.map((p) => [p.partition, 0]));
  const seen = [];
  const complete = () => [...high].every(([p, h]) => next.get(p) >= h);
  if (complete()) return { seen, written, complete: true };
  const consumer = kafka.consumer({ groupId: `read-${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done;
  const finished = new Promise((r) => {
    done = r;
  });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      seen.push(Number(message.value.toString().split(':')[1]));
      next.set(partition, Number(message.offset) + 1);
      if (complete()) done();
    },
  });
  await Promise.race([finished, sleep(120_000)]);
  await consumer.disconnect();
  return { seen, written, complete: complete() };
}

async function trial(client, t) {
  const topic = `fo-${client.name}-${t}-${Date.now() % 1e8}`;
  await createTopic(topic);
  const producer = await client.producer(brokers);
  const acked = new Set();
  const checked = new Set();
  let sent = 0;
  let failedSends = 0;
  let silentPartial = 0;
  let stop = false;
  let seq = 0;
  const loop = async () => {
    while (!stop) {
      const batch = Array.from({ length: 60 }, () => seq++);
      const messages = batch.map((s) => ({
        key: Buffer.from(`k${s}`),
        value: Buffer.from(`v:${s}`),
        partition: s % 6,
      }));
      sent += batch.length;
      try {
        const answered = new Set((await producer.send(topic, messages)).map(([p]) => p));
        for (const s of batch) acked.add(s);
        if ([0, 1, 2, 3, 4, 5].every((p) => answered.has(p))) for (const s of batch) checked.add(s);
        else silentPartial++;
      } catch {
        failedSends++;
        await sleep(100);
      }
    }
  };
  const loops = [loop(), loop()];
  await sleep(1500);
  const leader = await busiestLeader(topic);
  await cluster.kill(leader, 'SIGKILL');
  await sleep(6000);
  stop = true;
  await Promise.all(loops);
  await producer.close().catch(() => {});
  await cluster.restart(leader);
  const { seen, written, complete } = await readAll(topic);
  const read = new Set(seen);
  const lostAcked = [...acked].filter((s) => !read.has(s)).length;
  const lostChecked = [...checked].filter((s) => !read.has(s)).length;
  return {
    client: client.name,
    trial: t,
    killed: leader,
    sent,
    acked: acked.size,
    written,
    read: read.size,
    read_complete: complete,
    lost_acked: lostAcked,
    resolved_without_all_partitions: silentPartial,
    lost_checked: lostChecked,
    failed_sends: failedSends,
  };
}

try {
  const clients = [];
  for (const name of names.split(',')) clients.push(await ALL[name]());
  for (let t = 1; t <= Number(trialsArg); t++)
    for (const client of clients) console.log(JSON.stringify(await trial(client, t)));
} finally {
  await cluster.stop();
}
process.exit(0); // clients that failed over may keep sockets open
