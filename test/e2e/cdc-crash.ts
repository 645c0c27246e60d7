/**
 * The kill -9 test both CDC sources run (not a test file itself): `conflux run` with the source
 * and a file sink, the planned changes (cdc-workload.ts) committed once the first run streams,
 * the run killed mid-stream and restarted. Checks every change arrived, in commit order per key,
 * and that what came twice is at most one batch.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type DeliveredChange, deliveredSteps, expectedSteps, planChanges, transactionSql } from './cdc-workload.js';
import { expectOneBatchOfDuplicates, killMidStreamAndRestart, sinkLines } from './crash-support.js';
import type { Runs } from './kafka-support.js';

/**
 * Runs the test: `source` is the task's source as a YAML flow mapping, `write` runs one
 * transaction's SQL, `streaming(dir)` says whether the first run reads the stream yet (changes
 * committed before are not its), `batch` is the source's largest batch.
 *
 * @example await crashMidStream({ runs, task: 'pg-crash', source, table, total: 10_000, write, streaming, batch: BATCH })
 */
export async function crashMidStream(options: {
  runs: Runs;
  task: string;
  source: string;
  table: string;
  total: number;
  write: (sql: string) => Promise<unknown>;
  streaming: (dir: string) => Promise<boolean>;
  batch: number;
}): Promise<void> {
  const { total } = options;
  const dir = await mkdtemp(join(tmpdir(), `conflux-${options.task}-e2e-`));
  await writeFile(
    join(dir, 'conflux.yaml'),
    `version: 1
tasks:
  - name: ${options.task}
    source: ${options.source}
    sink: { type: file, path: out.jsonl }
`,
  );
  const transactions = planChanges(total, 40, 400);
  let writing: Promise<void> | undefined;
  const write = async () => {
    for (const tx of transactions) await options.write(transactionSql(options.table, tx));
  };
  const lines = () => sinkLines<DeliveredChange>(dir);
  const progress = async () => {
    if (writing === undefined && (await options.streaming(dir))) writing = write();
    return (await lines()).length;
  };
  const { atKill } = await killMidStreamAndRestart(
    options.runs,
    dir,
    progress,
    3_000,
    async () => new Set((await lines()).map((line) => line.id)).size >= total,
  );
  await writing;
  const delivered = await lines();
  expect(atKill).toBeLessThan(total);
  expect(new Set(delivered.map((line) => line.id)).size).toBe(total);
  expect(deliveredSteps(delivered)).toEqual(expectedSteps(transactions));
  expectOneBatchOfDuplicates(
    delivered.map((line) => line.id),
    options.batch,
  );
}
