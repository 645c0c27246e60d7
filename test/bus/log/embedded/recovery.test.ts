import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEmbeddedLog } from '../../../../bus/log/embedded/embedded.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const segment = () => join(dir, 'topics', 't', '0', '00000000000000000000.log');
const index = () => join(dir, 'topics', 't', '0', '00000000000000000000.index');

async function seed(count: number): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'conflux-recovery-'));
  const log = await openEmbeddedLog(dir, { partitions: 1, indexIntervalBytes: 100 });
  for (let i = 0; i < count; i += 10) {
    await log.append(
      't',
      Array.from({ length: 10 }, (_, j) => ({ key: `k${i + j}`, value: `value ${i + j}` })),
    );
  }
  await log.close();
}

async function values(): Promise<string[]> {
  const log = await openEmbeddedLog(dir);
  const out = (await log.read('t', 0, 0, 10_000)).map((r) => r.value.toString());
  await log.close();
  return out;
}

describe('recovery', () => {
  it('cuts a torn tail at the first bad frame; earlier records stay, appends go on from there', async () => {
    await seed(50);
    const size = statSync(segment()).size;
    truncateSync(segment(), size - 7); // the last frame loses its end, as after a kill mid-write
    expect(await values()).toEqual(Array.from({ length: 49 }, (_, i) => `value ${i}`));
    const log = await openEmbeddedLog(dir, { indexIntervalBytes: 100 });
    expect(await log.append('t', [{ value: 'after' }])).toEqual([{ partition: 0, offset: 49 }]);
    await log.close();
    const all = await values();
    expect(all).toHaveLength(50);
    expect(all[49]).toBe('after');
    expect(all[48]).toBe('value 48');
  });

  it('cuts zeroed or garbage bytes after the last good frame', async () => {
    await seed(20);
    appendFileSync(segment(), Buffer.alloc(4096));
    const log = await openEmbeddedLog(dir);
    expect(await log.endOffset('t', 0)).toBe(20);
    await log.append('t', [{ value: 'after' }]);
    await log.close();
    expect((await values()).slice(-2)).toEqual(['value 19', 'after']);
  });

  it('drops index entries that point past the cut', async () => {
    await seed(50);
    const size = statSync(segment()).size;
    truncateSync(segment(), Math.floor(size / 2) + 3);
    const log = await openEmbeddedLog(dir, { indexIntervalBytes: 100 });
    await log.append('t', [{ value: 'x' }]); // the append repairs under the lock
    await log.close();
    const entries = readFileSync(index());
    const cut = statSync(segment()).size;
    for (let p = 0; p < entries.length; p += 8) expect(entries.readUInt32LE(p + 4)).toBeLessThan(cut);
    const kept = await values();
    const fresh = await openEmbeddedLog(dir);
    // every offset is still found at the right record through what remains of the index
    for (let offset = 0; offset < kept.length; offset++) {
      const [record] = await fresh.read('t', 0, offset, 1);
      expect(record!.value.toString()).toBe(kept[offset]);
    }
    await fresh.close();
  });

  it('ignores a half-written index entry', async () => {
    await seed(30);
    appendFileSync(index(), Buffer.from([1, 2, 3]));
    const log = await openEmbeddedLog(dir, { indexIntervalBytes: 100 });
    expect((await log.read('t', 0, 25, 1))[0]!.value.toString()).toBe('value 25');
    await log.append('t', [{ value: 'y' }]);
    await log.close();
    expect(statSync(index()).size % 8).toBe(0);
    expect(await values()).toHaveLength(31);
  });
});
