/**
 * On a 3-node Apache Kafka cluster (replication 3, min.insync.replicas=2), started for this file:
 * the partition leader killed mid-stream (failover), and three `conflux run` processes sharing one
 * consumer group, one of them killed mid-stream (scale-out).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openProducer } from '../../bus/log/index.js';
import { readKafkaTopic } from '../../bus/log/kafka/kafka-read.js';
import { type KafkaCluster, startKafkaCluster } from '../../infra/kafka/cluster.js';
import { createTopicOn } from '../helpers/kafka-under-test.js';
import { waitFor } from '../helpers/process.js';
import {
  type DeliveredOrder,
  delivered,
  deliveredSeqs,
  type Order,
  orders,
  produceOrders,
  Runs,
  readToEnd,
  streamDir,
  tally,
} from './kafka-support.js';

/** Produces orders in sends of 50 through conflux's producer, sending again what was not acknowledged. */
async function feed(brokers: string[], topic: string, list: Order[]): Promise<void> {
  const producer = await openProducer({ brokers });
  try {
    for (let i = 0; i < list.length; i += 50) {
      const records = list.slice(i, i + 50).map((o) => ({ key: o.id, value: JSON.stringify(o) }));
      for (let attempt = 1; ; attempt++) {
        try {
          await producer.send(topic, records);
          break;
        } catch (error) {
          if (attempt >= 30) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    }
  } finally {
    await producer.close();
  }
}

describe.skipIf(inject('realKafkaSkip') !== '')('a 3-node Apache Kafka cluster', () => {
  let cluster: KafkaCluster;
  const runs = new Runs();
  beforeAll(async () => {
    cluster = await startKafkaCluster({ nodes: 3, heapMb: 512 });
  }, 180_000);
  afterAll(async () => {
    await runs.killAll();
    await cluster?.stop();
  }, 60_000);
  const admin = async <T>(work: (a: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> => {
    const a = new Kafka({ clientId: 'cluster-test', brokers: cluster.bootstrap, logLevel: logLevel.NOTHING }).admin();
    await a.connect();
    try {
      return await work(a);
    } finally {
      await a.disconnect();
    }
  };
  /** The node leading most partitions of `topics`. */
  const busiestLeader = (topics: string[]) =>
    admin(async (a) => {
      const counts = new Map<number, number>();
      for (const t of (await a.fetchTopicMetadata({ topics })).topics)
        for (const p of t.partitions) counts.set(p.leader, (counts.get(p.leader) ?? 0) + 1);
      return [...counts].sort((x, y) => y[1] - x[1])[0]![0];
    });
  /** Records written to `topic` (end offsets summed). */
  const written = (topic: string) =>
    admin(async (a) => (await a.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0)).catch(
      () => 0, // a leader moving: polled again
    );
  /** Distinct orders in `topic` so far (a fresh read each time). */
  const deliveredCount = (topic: string) => distinctOrders(topic).catch(() => 0); // a leader moving: polled again
  const distinctOrders = async (topic: string) =>
    new Set(
      (await readKafkaTopic(cluster.bootstrap, topic)).map(
        (r) => (JSON.parse(r.value.toString()) as { seq: number }).seq,
      ),
    ).size;
  const createTopic = (topic: string, partitions: number) => createTopicOn(cluster.bootstrap, topic, partitions);

  it('failover: kill -9 the partition leader mid-stream, then restart it and do it again', {
    timeout: 300_000,
  }, async () => {
    const stamp = `${process.pid}-${Date.now() % 1e8}`;
    const [input, output, group] = [`fo-in-${stamp}`, `fo-out-${stamp}`, `GID_fo_${stamp}`];
    await createTopic(input, 4);
    await createTopic(output, 4);
    const dir = await streamDir(cluster.bootstrap, input, group);
    const bootstrap = JSON.stringify(cluster.bootstrap);
    await writeFile(
      join(dir, 'conflux.yaml'),
      `version: 1
tasks:
  - name: failover
    source: { type: kafka, topic: ${input}, brokers: ${bootstrap}, consumerGroup: ${group}, offset: earliest }
    filter: { data: { value: { seq: [{ numeric: [">=", 0] }] } } }
    transform: { form: JSONPATH, value: $.data.value }
    sink: { type: kafka, topic: ${output}, brokers: ${bootstrap}, key: $.data.value.id, acks: all }
`,
    );
    const run = runs.start(dir);
    const perRound = 3000;
    const killed: number[] = [];
    for (let round = 0; round < 2; round++) {
      const from = round * perRound;
      // fed through conflux's producer, which refuses a send kafkajs resolved without acknowledging it
      const feeding = feed(cluster.bootstrap, input, orders(from, perRound));
      await waitFor(async () => (await written(output)) >= from + perRound / 3, 'a third of the round', 60_000);
      const leader = await busiestLeader([input, output]);
      await cluster.kill(leader);
      killed.push(leader);
      await feeding;
      await waitFor(async () => (await deliveredCount(output)) >= from + perRound, `round ${round}`, 120_000).catch(
        (error: unknown) => {
          throw new Error(`${String(error)}\n${run.stderr().slice(-2000)}`);
        },
      );
      await cluster.restart(leader);
    }
    // not asserted: after a failover the emulator's clean stop may outlast Runs.stop's 15 s and be killed
    // (kafkajs disconnecting from the restarted broker; left open, see the commit message)
    const stopCode = await runs.stop(run);
    const result = tally(await readToEnd(cluster.bootstrap, output, 4), 2 * perRound);
    console.log(JSON.stringify({ failover: { records: 2 * perRound, killed, ...result, stopCode } }));
    expect(result.lost).toBe(0);
    // per-key order is reported, not asserted: runs here saw 0 or 1 break in 6,000 (open: the non-idempotent
    // kafkajs feeder and sink retry with several requests in flight, which can reorder across a leader change)
    expect(result.orderBreaks).toBeLessThanOrEqual(2);
    // at-least-once: each kill repeats at most the uncommitted batches (a fetched batch may hold a whole
    // partition's backlog here) and the feeder's and sink's re-sent writes: seen 391 and 1,789 of 6,000
    expect(result.duplicates).toBeLessThanOrEqual(perRound);
  });

  it('scale-out: three processes in one group share 12 partitions; kill -9 one mid-stream, nothing is lost', {
    timeout: 300_000,
  }, async () => {
    const stamp = `${process.pid}-${Date.now() % 1e8}`;
    const topic = `so-${stamp}`;
    const group = `GID_so_${stamp}`;
    await createTopic(topic, 12);
    const dirs = await Promise.all([0, 1, 2].map(() => streamDir(cluster.bootstrap, topic, group)));
    const procs = dirs.map((dir) => runs.start(dir));
    const total = 6000;
    // every process holds partitions before the stream starts: each delivers some of a first trickle
    let produced = 0;
    while ((await Promise.all(dirs.map(async (d) => (await delivered(d)).length > 0))).includes(false)) {
      if (produced > 1200)
        throw new Error(`not every process got partitions: ${procs.map((p) => p.stderr()).join('\n')}`);
      await produceOrders(cluster.bootstrap, topic, orders(produced, 60), 60);
      produced += 60;
      await waitFor(async () => (await deliveredSeqs(...dirs)).size >= produced, `${produced} delivered`, 30_000);
    }
    const feeding = produceOrders(cluster.bootstrap, topic, orders(produced, total - produced), 50);
    await waitFor(async () => (await deliveredSeqs(...dirs)).size >= total / 2, 'half the stream', 60_000);
    procs[0]!.child.kill('SIGKILL');
    await procs[0]!.exited;
    const atKill = (await deliveredSeqs(...dirs)).size;
    await feeding;
    await waitFor(async () => (await deliveredSeqs(...dirs)).size >= total, 'every order', 120_000);
    for (const proc of procs.slice(1)) expect(await runs.stop(proc), proc.stderr()).toBe(0);

    const lines = (await Promise.all(dirs.map((d) => delivered(d)))).flat();
    const asOutput = (l: DeliveredOrder) => ({
      partition: l.data.partition,
      key: l.data.value.id,
      seq: l.data.value.seq,
    });
    // per-key order within each process's file (a key's partition moves whole to one survivor)
    const perProcess = await Promise.all(dirs.map(async (d) => tally((await delivered(d)).map(asOutput), 0)));
    const result = tally(lines.map(asOutput), total);
    const orderBreaks = perProcess.reduce((sum, r) => sum + r.orderBreaks, 0);
    console.log(
      JSON.stringify({ scaleOut: { records: total, processes: 3, deliveredAtKill: atKill, ...result, orderBreaks } }),
    );
    expect(atKill).toBeLessThan(total);
    expect(result.lost).toBe(0);
    expect(orderBreaks).toBe(0);
    // at-least-once: the killed process's uncommitted batches come again, from its 4 partitions at most
    expect(result.duplicates).toBeLessThanOrEqual(4 * 250);
  });
});
