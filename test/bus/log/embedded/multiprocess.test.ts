import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEmbeddedLog } from '../../../../bus/log/embedded/embedded.js';
import type { StoredRecord } from '../../../../bus/log/types.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = new URL('../../../../bin/conflux.mjs', import.meta.url).pathname;

/**
 * A `conflux produce` reading its records from stdin. The first chunk is larger than a pipe holds, so
 * `started` resolves only once the process reads (it is up); `finish` then hands it the rest. Both
 * producers get their last bytes at the same moment, so their appends really overlap.
 */
function produce(text: string) {
  const child = spawn(process.execPath, [cli, 'produce', '--topic', 't', '--key', '$.k', '--data-dir', dir, '-'], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const cut = text.indexOf('\n', 256 * 1024) + 1;
  const started = new Promise<void>((resolve) => {
    if (child.stdin.write(text.slice(0, cut))) resolve();
    else child.stdin.once('drain', resolve);
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stderr })),
  );
  return { started, finish: () => child.stdin.end(text.slice(cut)), exited };
}

describe('two processes appending to one topic', () => {
  it('interleave without losing, duplicating or reordering a key, and a third process sees it all', {
    timeout: 60_000,
  }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'conflux-multi-'));
    const n = 20_000;
    const texts = ['A', 'B'].map((source) => {
      const lines = Array.from({ length: n }, (_, i) =>
        JSON.stringify({ k: `k${i % 10}`, source, i, pad: 'x'.repeat(200) }),
      );
      return `${lines.join('\n')}\n`;
    });
    // this process tails partition 0 while the two producers append to it
    const reader = await openEmbeddedLog(dir, { pollMs: 10 });
    const woke = reader.waitForData('t', 0, 0, 50_000);
    const producers = texts.map((text) => produce(text));
    await Promise.all(producers.map((p) => p.started));
    for (const p of producers) p.finish();
    const results = await Promise.all(producers.map((p) => p.exited));
    expect(results).toEqual([
      { code: 0, stderr: `produced ${n} records to t\n` },
      { code: 0, stderr: `produced ${n} records to t\n` },
    ]);
    await woke;
    const all: StoredRecord[] = [];
    for (let partition = 0; partition < 4; partition++) {
      const records = await reader.read('t', partition, 0, 3 * n);
      expect(records.map((r) => r.offset)).toEqual(records.map((_, i) => i));
      all.push(...records);
    }
    expect(all).toHaveLength(2 * n);
    // the two really ran at once: partition 0 holds runs of A and B taking turns
    const sources = all
      .filter((r) => r.partition === 0)
      .map((r) => (JSON.parse(r.value.toString()) as { source: string }).source);
    const turns = sources.filter((s, i) => i > 0 && s !== sources[i - 1]).length;
    expect(turns).toBeGreaterThanOrEqual(2);
    const seen = new Map<string, number>();
    for (const record of all) {
      const value = JSON.parse(record.value.toString()) as { k: string; source: string; i: number };
      expect(record.key?.toString()).toBe(value.k);
      const lane = `${value.source}/${value.k}`;
      expect(value.i).toBeGreaterThan(seen.get(lane) ?? -1);
      seen.set(lane, value.i);
    }
    expect(seen.size).toBe(20);
    await reader.close();
  });
});
