import { appendFile, mkdir, mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BATCH } from '../../functions/sources/file-tail/receive.js';
import { expectOneBatchOfDuplicates, killMidStreamAndRestart, sinkLines } from './crash-support.js';
import { Runs } from './kafka-support.js';

const TOTAL = 20_000;
const ROTATE_AT = 8_000;

/**
 * Appends lines `{"seq":n}` to logs/app.log in bursts from `from` on, renaming it to app.log.1 (out
 * of the glob) at ROTATE_AT.
 */
async function writeLog(dir: string, from: number): Promise<void> {
  const path = join(dir, 'logs', 'app.log');
  for (let seq = from; seq < TOTAL; seq += 250) {
    if (seq === ROTATE_AT) {
      await rename(path, join(dir, 'logs', 'app.log.1'));
      await writeFile(path, '');
    }
    const burst = Array.from({ length: 250 }, (_, i) => `{"seq":${seq + i}}\n`).join('');
    await appendFile(path, burst);
    await new Promise((resolve) => setTimeout(resolve, 2)); // a writer that takes its time: the kill lands mid-stream
  }
}

describe('conflux run with a file-tail source, kill -9 mid-stream and a rotation', () => {
  const runs = new Runs();
  afterEach(() => runs.killAll());

  it('delivers every line once in file order, repeating at most the batch in hand', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-file-tail-e2e-'));
    await mkdir(join(dir, 'logs'));
    const head = Array.from({ length: 500 }, (_, seq) => `{"seq":${seq}}\n`).join('');
    await writeFile(join(dir, 'logs', 'app.log'), head);
    await writeFile(
      join(dir, 'conflux.yaml'),
      `version: 1
tasks:
  - name: tail-crash
    source: { type: file-tail, paths: ["logs/*.log"], pollMs: 50 }
    transform: { form: JSONPATH, value: $.data.body }
    sink: { type: file, path: out.jsonl }
`,
    );
    const seqs = async () => (await sinkLines<{ seq: number }>(dir)).map((line) => line.seq);
    // the rest is written once the first run reads (the rotation must happen to a file conflux knows)
    let writing: Promise<void> | undefined;
    const progress = async () => {
      const count = (await seqs()).length;
      if (count > 0) writing ??= writeLog(dir, 500);
      return count;
    };
    const { atKill } = await killMidStreamAndRestart(
      runs,
      dir,
      progress,
      5_000,
      async () => new Set(await seqs()).size >= TOTAL,
    );
    await writing;
    const delivered = await seqs();
    expect(atKill).toBeLessThan(TOTAL); // the kill landed mid-stream
    expect(new Set(delivered).size).toBe(TOTAL);
    // file order: each line first came after the one before it
    const seen = new Set<number>();
    const firsts = delivered.filter((seq) => !seen.has(seq) && seen.add(seq));
    expect(firsts).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
    expectOneBatchOfDuplicates(delivered.map(String), BATCH);
  });
});
