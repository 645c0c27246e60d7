/**
 * On a 3-node Apache Kafka cluster (replication 3, min.insync.replicas=2), started for this file:
 * three `conflux run` processes sharing one consumer group, one of them killed mid-stream (scale-out).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type KafkaCluster, startKafkaCluster } from '../../infra/kafka/cluster.js';
import { createTopicOn } from '../helpers/kafka-under-test.js';
import { waitFor } from '../helpers/process.js';
import {
  type DeliveredOrder,
  delivered,
  deliveredSeqs,
  orders,
  produceOrders,
  Runs,
  streamDir,
  tally,
} from './kafka-support.js';

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
  const createTopic = (topic: string, partitions: number) => createTopicOn(cluster.bootstrap, topic, partitions);

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
