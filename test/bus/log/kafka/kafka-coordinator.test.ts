/**
 * Commits the group coordinator refuses under a running consumer, on a 3-node Apache Kafka cluster started
 * for this file: the coordinator killed (kafkajs 2.2.4 keeps committing to it until the group joins
 * again), or the member dropped for a batch that outlasted its session. The refused commit must land after
 * the join, and nothing be handed over twice.
 */
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openProducer } from '../../../../bus/log/index.js';
import { openKafkaConsumer } from '../../../../bus/log/kafka/kafka-consumer.js';
import type { Consumer, PartitionBatch } from '../../../../bus/log/types.js';
import { type KafkaCluster, startKafkaCluster } from '../../../../infra/kafka/cluster.js';
import { createTopicOn, groupCoordinator } from '../../../helpers/kafka-under-test.js';
import { waitFor } from '../../../helpers/process.js';

describe.skipIf(inject('realKafkaSkip') !== '')('commits the group coordinator refused, under a Kafka consumer', () => {
  let cluster: KafkaCluster;
  let admin: ReturnType<Kafka['admin']>;
  beforeAll(async () => {
    cluster = await startKafkaCluster({ nodes: 3, heapMb: 512 });
    admin = new Kafka({ clientId: 'coordinator-test', brokers: cluster.bootstrap, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  }, 180_000);
  afterAll(async () => {
    await admin?.disconnect();
    await cluster?.stop();
  }, 60_000);

  /** Committed offset per partition of `topic` for `group` (-1: none). */
  async function committed(group: string, topic: string): Promise<Map<number, number>> {
    const [found] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return new Map((found?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  }

  async function feed(topic: string, from: number, count: number): Promise<void> {
    const producer = await openProducer({ brokers: cluster.bootstrap });
    try {
      const records = Array.from({ length: count }, (_, i) => ({ key: `k${from + i}`, value: String(from + i) }));
      for (let attempt = 1; ; attempt++) {
        try {
          await producer.send(topic, records);
          return;
        } catch (error) {
          if (attempt >= 60) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    } finally {
      await producer.close();
    }
  }

  /**
   * Consumes 400 records, committing each batch; then holds the first batch of the next 400 (handed over,
   * not committed yet) while `disrupt` runs, and lets it commit after. Checks that nothing is handed over
   * twice (the held batch's commit was not dropped: a join would fetch it again from the old commit),
   * that no commit passes what was handled, and that everything is committed within 10 s of being handled.
   */
  async function holdOneBatchWhile(
    disrupt: (group: string) => Promise<string>,
    timeouts: { sessionTimeout?: number; rebalanceTimeout?: number; heartbeatInterval?: number } = {},
  ): Promise<void> {
    const stamp = `${process.pid}-${Date.now() % 1e8}`;
    const [topic, group] = [`co-in-${stamp}`, `GID_co_${stamp}`];
    await createTopicOn(cluster.bootstrap, topic, 4);
    await feed(topic, 0, 400);
    const consumer: Consumer = await openKafkaConsumer({
      ...timeouts,
      topic,
      group,
      offset: 'earliest',
      brokers: cluster.bootstrap,
    });
    /** Per partition: the offset after the last record handed over (what the sink acknowledged). */
    const handled = new Map<number, number>();
    const seen = new Map<string, number>();
    let hold: Promise<void> | null = null;
    let held: () => void = () => undefined;
    let holding: () => void = () => undefined;
    const holdingOne = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const running = consumer.run(async (batch: PartitionBatch) => {
      for (const r of batch.records) {
        const key = `${r.partition}@${r.offset}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      if (hold !== null) {
        const waiting = hold;
        hold = null;
        holding();
        await waiting;
      }
      const next = batch.records.at(-1)!.offset + 1;
      handled.set(batch.partition, next);
      await consumer.commit(batch.topic, batch.partition, next);
    });
    try {
      const ends = async () =>
        new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
      const allCommitted = async () => {
        const [end, done] = await Promise.all([ends(), committed(group, topic)]);
        return [...end].every(([p, high]) => done.get(p) === high);
      };
      await waitFor(() => allCommitted().catch(() => false), 'the first 400 committed', 60_000, 100);
      hold = new Promise<void>((resolve) => {
        held = resolve;
      });
      await feed(topic, 400, 400);
      await holdingOne;
      const disrupted = await disrupt(group);
      const disruptedAt = Date.now();
      held(); // the held batch, delivered, commits now
      const handledAll = async () => [...(await ends())].every(([p, high]) => handled.get(p) === high);
      await waitFor(() => handledAll().catch(() => false), 'the next 400 handled', 90_000, 100);
      const handledAt = Date.now();
      // committed soon after: within seconds, not at some later join
      await waitFor(() => allCommitted().catch(() => false), 'the next 400 committed', 10_000, 100);
      console.log(
        JSON.stringify({
          disrupted,
          handledAfterMs: handledAt - disruptedAt,
          committedAfterMs: Date.now() - disruptedAt,
        }),
      );
      for (const [p, offset] of await committed(group, topic)) expect(offset).toBeLessThanOrEqual(handled.get(p)!);
      expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
      expect(seen.size).toBe(800);
    } finally {
      held();
      await consumer.stop();
      await running.catch(() => undefined);
    }
  }

  it('a batch held past the session timeout: the member is dropped, its commit lands after it joins again', {
    timeout: 120_000,
  }, async () => {
    // no heartbeat while the only batch handler is busy: the coordinator drops the member after 6 s
    await holdOneBatchWhile(
      async (group) => {
        const gone = async () => ((await admin.describeGroups([group])).groups[0]?.members.length ?? 0) === 0;
        await waitFor(() => gone().catch(() => false), `the member of ${group} dropped`, 30_000, 100);
        return 'member dropped';
      },
      { sessionTimeout: 6000, rebalanceTimeout: 6000, heartbeatInterval: 500 },
    );
  });

  it('a batch held while the coordinator is killed: its commit lands once the group found the new one', {
    timeout: 180_000,
  }, async () => {
    await holdOneBatchWhile(async (group) => {
      const coordinator = await groupCoordinator(cluster.bootstrap, group);
      await cluster.kill(coordinator);
      return `coordinator ${coordinator} killed`;
    });
  });
});
