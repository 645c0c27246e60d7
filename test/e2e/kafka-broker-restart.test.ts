import { Kafka, logLevel } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type MockCluster, startMockCluster } from '../helpers/mock-cluster.js';
import { waitFor } from '../helpers/process.js';
import { deliveredSeqs, type Order, orders, produceOrders, Runs, streamDir } from './kafka-support.js';

/** How long the broker stays down at least (the stream must ride it out, not just a blip). */
const DOWN_MS = 4000;

/**
 * Produces each order to the partition `partitionOf` names, with retries long enough to outlast the
 * broker's absence. kafkajs sends nothing of a send while one of its leaders is unreachable, so orders
 * meant to flow during the outage go in a send of their own, to partitions whose leaders are up.
 */
async function produceTo(brokers: string[], topic: string, list: Order[], partitionOf: (o: Order) => number) {
  const producer = new Kafka({
    clientId: 'e2e-outage-feeder',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 1000 },
  }).producer();
  await producer.connect();
  try {
    const messages = list.map((o) => ({ key: o.id, value: JSON.stringify(o), partition: partitionOf(o) }));
    await producer.send({ topic, messages });
  } finally {
    await producer.disconnect();
  }
}

describe('a broker restart mid-stream (librdkafka mock cluster through its C API)', () => {
  let cluster: MockCluster;
  const runs = new Runs();
  beforeAll(async () => {
    cluster = await startMockCluster({ brokers: 3 });
  });
  afterEach(() => runs.killAll());
  afterAll(async () => {
    await cluster?.stop();
  });

  it('keeps delivering from the other brokers while a leader is down, and everything once it is back', {
    timeout: 120_000,
  }, async () => {
    const stamp = `${process.pid}-${Date.now() % 1e8}`;
    const topic = `outage-${stamp}`;
    const group = `GID_outage_${stamp}`;
    await cluster.createTopic(topic, 4);
    // broker 1 leads partitions 0 and 3, brokers 2 and 3 one each; the group's coordinator is broker 2
    for (const [partition, leader] of [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 1],
    ] as const)
      await cluster.setLeader(topic, partition, leader);
    await cluster.setCoordinator(group, 2);
    const dir = await streamDir(cluster.brokers, topic, group);
    const run = runs.start(dir);

    await produceOrders(cluster.brokers, topic, orders(0, 400));
    await waitFor(async () => (await deliveredSeqs(dir)).size >= 400, 'the first 400 orders', 40_000);

    await cluster.down(1);
    const downAt = Date.now();
    // orders 400..599 go to partitions 0 and 3 (led by broker 1): that send waits for it to return
    const stalled = produceTo(cluster.brokers, topic, orders(400, 200), (o) => (o.seq % 2 === 0 ? 0 : 3));
    stalled.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
    // orders 600..799 go to partitions 1 and 2 (brokers 2 and 3, up): the stream must go on with them
    await produceTo(cluster.brokers, topic, orders(600, 200), (o) => (o.seq % 2 === 0 ? 1 : 2));
    const flowing = async () => [...(await deliveredSeqs(dir))].filter((seq) => seq >= 600).length;
    await waitFor(
      async () => (await flowing()) >= 200 && Date.now() - downAt >= DOWN_MS,
      'orders 600..799 delivered while broker 1 is down',
      40_000,
    );
    const beforeUp = await deliveredSeqs(dir);
    for (let seq = 400; seq < 600; seq++) expect(beforeUp.has(seq)).toBe(false);
    await cluster.up(1);

    await stalled;
    await produceOrders(cluster.brokers, topic, orders(800, 200));
    await waitFor(async () => (await deliveredSeqs(dir)).size >= 1000, 'all 1000 orders', 60_000);
    expect(await runs.stop(run), run.stderr()).toBe(0);
    const seqs = await deliveredSeqs(dir);
    for (let seq = 0; seq < 1000; seq++) expect(seqs.has(seq)).toBe(true);
    expect(run.stderr()).not.toMatch(/"state":"failed"|task kafka-to-file failed/);
  });

  it("rides out a restart of the group coordinator's broker: nothing is lost, the task does not fail", {
    timeout: 120_000,
  }, async () => {
    const stamp = `${process.pid}-${Date.now() % 1e8}`;
    const topic = `coordinator-${stamp}`;
    const group = `GID_coordinator_${stamp}`;
    await cluster.createTopic(topic, 4);
    // broker 2 leads no partition but coordinates the group: only commits and heartbeats need it
    for (const [partition, leader] of [
      [0, 1],
      [1, 3],
      [2, 3],
      [3, 1],
    ] as const)
      await cluster.setLeader(topic, partition, leader);
    await cluster.setCoordinator(group, 2);
    const dir = await streamDir(cluster.brokers, topic, group);
    const run = runs.start(dir);
    await produceOrders(cluster.brokers, topic, orders(0, 400));
    await waitFor(async () => (await deliveredSeqs(dir)).size >= 400, 'the first 400 orders', 40_000);

    await cluster.down(2);
    await produceOrders(cluster.brokers, topic, orders(400, 400));
    // Whether orders flow while the coordinator is down depends on kafkajs: a fetch that returns
    // before the next heartbeat is delivered (its commit then waits), while a heartbeat that fails
    // first makes the consumer rejoin, which waits for the coordinator. Either way the outage lasts.
    await new Promise((resolve) => setTimeout(resolve, DOWN_MS)); // the fault itself lasts DOWN_MS
    await cluster.up(2);
    await produceOrders(cluster.brokers, topic, orders(800, 200));
    await waitFor(async () => (await deliveredSeqs(dir)).size >= 1000, 'all 1000 orders', 60_000);
    expect(await runs.stop(run), run.stderr()).toBe(0);
    expect(run.stderr()).not.toMatch(/"state":"failed"|task kafka-to-file failed/);
  });
});
