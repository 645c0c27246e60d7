import { existsSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterEach, describe, it } from 'vitest';
import { BATCH } from '../../functions/sources/mysql-cdc/receive.js';
import { crashMidStream } from './cdc-crash.js';
import { Runs } from './kafka-support.js';

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
    const connection = db;
    await crashMidStream({
      runs,
      task: 'mysql-crash',
      source: `{ type: mysql-cdc, connectionString: "mysql://root@127.0.0.1:3306/test", tables: [${table}] }`,
      table,
      total: 10_000,
      write: (sql) => connection.query(sql),
      // the first run stores where the binlog ended when it opened: every change from then on is its
      streaming: async (dir) => existsSync(join(dir, '.conflux/sources/mysql-crash.mysql-cdc.json')),
      batch: BATCH,
    });
  });
});
