import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedLog, openEmbeddedLog } from '../../../../bus/log/embedded/embedded.js';
import { partitionForKey } from '../../../../bus/log/murmur2.js';

const dirs: string[] = [];
const logs: EmbeddedLog[] = [];
afterEach(async () => {
  for (const log of logs.splice(0)) await log.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function fresh(options: Parameters<typeof openEmbeddedLog>[1] = {}): Promise<EmbeddedLog> {
  const dir = mkdtempSync(join(tmpdir(), 'conflux-log-'));
  dirs.push(dir);
  return reopen(dir, options);
}

async function reopen(dir: string, options: Parameters<typeof openEmbeddedLog>[1] = {}): Promise<EmbeddedLog> {
  const log = await openEmbeddedLog(dir, options);
  logs.push(log);
  return log;
}

describe('embedded log', () => {
  it('creates topics with 4 partitions by default, or as configured', async () => {
    const log = await fresh();
    expect(await log.partitions('a')).toBe(4);
    expect(await log.createTopic('b', 2)).toBe(2);
    expect(await log.createTopic('b', 8)).toBe(2);
    const other = await fresh({ partitions: 3 });
    expect(await other.partitions('a')).toBe(3);
  });

  it('rejects topic names Kafka would refuse', async () => {
    const log = await fresh();
    await expect(log.partitions('../etc')).rejects.toMatchObject({ code: 'log.topic-name' });
    await expect(log.partitions('')).rejects.toMatchObject({ code: 'log.topic-name' });
  });

  it('keeps the order of one key, in the partition its hash names', async () => {
    const log = await fresh();
    const records = Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 7}`, value: String(i) }));
    const results = await log.append('orders', records);
    expect(results.map((r) => r.partition)).toEqual(records.map((r) => partitionForKey(r.key, 4)));
    for (let k = 0; k < 7; k++) {
      const partition = partitionForKey(`k${k}`, 4);
      const all = await log.read('orders', partition, 0, 1000);
      const values = all.filter((r) => r.key?.toString() === `k${k}`).map((r) => Number(r.value.toString()));
      expect(values).toEqual(records.map((_, i) => i).filter((i) => i % 7 === k));
    }
  });

  it('spreads records without a key round-robin and gives dense offsets per partition', async () => {
    const log = await fresh();
    const results = await log.append(
      't',
      Array.from({ length: 8 }, (_, i) => ({ value: String(i) })),
    );
    expect(results.map((r) => r.partition)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(results.map((r) => r.offset)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(await log.endOffset('t', 2)).toBe(2);
    await expect(log.append('t', [{ value: 'x', partition: 9 }])).rejects.toMatchObject({ code: 'log.partition' });
  });

  it('refuses an oversized record without failing appends grouped with it', async () => {
    const log = await fresh({ partitions: 1 });
    const small = log.append('t', [{ value: 'small' }]);
    await expect(log.append('t', [{ value: Buffer.alloc(64 << 20) }])).rejects.toMatchObject({
      code: 'log.record-too-large',
    });
    expect(await small).toEqual([{ partition: 0, offset: 0 }]);
  });

  it('keeps records, headers and timestamps across a reopen', async () => {
    const log = await fresh();
    await log.append('t', [
      { key: 'k', value: Buffer.from([0, 1, 2]), headers: { a: 'b' }, timestamp: 42, partition: 1 },
    ]);
    await log.close();
    const again = await reopen(log.dir);
    expect(await again.read('t', 1, 0)).toEqual([
      {
        topic: 't',
        partition: 1,
        offset: 0,
        timestamp: 42,
        key: Buffer.from('k'),
        value: Buffer.from([0, 1, 2]),
        headers: { a: 'b' },
      },
    ]);
    expect((await again.append('t', [{ value: 'next', partition: 1 }]))[0]).toEqual({ partition: 1, offset: 1 });
  });

  it('finds any offset through the sparse index across rolled segments', async () => {
    const log = await fresh({ partitions: 1, segmentBytes: 20_000, indexIntervalBytes: 500 });
    const value = (i: number) => `${i}:${'v'.repeat(i % 300)}`;
    for (let i = 0; i < 2000; i += 100) {
      await log.append(
        't',
        Array.from({ length: 100 }, (_, j) => ({ value: value(i + j) })),
      );
    }
    const segments = readdirSync(join(log.dir, 'topics', 't', '0')).filter((f) => f.endsWith('.log'));
    expect(segments.length).toBeGreaterThan(5);
    // a fresh instance has no read cursor: every lookup goes through the index
    const reader = await reopen(log.dir, { segmentBytes: 20_000 });
    for (const offset of [0, 1, 99, 100, 777, 1234, 1500, 1998, 1999]) {
      const got = await reader.read('t', 0, offset, 3);
      expect(got.map((r) => r.offset)).toEqual([offset, offset + 1, offset + 2].filter((o) => o < 2000));
      expect(got[0]!.value.toString()).toBe(value(offset));
    }
    expect(await reader.read('t', 0, 2000)).toEqual([]);
    expect(await reader.read('t', 0, 5000)).toEqual([]);
    let next = 0;
    for (
      let batch = await reader.read('t', 0, 0, 333);
      batch.length > 0;
      batch = await reader.read('t', 0, next, 333)
    ) {
      for (const r of batch) expect(r.offset).toBe(next++);
    }
    expect(next).toBe(2000);
  });

  it('groups concurrent appends and acknowledges each with its own offsets', async () => {
    const log = await fresh({ partitions: 1 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => log.append('t', [{ value: `a${i}` }, { value: `b${i}` }])),
    );
    const all = await log.read('t', 0, 0, 1000);
    expect(all).toHaveLength(100);
    results.forEach((pair, i) => {
      expect(pair[1]!.offset).toBe(pair[0]!.offset + 1);
      expect(all[pair[0]!.offset]!.value.toString()).toBe(`a${i}`);
      expect(all[pair[1]!.offset]!.value.toString()).toBe(`b${i}`);
    });
  });

  it('wakes a waiting reader when another instance appends, and times out otherwise', async () => {
    const writer = await fresh({ partitions: 1 });
    const reader = await reopen(writer.dir, { pollMs: 5 });
    await reader.waitForData('t', 0, 0, 20);
    expect(await reader.endOffset('t', 0)).toBe(0);
    const waiting = reader.waitForData('t', 0, 0, 30_000);
    await writer.append('t', [{ value: 'x' }]);
    await waiting;
    expect((await reader.read('t', 0, 0)).map((r) => r.value.toString())).toEqual(['x']);
    const aborted = new AbortController();
    const stopped = reader.waitForData('t', 0, 1, 30_000, aborted.signal);
    aborted.abort();
    await stopped;
  });
});

describe('closing the embedded log', () => {
  it('finishes the appends already submitted, then refuses new ones', async () => {
    const log = await fresh({ partitions: 1 });
    const pending = Array.from({ length: 20 }, (_, i) => log.append('t', [{ value: String(i) }]));
    await log.close();
    expect((await Promise.all(pending)).map(([r]) => r!.offset)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await expect(log.append('t', [{ value: 'late' }])).rejects.toMatchObject({ code: 'log.closed' });
    const again = await reopen(log.dir);
    expect(await again.endOffset('t', 0)).toBe(20);
  });
});
