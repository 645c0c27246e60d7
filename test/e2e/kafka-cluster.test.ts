/**
 * On a 3-node Apache Kafka cluster (replication 3, min.insync.replicas=2), started for this file:
 * the partition leader killed mid-stream (failover), and three `conflux run` processes sharing one
 * consumer group, one of them killed mid-stream (scale-out).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openProducer } from '../../bus/log/index.js';
import { readKafkaTopic } from '../../bus/log/kafka/kafka-read.js';
import { type KafkaCluster, startKafkaCluster } from '../../infra/kafka/cluster.js';
import { createTopicOn, groupCoordinator } from '../helpers/kafka-under-test.js';
import { waitFor } from '../helpers/process.js';
import { watchInFlight } from './in-flight-watch.js';
import { type Order, orders, produceOrders, Runs, readToEnd, tally } from './kafka-support.js';
import { replays } from './key-order.js';

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

/**
 * A temp folder with a conflux.yaml: one task from Kafka `input` (as `group`) through `filter` (a line
 * of YAML, or none) and JSONPATH `$.data.value` to Kafka `output`, keyed by the order id, `acks: all`.
 */
async function pipelineDir(
  brokers: string[],
  input: string,
  output: string,
  group: string,
  filter = '',
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-kafka-cluster-'));
  const list = JSON.stringify(brokers);
  await writeFile(
    join(dir, 'conflux.yaml'),
    `version: 1
tasks:
  - name: orders
    source: { type: kafka, topic: ${input}, brokers: ${list}, consumerGroup: ${group}, offset: earliest }
    ${filter}
    transform: { form: JSONPATH, value: $.data.value }
    sink: { type: kafka, topic: ${output}, brokers: ${list}, key: $.data.value.id, acks: all }
`,
  );
  return dir;
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
  /** Members of a stable `group` that hold partitions. */
  const assignedMembers = (group: string) =>
    admin(async (a) => {
      const [found] = (await a.describeGroups([group])).groups;
      if (found?.state !== 'Stable') return 0;
      return found.members.filter((m) => {
        const assignment = AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {};
        return Object.values(assignment).some((partitions) => partitions.length > 0);
      }).length;
    }).catch(() => 0); // the coordinator moving: asked again

  it('failover: kill -9 the partition leader mid-stream, then restart it and do it again', {
    timeout: 300_000,
  }, async () => {
    const stamp = `${process.pid}-${Date.now() % 1e8}`;
    const [input, output, group] = [`fo-in-${stamp}`, `fo-out-${stamp}`, `GID_fo_${stamp}`];
    await createTopic(input, 4);
    await createTopic(output, 4);
    const dir = await pipelineDir(
      cluster.bootstrap,
      input,
      output,
      group,
      'filter: { data: { value: { seq: [{ numeric: [">=", 0] }] } } }',
    );
    const run = runs.start(dir);
    const perRound = 3000;
    const total = 2 * perRound;
    const killed: number[] = [];
    /** The group's coordinator at each kill: when it is the node killed, commits wait for the group to join again. */
    const coordinators: number[] = [];
    // what the task had not committed, per stretch: from each kill to the next, and from the last to the stop
    const watch = await watchInFlight(cluster.bootstrap, group, input);
    const stretches: Map<number, number>[] = [];
    for (let round = 0; round < 2; round++) {
      const from = round * perRound;
      // fed through conflux's producer, which refuses a send kafkajs resolved without acknowledging it
      const feeding = feed(cluster.bootstrap, input, orders(from, perRound));
      await waitFor(async () => (await written(output)) >= from + perRound / 3, 'a third of the round', 60_000);
      const leader = await busiestLeader([input, output]);
      const before = watch.take(); // nothing failed before the first kill: the stream's own backlog
      if (round > 0) stretches.push(before);
      coordinators.push(await groupCoordinator(cluster.bootstrap, group).catch(() => -1));
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
    const { most, left } = await watch.stop();
    stretches.push(most);
    const got = await readToEnd(cluster.bootstrap, output, 4);
    const fed = await readToEnd(cluster.bootstrap, input, 4);
    const result = tally(got, total);
    // the feeder's own re-sends (a send refused for a partition is sent again whole) are in the input,
    // and the task carries them over faithfully: they are not the task's duplicates
    const fedDuplicates = fed.length - total;
    const taskDuplicates = got.length - fed.length;
    // at-least-once: what the task repeats is what it had not committed when a failure hit (the batches
    // in flight, and behind them what it had not read yet): a redelivery starts at the committed offset.
    // Bound: per stretch, the most records ever uncommitted per partition, summed
    const bound = stretches.reduce((sum, most) => sum + [...most.values()].reduce((a, b) => a + b, 0), 0);
    const inFlight = new Map<number, number>();
    for (const most of stretches) for (const [p, n] of most) inFlight.set(p, Math.max(inFlight.get(p) ?? 0, n));
    // output and input partitions match (same key, same partitioner, same count): a redelivery repeats
    // at most what its partition had in flight
    const tooLong = replays(got).filter((r) => r.length > (inFlight.get(r.partition) ?? 0));
    const { breaks, ...counts } = result;
    console.log(
      JSON.stringify({
        failover: {
          records: total,
          killed,
          coordinators,
          ...counts,
          fedDuplicates,
          taskDuplicates,
          bound,
          stopCode,
          left,
        },
        inFlight: stretches.map((m) => Object.fromEntries(m)),
        replays: replays(got),
      }),
    );
    for (const b of breaks.slice(0, 3)) // what a break looked like, in the output and in the input
      console.log(
        JSON.stringify({ break: b, got: got.filter((r) => r.key === b.key), fed: fed.filter((r) => r.key === b.key) }),
      );
    if (breaks.length > 0) {
      const log = join(dir, 'conflux-run.stderr.log'); // the whole log, for the diagnosis
      await writeFile(log, run.stderr());
      console.log(`conflux run's stderr: ${log}`);
    }
    expect(result.lost).toBe(0);
    expect(breaks).toEqual([]);
    expect(tooLong).toEqual([]);
    expect(taskDuplicates).toBeLessThanOrEqual(bound);
    // a clean stop commits what was delivered: a commit the task skipped or lost would show here
    if (stopCode === 0) expect(left).toBe(0);
  });

  it('scale-out: three processes in one group share 12 partitions; kill -9 one mid-stream, nothing is lost', {
    timeout: 300_000,
  }, async () => {
    const stamp = `${process.pid}-${Date.now() % 1e8}`;
    const [input, output, group] = [`so-in-${stamp}`, `so-out-${stamp}`, `GID_so_${stamp}`];
    await createTopic(input, 12);
    await createTopic(output, 12);
    // Kafka to Kafka: the output partition's log is the one order every process's writes land in
    const dirs = await Promise.all([0, 1, 2].map(() => pipelineDir(cluster.bootstrap, input, output, group)));
    const watch = await watchInFlight(cluster.bootstrap, group, input);
    const procs = dirs.map((dir) => runs.start(dir));
    const total = 6000;
    // every process holds partitions before the stream starts
    await waitFor(async () => (await assignedMembers(group)) === 3, 'three members with partitions', 60_000).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\n${procs.map((p) => p.stderr().slice(-1000)).join('\n')}`);
      },
    );
    const feeding = produceOrders(cluster.bootstrap, input, orders(0, total), 50);
    await waitFor(async () => (await deliveredCount(output)) >= total / 2, 'half the stream', 60_000);
    watch.take(); // nothing failed before the kill: the stream's own backlog
    procs[0]!.child.kill('SIGKILL');
    await procs[0]!.exited;
    const atKill = await deliveredCount(output);
    await feeding;
    await waitFor(async () => (await deliveredCount(output)) >= total, 'every order', 120_000);
    for (const proc of procs.slice(1)) expect(await runs.stop(proc), proc.stderr()).toBe(0);
    const { most: inFlight, left } = await watch.stop();

    const got = await readToEnd(cluster.bootstrap, output, 12);
    const fed = await readToEnd(cluster.bootstrap, input, 12);
    const { breaks, ...result } = tally(got, total);
    const taskDuplicates = got.length - fed.length;
    // at-least-once: the partitions of the killed process (and any moved between survivors in the
    // rebalance) are read again from their committed offsets: at most what was uncommitted then
    const bound = [...inFlight.values()].reduce((a, b) => a + b, 0);
    const tooLong = replays(got).filter((r) => r.length > (inFlight.get(r.partition) ?? 0));
    console.log(
      JSON.stringify({
        scaleOut: { records: total, processes: 3, deliveredAtKill: atKill, ...result, taskDuplicates, bound, left },
        inFlight: Object.fromEntries(inFlight),
        replays: replays(got),
      }),
    );
    expect(atKill).toBeLessThan(total);
    expect(result.lost).toBe(0);
    expect(fed.length).toBe(total); // nothing failed under the feeder: what the output repeats is the task's
    expect(breaks).toEqual([]);
    expect(tooLong).toEqual([]);
    expect(taskDuplicates).toBeLessThanOrEqual(bound);
    expect(left).toBe(0); // the survivors stopped cleanly: everything delivered is committed
  });
});
