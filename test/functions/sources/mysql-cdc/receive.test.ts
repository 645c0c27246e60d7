import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../../../bus/log/types.js';
import type { TaskSource } from '../../../../bus/task/contract.js';
import type { RowChange } from '../../../../functions/shared/cdc-change.js';
import type { MysqlCdcSourceConfig } from '../../../../functions/sources/mysql-cdc/config.js';
import { decode, openSource } from '../../../../functions/sources/mysql-cdc/receive.js';
import { collect } from '../../../helpers/source-run.js';

const URL = 'mysql://root@127.0.0.1:3306/test';
const changes = (records: StoredRecord[]) =>
  records.map((r) => decode(r, { withText: false }).event.data as unknown as RowChange);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(label: string) {
  const table = `cdc_${label}_${process.pid}_${Date.now() % 1e8}`;
  const db = await mysql.createConnection({ host: '127.0.0.1', user: 'root', database: 'test' });
  await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY, name varchar(20), n int) ENGINE=InnoDB`);
  cleanups.push(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.end();
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'conflux-mysql-cdc-'));
  const open = async (settings: Partial<MysqlCdcSourceConfig> = {}, ack = true) => {
    const config: MysqlCdcSourceConfig = {
      type: 'mysql-cdc',
      connectionString: URL,
      tables: [table],
      snapshot: 'never',
      ...settings,
    };
    const source: TaskSource = await openSource(config, { task: `my-${label}`, dataDir });
    cleanups.push(() => source.stop());
    const run = collect(source, async (batch) => {
      if (ack) await source.commit(batch.topic, 0, batch.records.at(-1)!.offset + 1);
    });
    return { source, ...run };
  };
  return { db, table, qualified: `test.${table}`, open };
}

describe('the mysql-cdc source', () => {
  it('reads a snapshot, then inserts, updates and deletes by transaction, added columns too', async () => {
    const t = await setUp('snap');
    await t.db.query(`INSERT INTO ${t.table} VALUES (1, 'a', 1), (2, 'b', 2)`);
    const { records, until } = await t.open({ snapshot: 'initial' });
    await until(2);
    await t.db.query('BEGIN');
    await t.db.query(`INSERT INTO ${t.table} VALUES (3, 'c', 3)`);
    await t.db.query(`UPDATE ${t.table} SET n = 20 WHERE id = 2`);
    await t.db.query(`DELETE FROM ${t.table} WHERE id = 1`);
    await t.db.query('COMMIT');
    await t.db.query(`ALTER TABLE ${t.table} ADD COLUMN note varchar(20)`);
    await t.db.query(`INSERT INTO ${t.table} VALUES (4, 'd', 4, 'added')`);
    await until(6);
    const got = changes(records());
    expect(got.map((c) => [c.op, c.key])).toEqual([
      ['r', { id: 1 }],
      ['r', { id: 2 }],
      ['c', { id: 3 }],
      ['u', { id: 2 }],
      ['d', { id: 1 }],
      ['c', { id: 4 }],
    ]);
    expect(got[0]).toMatchObject({ table: t.qualified, before: null, after: { id: 1, name: 'a', n: 1 }, txId: null });
    expect(got[3]).toMatchObject({ before: { id: 2, name: 'b', n: 2 }, after: { id: 2, name: 'b', n: 20 } });
    expect(got[4]).toMatchObject({ before: { id: 1, name: 'a', n: 1 }, after: null });
    expect(got[5]!.after).toEqual({ id: 4, name: 'd', n: 4, note: 'added' });
    expect(new Set(got.slice(2, 5).map((c) => c.txId)).size).toBe(1);
    expect(got[2]!.txId).toMatch(/^\d+-\d+-\d+$/);
    expect(got[2]!.position).toMatch(/^[\w.-]+:\d+$/);
    const event = decode(records()[2]!, { withText: false }).event;
    expect(event).toMatchObject({
      source: 'conflux:mysql-cdc',
      type: 'mysql-cdc:ConsumeMessage',
      subject: t.qualified,
    });
  });

  it('reads each row once, by the snapshot or the stream, while rows are inserted as the snapshot starts', async () => {
    const t = await setUp('race');
    const values = Array.from({ length: 300 }, (_, i) => `(${i + 1}, 'old', ${i + 1})`).join(', ');
    await t.db.query(`INSERT INTO ${t.table} VALUES ${values}`);
    const writer = await mysql.createConnection({ host: '127.0.0.1', user: 'root', database: 'test' });
    let stop = false;
    let next = 301;
    const writing = (async () => {
      while (!stop) await writer.query(`INSERT INTO ${t.table} VALUES (?, 'new', ?)`, [next, next++]);
    })();
    const { records, until } = await t.open({ snapshot: 'initial' });
    await until(320);
    stop = true;
    await writing;
    await writer.end();
    await until(next - 1);
    const ids = changes(records()).map((c) => Number(c.key.id));
    expect(ids.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: next - 1 }, (_, i) => i + 1));
    expect(new Set(changes(records()).map((c) => c.op))).toEqual(new Set(['r', 'c']));
  });

  it('goes on after a restart from what was acknowledged, skipping the part of a transaction the sink had', async () => {
    const t = await setUp('restart');
    const first = await t.open({}, false);
    await t.db.query(`INSERT INTO ${t.table} VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3), (4, 'd', 4)`);
    await first.until(4);
    const batch = first.batches[0]!;
    await first.source.commit(batch.topic, 0, batch.records[1]!.offset + 1); // two of the four
    await first.source.stop();
    const again = await t.open();
    await t.db.query(`INSERT INTO ${t.table} VALUES (5, 'e', 5)`);
    await again.until(3);
    expect(changes(again.records()).map((c) => c.key)).toEqual([{ id: 3 }, { id: 4 }, { id: 5 }]);
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
