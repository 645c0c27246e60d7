import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import type { MysqlCdcSourceConfig } from '../../../../functions/sources/mysql-cdc/config.js';
import { decode, openSource } from '../../../../functions/sources/mysql-cdc/receive.js';
import { type CdcTable, cdcHarness } from '../../../helpers/cdc-source.js';

const URL = 'mysql://root@127.0.0.1:3306/test';
const connect = () => mysql.createConnection({ host: '127.0.0.1', user: 'root', database: 'test' });
const cdc = cdcHarness({ openSource, decode, tmpPrefix: 'conflux-mysql-cdc-' });

async function setUp(label: string) {
  const table = `cdc_${label}_${process.pid}_${Date.now() % 1e8}`;
  const db = await connect();
  await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY, name varchar(20), n int) ENGINE=InnoDB`);
  cdc.later(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.end();
  });
  const t: CdcTable = {
    table,
    qualified: `test.${table}`,
    query: (sql) => db.query(sql),
    async writer() {
      const writer = await connect();
      return {
        insert: async (id) => void (await writer.query(`INSERT INTO ${table} VALUES (?, 'new', ?)`, [id, id])),
        end: () => writer.end(),
      };
    },
  };
  const open = await cdc.opener(
    `my-${label}`,
    (settings): MysqlCdcSourceConfig => ({
      type: 'mysql-cdc',
      connectionString: URL,
      tables: [table],
      snapshot: 'never',
      ...settings,
    }),
  );
  return { ...t, open };
}

describe('the mysql-cdc source', () => {
  it('reads a snapshot, then inserts, updates and deletes by transaction, added columns too', async () => {
    const t = await setUp('snap');
    const { got } = await cdc.snapshotThenTransaction(t, t.open, {
      sourceType: 'mysql-cdc',
      noteType: 'varchar(20)',
      snapshot: { snapshot: 'initial' },
    });
    expect(got[3]).toMatchObject({ before: { id: 2, name: 'b', n: 2 }, after: { id: 2, name: 'b', n: 20 } });
    expect(got[4]).toMatchObject({ before: { id: 1, name: 'a', n: 1 }, after: null });
    expect(got[2]!.txId).toMatch(/^\d+-\d+-\d+$/);
    expect(got[2]!.position).toMatch(/^[\w.-]+:\d+$/);
  });

  it('reads each row once, by the snapshot or the stream, while rows are inserted as the snapshot starts', async () => {
    const t = await setUp('race');
    await cdc.eachRowOnce(t, t.open, { snapshot: 'initial' });
  });

  it('goes on after a restart from what was acknowledged, skipping the part of a transaction the sink had', async () => {
    const t = await setUp('restart');
    await cdc.skipsWhatTheSinkHad(t, t.open);
  });

  it('names a table that does not exist', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'conflux-mysql-cdc-'));
    const config: MysqlCdcSourceConfig = {
      type: 'mysql-cdc',
      connectionString: URL,
      tables: ['no_such_table_x'],
      snapshot: 'never',
    };
    await expect(openSource(config, { task: 't', dataDir })).rejects.toMatchObject({
      path: 'source.tables',
      message: 'table test.no_such_table_x does not exist',
    });
  });

  it('names the table when it has no database and the connection string none', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'conflux-mysql-cdc-'));
    const config: MysqlCdcSourceConfig = {
      type: 'mysql-cdc',
      connectionString: 'mysql://root@127.0.0.1:3306',
      tables: ['orders'],
      snapshot: 'never',
    };
    await expect(openSource(config, { task: 't', dataDir })).rejects.toThrow(
      'table "orders" names no database, and the connection string has none',
    );
  });
});
