import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, runCliProcess, spawnCli, waitFor } from '../helpers/process.js';

/** One delivered line of the file sink (ORIGINAL transform: the whole alikafka CloudEvent). */
interface Delivered {
  data: { partition: number; offset: number; key: string; value: { id: string; seq: number; status: string } };
}

const config = `version: 1
tasks:
  - name: orders-to-file
    source: { type: kafka, topic: orders, offset: earliest }
    filter: { data: { value: { status: [paid] } } }
    sink: { type: file, path: out/delivered.jsonl }
`;

async function delivered(dir: string): Promise<Delivered[]> {
  const text = await readFile(join(dir, 'out/delivered.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .slice(0, -1) // only whole lines: the last piece may be a write still in progress
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Delivered);
}

/** N orders over 50 keys; every other one is paid (the filter lets only those through). */
function orders(n: number): string {
  return Array.from({ length: n }, (_, seq) =>
    JSON.stringify({ id: `k${seq % 50}`, seq, status: seq % 2 === 0 ? 'paid' : 'new' }),
  ).join('\n');
}

/** Within each partition, first deliveries come in offset order; within each key, in produce order. */
function expectOrdered(lines: Delivered[]): void {
  const lastOffset = new Map<number, number>();
  const lastSeq = new Map<string, number>();
  const seen = new Set<number>();
  for (const { data } of lines) {
    if (seen.has(data.value.seq)) continue;
    seen.add(data.value.seq);
    expect(data.offset).toBeGreaterThan(lastOffset.get(data.partition) ?? -1);
    expect(data.value.seq).toBeGreaterThan(lastSeq.get(data.key) ?? -1);
    lastOffset.set(data.partition, data.offset);
    lastSeq.set(data.key, data.value.seq);
  }
}

describe('a stream on the embedded bus, end to end', () => {
  let running: CliProcess | undefined;
  afterEach(() => {
    running?.child.kill('SIGKILL');
    running = undefined;
  });

  it('delivers every matching event once, in order per partition and per key, and stops cleanly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-e2e-'));
    await writeFile(join(dir, 'conflux.yaml'), config);
    const produced = await runCliProcess(['produce', '--topic', 'orders', '--key', '$.id'], {
      cwd: dir,
      stdin: orders(400),
    });
    expect(produced.code).toBe(0);
    running = spawnCli(['run', 'conflux.yaml', '--port', '0'], { cwd: dir });
    await waitFor(async () => (await delivered(dir)).length >= 200, '200 delivered lines');
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
    const lines = await delivered(dir);
    expect(lines).toHaveLength(200);
    expect(new Set(lines.map((l) => l.data.value.seq)).size).toBe(200);
    expect(lines.every((l) => l.data.value.status === 'paid')).toBe(true);
    expectOrdered(lines);
  });

  it('loses nothing when the emulator is killed with SIGKILL mid-stream and restarted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-crash-'));
    await writeFile(join(dir, 'conflux.yaml'), config);
    const total = 6000;
    const produced = await runCliProcess(['produce', '--topic', 'orders', '--key', '$.id'], {
      cwd: dir,
      stdin: orders(total),
    });
    expect(produced.code).toBe(0);
    running = spawnCli(['run', 'conflux.yaml', '--port', '0'], { cwd: dir });
    await waitFor(async () => (await delivered(dir)).length > 0, 'the first delivered lines');
    running.child.kill('SIGKILL');
    await running.exited;
    const beforeCrash = (await delivered(dir)).length;
    expect(beforeCrash).toBeLessThan(total / 2); // the kill really landed mid-stream

    running = spawnCli(['run', 'conflux.yaml', '--port', '0'], { cwd: dir });
    const paid = total / 2;
    await waitFor(
      async () => new Set((await delivered(dir)).map((l) => l.data.value.seq)).size >= paid,
      `all ${paid} paid orders`,
      60_000,
    );
    running.child.kill('SIGINT');
    await running.exited;
    const lines = await delivered(dir);
    const seqs = new Set(lines.map((l) => l.data.value.seq));
    for (let seq = 0; seq < total; seq += 2) expect(seqs.has(seq)).toBe(true);
    expect(seqs.size).toBe(paid);
    expectOrdered(lines);
  }, 90_000);
});
