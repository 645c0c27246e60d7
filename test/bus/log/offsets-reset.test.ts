import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EmbeddedLog, openConsumer, openEmbeddedLog } from '../../../bus/log/index.js';
import { embeddedOffsetForTime, resetOffsets, showOffsets } from '../../../bus/log/offsets-reset.js';
import { chooseOffsets, resetToFromJson } from '../../../bus/log/reset-to.js';
import type { PartitionBatch } from '../../../bus/log/types.js';

let dir = '';
let log: EmbeddedLog;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'conflux-reset-'));
  log = await openEmbeddedLog(dir, { partitions: 2 });
});
afterEach(async () => {
  await log.close();
  rmSync(dir, { recursive: true, force: true });
});

const group = 'GID_reset';
const topic = 'orders';

/** Partition 0 gets timestamps 5, 1, 10, 7 (not in order, as producers may set them); partition 1 gets 3. */
async function fill(): Promise<void> {
  await log.append(
    topic,
    [5, 1, 10, 7].map((timestamp, i) => ({ value: `p0-${i}`, partition: 0, timestamp })),
  );
  await log.append(
    topic,
    [2, 4, 6].map((timestamp, i) => ({ value: `p1-${i}`, partition: 1, timestamp })),
  );
}

describe('chooseOffsets', () => {
  const ranges = [
    { partition: 0, low: 2, end: 10 },
    { partition: 1, low: 0, end: 4 },
  ];
  const never = async () => Number.NaN;

  it('clamps an offset to [low, end] on every partition, or only the one named', async () => {
    expect([...(await chooseOffsets(topic, ranges, { offset: 1 }, never))]).toEqual([
      [0, 2],
      [1, 1],
    ]);
    expect([...(await chooseOffsets(topic, ranges, { offset: 99 }, never))]).toEqual([
      [0, 10],
      [1, 4],
    ]);
    expect([...(await chooseOffsets(topic, ranges, { offset: 3, partition: 1 }, never))]).toEqual([[1, 3]]);
  });

  it('refuses a partition the topic lacks, and negative or fractional offsets', async () => {
    await expect(chooseOffsets(topic, ranges, { offset: 0, partition: 2 }, never)).rejects.toMatchObject({
      code: 'log.partition',
      message: 'topic orders has no partition 2 (it has 2)',
    });
    await expect(chooseOffsets(topic, ranges, { offset: -1 }, never)).rejects.toMatchObject({ code: 'log.offset' });
    await expect(chooseOffsets(topic, ranges, { offset: 1.5 }, never)).rejects.toMatchObject({ code: 'log.offset' });
  });
});

describe('resetToFromJson (the task API body)', () => {
  it.each([
    [{ earliest: true }, { earliest: true }],
    [{ latest: true }, { latest: true }],
    [{ offset: 7 }, { offset: 7 }],
    [
      { offset: 0, partition: 3 },
      { offset: 0, partition: 3 },
    ],
    [{ timestamp: 1500 }, { timestamp: 1500 }],
    [{ timestamp: '2026-11-30T12:00:00Z' }, { timestamp: 1796040000000 }],
  ])('reads %j', (body, to) => {
    expect(resetToFromJson(body)).toEqual({ to });
  });

  it.each([
    [null, [], 'expected an object'],
    [{}, [], 'give exactly one of earliest, latest, offset, timestamp (got 0)'],
    [{ earliest: true, latest: true }, [], '(got 2)'],
    [{ earliest: false }, ['earliest'], 'must be true'],
    [{ offset: -1 }, ['offset'], 'must be a whole number ≥ 0'],
    [{ offset: 1, partition: 0.5 }, ['partition'], 'must be a whole number ≥ 0'],
    [{ latest: true, partition: 1 }, ['partition'], 'partition goes with offset'],
    [{ timestamp: 'yesterday' }, ['timestamp'], 'ISO 8601'],
    [{ offest: 1 }, ['offest'], 'unknown field'],
  ])('refuses %j at its path', (body, path, message) => {
    const result = resetToFromJson(body);
    expect(result).toEqual({ issues: [{ path, message: expect.stringContaining(message) }] });
  });
});

describe('offsets of a group on the embedded bus', () => {
  it('finds the first offset whose timestamp is at or after a time, not the first in time order', async () => {
    await fill();
    expect(await embeddedOffsetForTime(log, topic, 0, 0)).toBe(0);
    expect(await embeddedOffsetForTime(log, topic, 0, 6)).toBe(2); // 10 at offset 2 comes before 7 at offset 3
    expect(await embeddedOffsetForTime(log, topic, 0, 8)).toBe(2);
    expect(await embeddedOffsetForTime(log, topic, 0, 11)).toBe(4); // none that late: the end
    expect(await embeddedOffsetForTime(log, topic, 1, 4)).toBe(1);
  });

  it('finds a time past the first read chunk of a long partition', async () => {
    const records = Array.from({ length: 2500 }, (_, i) => ({ value: `v${i}`, partition: 0, timestamp: 1000 + i }));
    await log.append(topic, records);
    expect(await embeddedOffsetForTime(log, topic, 0, 3100)).toBe(2100);
  });

  it('shows committed, end and lag per partition; a group that never committed lags by the whole log', async () => {
    await fill();
    expect(await showOffsets({ group, topic }, { log })).toEqual([
      { partition: 0, committed: null, low: 0, end: 4, lag: 4 },
      { partition: 1, committed: null, low: 0, end: 3, lag: 3 },
    ]);
    await log.commit(group, topic, { 0: 3 });
    expect((await showOffsets({ group, topic }, { log })).map((p) => [p.committed, p.lag])).toEqual([
      [3, 1],
      [null, 3],
    ]);
  });

  it('resets to latest, earliest, an offset of one partition, and a time, saying what moved', async () => {
    await fill();
    expect(await resetOffsets({ group, topic, to: { latest: true } }, { log })).toEqual([
      { partition: 0, from: null, to: 4 },
      { partition: 1, from: null, to: 3 },
    ]);
    expect(await log.committed(group, topic)).toEqual({ 0: 4, 1: 3 });
    expect(await resetOffsets({ group, topic, to: { offset: 1, partition: 1 } }, { log })).toEqual([
      { partition: 1, from: 3, to: 1 },
    ]);
    expect(await log.committed(group, topic)).toEqual({ 0: 4, 1: 1 });
    await resetOffsets({ group, topic, to: { timestamp: 6 } }, { log });
    expect(await log.committed(group, topic)).toEqual({ 0: 2, 1: 2 });
    await resetOffsets({ group, topic, to: { earliest: true } }, { log });
    expect(await log.committed(group, topic)).toEqual({ 0: 0, 1: 0 });
  });

  it('a consumer of the group opened after a reset reads from the new offsets', async () => {
    await fill();
    await log.commit(group, topic, { 0: 4, 1: 3 });
    await resetOffsets({ group, topic, to: { timestamp: 7 } }, { log });
    const consumer = await openConsumer({ topic, group, offset: 'latest', log });
    const seen: string[] = [];
    const running = consumer.run(async (batch: PartitionBatch) => {
      seen.push(...batch.records.map((r) => r.value.toString()));
      if (seen.length >= 2) void consumer.stop();
    });
    await running;
    // partition 0 from offset 2 (timestamp 10); partition 1 has nothing that late, so from its end
    expect(seen).toEqual(['p0-2', 'p0-3']);
  });
});
