import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import { BATCH } from '../../functions/sources/mysql-cdc/receive.js';
import { type DeliveredChange, deliveredSteps, expectedSteps, planChanges, transactionSql } from './cdc-workload.js';
import { expectOneBatchOfDuplicates, killMidStreamAndRestart, sinkLines } from './crash-support.js';
import { Runs } from './kafka-support.js';

const TOTAL = 10_000;

describe('conflux run with a mysql-cdc source, kill -9 mid-stream', () => {
  const runs = new Runs();
  const table = `cdc_crash_${process.pid}_${Date.now() % 1e8}`;
  let db: mysql.Connection | undefined;
  afterEach(async () => {
    await runs.killAll();
    await db?.query(`DROP TABLE IF EXISTS ${table}`);
    await db?.end();
  });

  it('delivers 10,000 changes in commit order per key, none lost, at most one batch twice', {
    timeout: 60_000,
  }, async () => {
    db = await mysql.createConnection({ host: '127.0.0.1', user: 'root', database: 'test', multipleStatements: true });
    await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY, v int NOT NULL, note varchar(40)) ENGINE=InnoDB`);
    const dir = await mkdtemp(join(tmpdir(), 'conflux-mysql-cdc-e2e-'));
    await writeFile(
      join(dir, 'conflux.yaml'),
      `version: 1
tasks:
  - name: mysql-crash
    source: { type: mysql-cdc, connectionString: "mysql://root@127.0.0.1:3306/test", tables: [${table}] }
    sink: { type: file, path: out.jsonl }
`,
    );
    const transactions = planChanges(TOTAL, 40, 400);
    const connection = db;
    const write = async () => {
      for (const tx of transactions) await connection.query(transactionSql(table, tx));
    };
    let writing: Promise<void> | undefined;
    const lines = () => sinkLines<DeliveredChange>(dir);
    // the first run stores where the binlog ended when it opened: every change from then on is its
    const progress = async () => {
      if (writing === undefined && existsSync(join(dir, '.conflux/sources/mysql-crash.mysql-cdc.json')))
        writing = write();
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
