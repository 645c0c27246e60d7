import { expect, it } from 'vitest';
import { describeKafka } from '../helpers/kafka-under-test.js';
import { waitFor } from '../helpers/process.js';
import { delivered, deliveredSeqs, kafkaSuite, orders, produceOrders, type Runs, streamDir } from './kafka-support.js';

describeKafka('a consumer group rebalance when a second emulator joins', (kafka) => {
  const { brokers, runs } = kafkaSuite(kafka);

  it('splits the partitions between both, and every event arrives at least once', { timeout: 180_000 }, async () => {
    const stamp = `${process.pid}-${Date.now() % 1e8}`;
    const topic = `rebalance-${stamp}`;
    const group = `GID_rebalance_${stamp}`;
    await kafka.createTopic(topic, 4);
    const [a, b] = [await streamDir(brokers(), topic, group), await streamDir(brokers(), topic, group)];
    let produced = 0;
    const feed = async (count: number) => {
      await produceOrders(brokers(), topic, orders(produced, count));
      produced += count;
      const want = produced;
      await waitFor(async () => (await deliveredSeqs(a, b)).size >= want, `${want} orders delivered`, 60_000).catch(
        (error: unknown) => {
          throw new Error(`${String(error)}\nA: ${first.stderr()}\nB: ${second?.stderr() ?? '(not started)'}`);
        },
      );
    };

    const first = runs.start(a);
    let second: ReturnType<Runs['start']> | undefined;
    await feed(400);
    expect((await delivered(a)).length).toBeGreaterThanOrEqual(400);

    // B joins while orders keep coming; each batch is awaited through A or B, so the stream never stalls for good
    second = runs.start(b);
    let batches = 0;
    while ((await delivered(b)).length === 0) {
      if (++batches > 60) throw new Error(`B delivered nothing after ${batches} batches: ${second.stderr()}`);
      await feed(20);
    }
    const settled = produced;
    for (let i = 0; i < 10; i++) await feed(20);

    expect(await runs.stop(second)).toBe(0);
    expect(await runs.stop(first)).toBe(0);
    const all = await deliveredSeqs(a, b);
    for (let seq = 0; seq < produced; seq++) expect(all.has(seq)).toBe(true);
    expect(all.size).toBe(produced);

    // after the rebalance both members read: each was handed partitions of its own. (Which ones may still
    // change: on the mock a member whose SyncGroup comes after the leader's is refused and joins again.)
    const late = async (dir: string) =>
      new Set((await delivered(dir)).filter((l) => l.data.value.seq >= settled).map((l) => l.data.partition));
    const [partsA, partsB] = [await late(a), await late(b)];
    expect(partsA.size).toBeGreaterThan(0);
    expect(partsB.size).toBeGreaterThan(0);
    expect(partsA.size + partsB.size).toBeGreaterThanOrEqual(4);
  });
});
