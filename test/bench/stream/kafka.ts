import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { openEmbeddedLog } from '../../../bus/log/index.js';
import { kafkaClient } from '../../../bus/log/kafka/kafka-client.js';
import { Task } from '../../../bus/task/task.js';
import { validateTask } from '../../../infra/config/index.js';
import { wireTask } from '../../../infra/wire/task.js';
import { instrument } from './instrument.js';
import { latency, rssSampler, until, type WorkloadRecord } from './measure.js';
import { RUNNER } from './reference.js';

/** The conflux task the pipeline bench runs: Kafka → filter → TEMPLATE → Kafka (acks=all). */
function pipelineTask(name: string, brokers: string[], topicA: string, topicB: string, delivery: Delivery) {
  const result = validateTask({
    name,
    source: { type: 'kafka', topic: topicA, brokers, offset: 'earliest', consumerGroup: `${name}-group` },
    filter: { data: { topic: [topicA] } },
    transform: {
      form: 'TEMPLATE',
      value: { id: '$.data.key', partition: '$.data.partition' },
      template: '{"id":"${id}","p":${partition}}',
    },
    sink: { type: 'kafka', topic: topicB, brokers, acks: 'all' },
    delivery,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

/** Creates topics with `partitions` partitions each (Apache Kafka; the mock makes its own on first use). */
export async function createTopics(brokers: string[], topics: string[], partitions: number): Promise<void> {
  const admin = kafkaClient(brokers, 'bench-admin').admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/** Produces records to a topic with one kafkajs producer, 500 a send, acks=-1, stamping each send's time. */
export async function fill(
  brokers: string[],
  topic: string,
  records: WorkloadRecord[],
  ratePerSec?: number,
): Promise<void> {
  const producer = kafkaClient(brokers, 'bench-feeder').producer();
  await producer.connect();
  const step = ratePerSec === undefined ? 500 : Math.max(1, Math.round(ratePerSec / 100));
  const started = Date.now();
  for (let i = 0; i < records.length; i += step) {
    if (ratePerSec !== undefined) {
      const due = started + (i / ratePerSec) * 1000;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    }
    const messages = records
      .slice(i, i + step)
      .map((r) => ({ key: r.key, value: r.value, timestamp: String(Date.now()) }));
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
}

/**
 * Feeds `records` to `topic` at `rate`/s from a worker thread, with the reference's own feeder (its
 * `role: 'feeder'` worker: every 10 ms one send of all that has come due, each stamped with its send
 * time), so the live lines of conflux and the reference are offered the same stream. Resolves with
 * what it sent per second.
 */
export function feedAtRate(brokers: string[], topic: string, records: WorkloadRecord[], rate: number) {
  const recs = records.map(({ key, value }) => ({ key, value }));
  const deps = fileURLToPath(new URL('../../../', import.meta.url));
  const worker = new Worker(RUNNER, {
    workerData: { role: 'feeder', brokers: brokers.join(','), deps, topic, rate, recs },
  });
  return new Promise<{ sent: number; sentPerSec: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`feeder exited ${code}`));
    });
  });
}

/** A task's delivery guarantee: exactly-once adds a Kafka transaction per batch. */
export type Delivery = 'at-least-once' | 'exactly-once';

/** Runs the pipeline task over topic A until `count` records are acknowledged by topic B; one report line. */
export async function benchPipeline(
  brokers: string[],
  topicA: string,
  count: number,
  live?: { records: WorkloadRecord[]; rate: number },
  delivery: Delivery = 'at-least-once',
) {
  const topicB = `${topicA}-out${live ? '-live' : ''}`;
  const unused = `/tmp/conflux-bench-unused-${process.pid}`;
  const log = await openEmbeddedLog(unused);
  const parts = await wireTask(
    pipelineTask(`bench-${process.pid}-${live ? 'live' : 'backlog'}`, brokers, topicA, topicB, delivery),
    {
      log,
      dialect: 'aws',
      baseDir: process.cwd(),
    },
  );
  const { parts: probed, probe } = instrument(parts, { fromRecordTime: live !== undefined });
  const rss = rssSampler();
  const task = new Task(probed);
  await task.start();
  let feeder: ReturnType<typeof feedAtRate> | undefined;
  if (live) {
    // One record creates the topic and proves the group fetches; the feed starts after it, so the join is excluded.
    await fill(brokers, topicA, live.records.slice(0, 1));
    await until(() => probe.acked >= 1 || task.status().state !== 'running', 'first fetch', 60_000);
    probe.samples.length = 0;
    probe.first = null;
    probe.acked = 0;
    probe.batches = 0;
    probe.writes = 0;
    feeder = feedAtRate(brokers, topicA, live.records, live.rate);
    feeder.catch(() => {}); // awaited below
  }
  await until(() => probe.acked >= count || task.status().state !== 'running', `${count} acknowledged`);
  const fed = await feeder;
  const memory = rss.stop();
  if (task.status().state !== 'running') throw new Error(`task stopped: ${task.status().reason}`);
  await task.stop();
  await log.close();
  await rm(unused, { recursive: true, force: true });
  const seconds = (probe.last! - probe.first!) / 1000;
  return {
    bench: live ? 'pipeline-live' : 'pipeline',
    peer: `conflux@0.1.0 task kafka→filter→TEMPLATE→kafka concurrency=1${delivery === 'exactly-once' ? ' exactly-once' : ''}`,
    messages: probe.acked,
    bytes: probe.bytes,
    eventsPerSec: Math.round(probe.acked / seconds),
    ...latency(probe.samples),
    ...memory,
    latencyOf: live ? 'A produce timestamp → B ack' : 'batch fetched → B ack (A is a backlog)',
    ...(live ? { offeredPerSec: live.rate, feederSentPerSec: Math.round(fed!.sentPerSec) } : {}),
    msgsPerBatch: Math.round((probe.acked / probe.batches) * 10) / 10,
    sinkWrites: probe.writes,
    seconds: Math.round(seconds * 1000) / 1000,
    topicA,
    topicB,
  };
}
