import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { BATCH } from '../../functions/sources/postgres-cdc/receive.js';
import { PG_URL } from '../functions/sources/postgres-cdc/pg-fixture.js';
import { dropSlot } from '../helpers/pg-slot.js';
import { type DeliveredChange, deliveredSteps, expectedSteps, planChanges, transactionSql } from './cdc-workload.js';
import { expectOneBatchOfDuplicates, killMidStreamAndRestart, sinkLines } from './crash-support.js';
import { Runs } from './kafka-support.js';

const TOTAL = 10_000;

describe('conflux run with a postgres-cdc source, kill -9 mid-stream', () => {
  const runs = new Runs();
  const admin = new pg.Client({ connectionString: PG_URL });
  const stamp = `${process.pid}_${Date.now() % 1e8}`;
  const table = `cdc_crash_${stamp}`;
  const slot = `conflux_crash_${stamp}`;
  afterEach(async () => {
    await runs.killAll();
    await dropSlot(admin, slot);
    await admin.query(`DROP PUBLICATION IF EXISTS ${slot}`);
    await admin.query(`DROP TABLE IF EXISTS ${table}`);
    await admin.end();
  });

  it('delivers 10,000 changes in commit order per key, none lost, at most one batch twice', {
    timeout: 60_000,
  }, async () => {
    await admin.connect();
    await admin.query(`CREATE TABLE ${table} (id int PRIMARY KEY, v int NOT NULL, note text)`);
    const dir = await mkdtemp(join(tmpdir(), 'conflux-pg-cdc-e2e-'));
    await writeFile(
      join(dir, 'conflux.yaml'),
      `version: 1
tasks:
  - name: pg-crash
    source: { type: postgres-cdc, connectionString: "${PG_URL}", tables: [${table}], slot: ${slot}, publication: ${slot}, createPublication: true }
    sink: { type: file, path: out.jsonl }
`,
    );
    const transactions = planChanges(TOTAL, 40, 400);
    let writing: Promise<void> | undefined;
    const write = async () => {
      for (const tx of transactions) await admin.query(transactionSql(table, tx));
    };
    const lines = () => sinkLines<DeliveredChange>(dir);
    const slotActive = async () =>
      (await admin.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active', [slot])).rowCount === 1;
    // the changes are committed once the first run streams from its slot (changes before it are not kept)
    const progress = async () => {
      if (writing === undefined && (await slotActive())) writing = write();
      return (await lines()).length;
    };
    const { atKill } = await killMidStreamAndRestart(
      runs,
      dir,
      progress,
      3_000,
      async () => new Set((await lines()).map((line) => line.id)).size >= TOTAL,
    );
    await writing;
    const delivered = await lines();
    expect(atKill).toBeLessThan(TOTAL);
    expect(new Set(delivered.map((line) => line.id)).size).toBe(TOTAL);
    expect(deliveredSteps(delivered)).toEqual(expectedSteps(transactions));
    expectOneBatchOfDuplicates(
      delivered.map((line) => line.id),
      BATCH,
    );
  });
});
