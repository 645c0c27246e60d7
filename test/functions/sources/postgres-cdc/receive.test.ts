import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../../../bus/log/types.js';
import type { TaskSource } from '../../../../bus/task/contract.js';
import type { RowChange } from '../../../../functions/shared/cdc-change.js';
import type { PostgresCdcSourceConfig } from '../../../../functions/sources/postgres-cdc/config.js';
import { decode, openSource } from '../../../../functions/sources/postgres-cdc/receive.js';
import { collect } from '../../../helpers/source-run.js';
import { cdcFixture, PG_URL } from './pg-fixture.js';

const changes = (records: StoredRecord[]) =>
  records.map((r) => decode(r, { withText: false }).event.data as unknown as RowChange);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  const failures: unknown[] = [];
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
});

async function setUp(label: string) {
  const fixture = await cdcFixture(label);
  cleanups.push(() => fixture.drop());
  const dataDir = await mkdtemp(join(tmpdir(), 'conflux-pg-cdc-'));
  const config = (settings: Partial<PostgresCdcSourceConfig> = {}): PostgresCdcSourceConfig => ({
    type: 'postgres-cdc',
    connectionString: PG_URL,
    tables: [fixture.table],
    snapshot: 'never',
    createPublication: true,
    publication: fixture.publication,
    slot: fixture.slot,
    ...settings,
  });
  const open = async (settings: Partial<PostgresCdcSourceConfig> = {}, ack = true) => {
    const source: TaskSource = await openSource(config(settings), { task: 'pg', dataDir });
    cleanups.push(() => source.stop());
    const run = collect(source, async (batch) => {
      if (ack) await source.commit(batch.topic, 0, batch.records.at(-1)!.offset + 1);
    });
    return { source, ...run };
  };
  return { ...fixture, open };
}

describe('the postgres-cdc source', () => {
  it('reads a snapshot consistent with the slot, then inserts, updates and deletes by transaction, added columns too', async () => {
    const db = await setUp('snap');
    await db.admin.query(`INSERT INTO ${db.table} VALUES (1, 'a', 1), (2, 'b', 2)`);
    const { records, until } = await db.open({ snapshot: 'initial' });
    await until(2);
    await db.admin.query('BEGIN');
    await db.admin.query(`INSERT INTO ${db.table} VALUES (3, 'c', 3)`);
    await db.admin.query(`UPDATE ${db.table} SET n = 20 WHERE id = 2`);
    await db.admin.query(`DELETE FROM ${db.table} WHERE id = 1`);
    await db.admin.query('COMMIT');
    await db.admin.query(`ALTER TABLE ${db.table} ADD COLUMN note text`);
    await db.admin.query(`INSERT INTO ${db.table} VALUES (4, 'd', 4, 'added')`);
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
    expect(got[0]).toMatchObject({ table: db.qualified, before: null, after: { id: 1, name: 'a', n: 1 }, txId: null });
    expect(got[3]).toMatchObject({ before: null, after: { id: 2, name: 'b', n: 20 } });
    expect(got[4]).toMatchObject({ before: { id: 1 }, after: null });
    expect(got[5]!.after).toEqual({ id: 4, name: 'd', n: 4, note: 'added' });
    expect(new Set(got.slice(2, 5).map((c) => c.txId)).size).toBe(1);
    expect(got[2]!.position).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    const event = decode(records()[2]!, { withText: false }).event;
    expect(event).toMatchObject({
      source: 'conflux:postgres-cdc',
      type: 'postgres-cdc:ConsumeMessage',
      subject: db.qualified,
    });
    expect(Date.parse(event.time!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('reads each row once, by the snapshot or the stream, while rows are inserted as the slot is made', async () => {
    const db = await setUp('race');
    await db.admin.query(`INSERT INTO ${db.table} SELECT g, 'old', g FROM generate_series(1, 300) AS g`);
    const writer = new pg.Client({ connectionString: PG_URL });
    await writer.connect();
    let stop = false;
    let next = 301;
    const writing = (async () => {
      while (!stop) await writer.query(`INSERT INTO ${db.table} VALUES ($1, 'new', $1)`, [next++]);
    })();
    const { records, until } = await db.open({ snapshot: 'initial' });
    await until(320); // the snapshot and some streamed inserts
    stop = true;
    await writing;
    await writer.end();
    await until(next - 1);
    const ids = changes(records()).map((c) => Number(c.key.id));
    expect(ids.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: next - 1 }, (_, i) => i + 1));
    const ops = new Set(changes(records()).map((c) => c.op));
    expect(ops).toEqual(new Set(['r', 'c']));
  });

  it('goes on after a restart from the last acknowledged transaction, and does not snapshot again', async () => {
    const db = await setUp('restart');
    await db.admin.query(`INSERT INTO ${db.table} VALUES (1, 'a', 1)`);
    const first = await db.open({ snapshot: 'initial' });
    await first.until(1);
    await db.admin.query(`INSERT INTO ${db.table} VALUES (2, 'b', 2)`);
    await first.until(2);
    await first.source.stop();
    const unacked = await db.open({ snapshot: 'initial' }, false); // reads, acknowledges nothing
    await db.admin.query(`INSERT INTO ${db.table} VALUES (3, 'c', 3)`);
    await unacked.until(1);
    await unacked.source.stop();
    const again = await db.open({ snapshot: 'initial' });
    await again.until(1);
    expect(changes(again.records()).map((c) => [c.op, c.key])).toEqual([['c', { id: 3 }]]);
    const { rows } = await db.admin.query('SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = $1', [
      db.slot,
    ]);
    expect(rows[0].confirmed_flush_lsn).not.toBeNull();
  });

  it('reads the snapshot again when the sink did not have all of it before a stop', async () => {
    const db = await setUp('resnap');
    await db.admin.query(`INSERT INTO ${db.table} VALUES (1, 'a', 1), (2, 'b', 2)`);
    const first = await db.open({ snapshot: 'initial' }, false);
    await first.until(2);
    await first.source.stop();
    const again = await db.open({ snapshot: 'initial' });
    await again.until(2);
    expect(changes(again.records()).map((c) => [c.op, c.key])).toEqual([
      ['r', { id: 1 }],
      ['r', { id: 2 }],
    ]);
  });

  it('skips, after a restart, the changes of a transaction the sink already had when a batch ended inside it', async () => {
    const db = await setUp('partial');
    const first = await db.open({}, false);
    await db.admin.query(`INSERT INTO ${db.table} SELECT g, 'x', g FROM generate_series(1, 4) AS g`);
    await first.until(4);
    const batch = first.batches[0]!;
    expect(batch.records).toHaveLength(4);
    await first.source.commit(batch.topic, 0, batch.records[1]!.offset + 1); // two of the four
    await first.source.stop();
    const again = await db.open();
    await db.admin.query(`INSERT INTO ${db.table} VALUES (5, 'y', 5)`);
    await again.until(3);
    expect(changes(again.records()).map((c) => c.key)).toEqual([{ id: 3 }, { id: 4 }, { id: 5 }]);
  });

  it('refuses a publication that leaves out one of the tables, naming the tables', async () => {
    const db = await setUp('notpub');
    await db.admin.query(`CREATE PUBLICATION ${db.publication}`);
    await expect(db.open()).rejects.toMatchObject({
      path: 'source.tables',
      message: `publication "${db.publication}" does not include ${db.qualified} (ALTER PUBLICATION ${db.publication} ADD TABLE ${db.qualified})`,
    });
  });

  it('refuses a publication that does not exist unless asked to create it, naming the field', async () => {
    const db = await setUp('nopub');
    await expect(db.open({ createPublication: false })).rejects.toThrow(
      new RegExp(`publication "${db.publication}" does not exist; create it .* or set createPublication: true`),
    );
  });
});
