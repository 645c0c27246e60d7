import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedLog, openEmbeddedLog } from '../../../../bus/log/embedded/embedded.js';
import { openConsumer } from '../../../../bus/log/index.js';
import type { Consumer, PartitionBatch } from '../../../../bus/log/types.js';

let dir = '';
let log: EmbeddedLog;
afterEach(async () => {
  await log.close();
  rmSync(dir, { recursive: true, force: true });
});

async function setup(): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'conflux-consumer-'));
  log = await openEmbeddedLog(dir, { pollMs: 5 });
}

/** Runs `consumer` until `count` records arrived (committing each batch), then stops it. */
async function take(consumer: Consumer, count: number): Promise<PartitionBatch[]> {
  const batches: PartitionBatch[] = [];
  let seen = 0;
  const running = consumer.run(async (batch) => {
    batches.push(batch);
    seen += batch.records.length;
    await consumer.commit(batch.topic, batch.partition, batch.records[batch.records.length - 1]!.offset + 1);
    if (seen >= count) void consumer.stop();
  });
  await running;
  return batches;
}

const values = (batches: PartitionBatch[]) => batches.flatMap((b) => b.records.map((r) => r.value.toString()));

describe('embedded consumer', () => {
  it('reads from the beginning, then resumes a reopened group after its commits', async () => {
    await setup();
    await log.append(
      't',
      Array.from({ length: 40 }, (_, i) => ({ key: `k${i % 5}`, value: `a${i}` })),
    );
    const first = await take(await openConsumer({ topic: 't', group: 'g', offset: 'earliest', log }), 40);
    expect(values(first).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `a${i}`).sort());
    await log.append('t', [
      { key: 'k1', value: 'b0' },
      { key: 'k2', value: 'b1' },
    ]);
    const second = await take(await openConsumer({ topic: 't', group: 'g', offset: 'earliest', log }), 2);
    expect(values(second).sort()).toEqual(['b0', 'b1']);
  });

  it('starts a new group at the end with latest', async () => {
    await setup();
    await log.append('t', [{ value: 'old', partition: 0 }]);
    const consumer = await openConsumer({ topic: 't', group: 'g', offset: 'latest', log });
    const running = take(consumer, 1);
    await log.append('t', [{ value: 'new', partition: 0 }]);
    expect(values(await running)).toEqual(['new']);
  });

  it('never hands over two batches of one partition at once, and keeps their order', async () => {
    await setup();
    await log.createTopic('t', 2);
    await log.append(
      't',
      Array.from({ length: 200 }, (_, i) => ({ value: String(i), partition: i % 2 })),
    );
    const consumer = await openConsumer({ topic: 't', group: 'g', offset: 'earliest', log, maxBatchRecords: 7 });
    const busy = new Set<number>();
    const next = [0, 0];
    let overlaps = 0;
    let seen = 0;
    await consumer.run(async (batch) => {
      if (busy.has(batch.partition)) overlaps++;
      busy.add(batch.partition);
      for (const r of batch.records) expect(r.offset).toBe(next[batch.partition]!++);
      await new Promise((resolve) => setImmediate(resolve));
      busy.delete(batch.partition);
      seen += batch.records.length;
      if (seen === 200) void consumer.stop();
    });
    expect(overlaps).toBe(0);
    expect(next).toEqual([100, 100]);
  });

  it('rejects run with the error onBatch threw', async () => {
    await setup();
    await log.append('t', [{ value: 'x' }]);
    const consumer = await openConsumer({ topic: 't', group: 'g', offset: 'earliest', log });
    await expect(
      consumer.run(async () => {
        throw new Error('sink down');
      }),
    ).rejects.toThrow('sink down');
    expect(await log.committed('g', 't')).toEqual({});
  });
});
