import { expect, it } from 'vitest';
import { describeKafka } from '../helpers/kafka-under-test.js';
import { runCliProcess, waitFor } from '../helpers/process.js';
import { delivered, deliveredSeqs, kafkaSuite, orders, produceOrders, streamDir } from './kafka-support.js';

describeKafka(
  'where a Kafka task starts: offset latest, and a group whose offsets `conflux offsets` moved',
  (kafka) => {
    const { brokers, runs } = kafkaSuite(kafka);

    it('a new group with offset latest skips what was there before it joined', { timeout: 90_000 }, async () => {
      const stamp = `${process.pid}-${Date.now() % 1e8}`;
      const topic = `latest-${stamp}`;
      await produceOrders(brokers(), topic, orders(0, 100));
      const dir = await streamDir(brokers(), topic, `GID_latest_${stamp}`, 'latest');
      const run = runs.start(dir);
      // the join takes a few seconds and nothing tells when it is done: one order at a time until one arrives
      let next = 100;
      for (;;) {
        await produceOrders(brokers(), topic, orders(next, 1));
        next++;
        const arrived = await waitFor(async () => (await delivered(dir)).length > 0, 'a first order', 1000).then(
          () => true,
          () => false,
        );
        if (arrived) break;
        if (next > 160) throw new Error(`nothing arrived after 60 orders: ${run.stderr()}`);
      }
      expect(await runs.stop(run)).toBe(0);
      const seqs = await deliveredSeqs(dir);
      expect([...seqs].every((seq) => seq >= 100)).toBe(true);
    });

    it('starts an existing group where `conflux offsets reset` put it, and refuses a reset while it runs', {
      timeout: 90_000,
    }, async () => {
      const stamp = `${process.pid}-${Date.now() % 1e8}`;
      const topic = `existing-${stamp}`;
      const group = `GID_existing_${stamp}`;
      await kafka.createTopic(topic, 4);
      await produceOrders(brokers(), topic, orders(0, 100));
      const dir = await streamDir(brokers(), topic, group);
      const flags = ['--group', group, '--topic', topic, '--brokers', brokers().join(','), '--json'];
      const reset = await runCliProcess(['offsets', 'reset', ...flags, '--to-offset', '5'], { cwd: dir });
      expect(reset.code, reset.stderr).toBe(0);
      const moved = reset.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { partition: number; to: number });
      expect(moved.map((m) => m.to)).toEqual([5, 5, 5, 5]);

      // offset: earliest applies only to a group without commits: this one starts at offset 5 everywhere
      const run = runs.start(dir);
      await waitFor(async () => (await delivered(dir)).length >= 80, '80 orders (100 less 5 per partition)', 40_000);
      const busy = await runCliProcess(['offsets', 'reset', ...flags, '--to-earliest'], { cwd: dir });
      expect(busy.code).toBe(1);
      const members = kafka.kind === 'real' ? '1 active member' : 'other active members';
      expect(busy.stderr).toContain(`consumer group ${group} has ${members}`);
      expect(await runs.stop(run)).toBe(0);

      const lines = await delivered(dir);
      expect(lines.every((l) => l.data.offset >= 5)).toBe(true);
      expect(new Set(lines.map((l) => l.data.value.seq)).size).toBe(80);
      const shown = await runCliProcess(['offsets', 'show', ...flags], { cwd: dir });
      const lag = shown.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { lag: number }).lag);
      expect(lag).toEqual([0, 0, 0, 0]);
    });
  },
);
