/**
 * What the kill -9 tests of the sources without a Kafka topic share (file-tail, postgres-cdc,
 * mysql-cdc): the file sink's lines read back, the check that what was delivered twice is one run
 * of at most one batch, and a `conflux run` killed once it delivered something, then restarted.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { waitFor } from '../helpers/process.js';
import type { Runs } from './kafka-support.js';

/** The JSON lines of `out.jsonl` in `dir`, a last line cut by a kill left out. */
export async function sinkLines<T>(dir: string): Promise<T[]> {
  const text = await readFile(join(dir, 'out.jsonl'), 'utf8').catch(() => '');
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // a line cut by the kill (its record was not acknowledged: it comes again)
    }
  }
  return out;
}

/**
 * The keys delivered more than once form one run of consecutive deliveries, at most `maxBatch`
 * long: what a kill -9 may repeat is the batch in hand. `keys` is every delivery's key, in order.
 */
export function expectOneBatchOfDuplicates(keys: string[], maxBatch: number): void {
  const first = new Map<string, number>();
  const repeats: number[] = []; // index of the first delivery of each repeated key
  for (const [index, key] of keys.entries()) {
    const seen = first.get(key);
    if (seen === undefined) first.set(key, index);
    else repeats.push(seen);
  }
  expect(repeats.length, 'deliveries repeated').toBeLessThanOrEqual(maxBatch);
  const sorted = [...repeats].sort((a, b) => a - b);
  // the repeated ones were delivered one after another the first time: one batch
  expect(sorted, 'the repeated deliveries are not one run').toEqual(sorted.map((_, i) => sorted[0]! + i));
}

/**
 * Starts `conflux run` in `dir`, SIGKILLs it once `progress()` reached `killAt`, restarts it and
 * waits until `done()`; the second run is stopped cleanly (exit 0).
 */
export async function killMidStreamAndRestart(
  runs: Runs,
  dir: string,
  progress: () => Promise<number>,
  killAt: number,
  done: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<{ atKill: number }> {
  let run = runs.start(dir);
  await waitFor(
    async () => (await progress()) >= killAt || run.child.exitCode !== null,
    'the first deliveries',
    timeoutMs,
  );
  expect(run.child.exitCode, run.stderr()).toBeNull();
  run.child.kill('SIGKILL');
  await run.exited;
  const atKill = await progress();
  run = runs.start(dir);
  const second = run;
  await waitFor(
    async () => (await done()) || second.child.exitCode !== null,
    'every change after the restart',
    timeoutMs,
  );
  expect(second.child.exitCode, second.stderr()).toBeNull();
  expect(await runs.stop(run)).toBe(0);
  return { atKill };
}
