import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeKafka } from '../helpers/kafka-under-test.js';
import { runCliProcess, waitFor } from '../helpers/process.js';
import {
  type DeliveredOrder,
  delivered,
  deliveredSeqs,
  orders,
  produceOrders,
  Runs,
  streamDir,
} from './kafka-support.js';

/**
 * The delivered lines beyond the first of each order, by partition: the offsets delivered twice.
 * At-least-once with commits after the sink: what a SIGKILL can repeat is the batch in hand.
 */
function duplicates(lines: DeliveredOrder[]): Map<number, number[]> {
  const seen = new Set<number>();
  const out = new Map<number, number[]>();
  for (const { data } of lines) {
    if (!seen.has(data.value.seq)) {
      seen.add(data.value.seq);
      continue;
    }
    const list = out.get(data.partition) ?? [];
    list.push(data.offset);
    out.set(data.partition, list);
  }
  return out;
}

/** Each partition repeated at most one batch: one run of consecutive offsets, at most `maxBatch` long. */
function expectOneBatchPerPartition(dups: Map<number, number[]>, maxBatch: number): void {
  for (const [partition, offsets] of dups) {
    const sorted = [...new Set(offsets)].sort((a, b) => a - b);
    expect(sorted.length, `partition ${partition} repeated ${sorted.length} offsets`).toBeLessThanOrEqual(maxBatch);
    expect(sorted, `partition ${partition} repeated more than one run`).toEqual(sorted.map((_, i) => sorted[0]! + i));
    expect(offsets.length, `partition ${partition}: an offset came three times`).toBe(sorted.length);
  }
}

/** SIGKILLs `conflux run` in `dir` once it delivered something, restarts it, and waits for all `total` orders. */
async function killAndRestart(runs: Runs, dir: string, total: number): Promise<DeliveredOrder[]> {
  let run = runs.start(dir);
  await waitFor(async () => (await delivered(dir)).length > 0, 'the first delivered lines', 40_000);
  run.child.kill('SIGKILL');
  await run.exited;
  const beforeCrash = await deliveredSeqs(dir);
  expect(beforeCrash.size).toBeLessThan(total); // the kill landed mid-stream
  run = runs.start(dir);
  await waitFor(async () => (await deliveredSeqs(dir)).size >= total, `all ${total} orders`, 60_000);
  expect(await runs.stop(run)).toBe(0);
  const lines = await delivered(dir);
  const seqs = new Set(lines.map((l) => l.data.value.seq));
  for (let seq = 0; seq < total; seq++) expect(seqs.has(seq)).toBe(true);
  expect(seqs.size).toBe(total);
  return lines;
}

describe('SIGKILL mid-stream and restart: nothing lost, duplicates bounded', () => {
  const runs = new Runs();
  afterEach(() => runs.killAll());

  describeKafka('reading Kafka', (kafka) => {
    it('re-delivers at most the one batch in flight', { timeout: 120_000 }, async () => {
      const stamp = `${process.pid}-${Date.now() % 1e8}`;
      const topic = `crash-${stamp}`;
      const total = 6000;
      // sends of 200 over 4 partitions: the mock hands a fetch one produced batch, about 50 records
      await kafka.createTopic(topic, 4);
      await produceOrders(kafka.brokers(), topic, orders(0, total), 200);
      const dir = await streamDir(kafka.brokers(), topic, `GID_crash_${stamp}`);
      const dups = duplicates(await killAndRestart(runs, dir, total));
      // one partition at a time: kafkajs hands the task one batch, and the next only after its commit
      expect(dups.size).toBeLessThanOrEqual(1);
      // the mock hands a fetch one produced batch (200); Apache Kafka up to 1 MiB a partition: all 1,500
      expectOneBatchPerPartition(dups, kafka.kind === 'mock' ? 200 : total / 4);
    });
  });

  describe('reading the embedded bus', () => {
    it('re-delivers at most one batch per partition', { timeout: 120_000 }, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'conflux-crash-embedded-'));
      await writeFile(
        join(dir, 'conflux.yaml'),
        `version: 1
tasks:
  - name: embedded-to-file
    source: { type: kafka, topic: orders, offset: earliest }
    sink: { type: file, path: out.jsonl }
`,
      );
      const total = 20_000;
      const lines = orders(0, total)
        .map((o) => JSON.stringify(o))
        .join('\n');
      const produced = await runCliProcess(['produce', '--topic', 'orders', '--key', '$.id'], {
        cwd: dir,
        stdin: lines,
      });
      expect(produced.code, produced.stderr).toBe(0);
      // each partition is read in batches of at most 1,000 records (infra/wire/task.ts), one in hand per partition
      expectOneBatchPerPartition(duplicates(await killAndRestart(runs, dir, total)), 1000);
    });
  });
});
