import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, runCliProcess, spawnCli, waitFor } from '../helpers/process.js';

const config = `version: 1
tasks:
  - name: orders-through-a-function
    source: { type: kafka, topic: orders, offset: earliest }
    transform: { form: FUNCTION, handler: handler.mjs#handler }
    sink: { type: file, path: out/delivered.jsonl }
`;

/** A Function Compute style handler that says which call each output came from and how big the call was. */
const handler = `let call = 0;
export const handler = async (event, context) => {
  const events = JSON.parse(event.toString('utf8'));
  call++;
  return events.map((e) => JSON.stringify({ seq: e.data.value.seq, key: e.data.key, call, size: events.length, fn: context.function.name }));
};
`;

interface Output {
  seq: number;
  key: string;
  call: number;
  size: number;
}

async function delivered(dir: string): Promise<Output[]> {
  const text = await readFile(join(dir, 'out/delivered.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as Output);
}

describe('a FUNCTION transform in the emulator', () => {
  let running: CliProcess | undefined;
  afterEach(() => {
    running?.child.kill('SIGKILL');
    running = undefined;
  });

  it('gets the records in batches, one handler call for many events, and every output arrives in order per key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-function-'));
    await writeFile(join(dir, 'conflux.yaml'), config);
    await writeFile(join(dir, 'handler.mjs'), handler);
    const total = 1000;
    const orders = Array.from({ length: total }, (_, seq) => JSON.stringify({ id: `k${seq % 7}`, seq })).join('\n');
    expect(
      (await runCliProcess(['produce', '--topic', 'orders', '--key', '$.id'], { cwd: dir, stdin: orders })).code,
    ).toBe(0);
    running = spawnCli(['run', 'conflux.yaml', '--port', '0'], { cwd: dir });
    await waitFor(async () => (await delivered(dir)).length >= total, `${total} delivered lines`);
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
    const lines = await delivered(dir);
    expect(lines.map((l) => l.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
    const calls = new Set(lines.map((l) => l.call));
    expect(calls.size).toBeLessThan(total / 10);
    expect(Math.max(...lines.map((l) => l.size))).toBeGreaterThan(100);
    const lastSeq = new Map<string, number>();
    for (const { key, seq } of lines) {
      expect(seq).toBeGreaterThan(lastSeq.get(key) ?? -1);
      lastSeq.set(key, seq);
    }
  });
});
