import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { PostgresCdcSourceConfig } from '../../../../functions/sources/postgres-cdc/config.js';
import { decode, openSource } from '../../../../functions/sources/postgres-cdc/receive.js';
import { type CdcTable, cdcHarness } from '../../../helpers/cdc-source.js';
import { cdcFixture, PG_URL } from './pg-fixture.js';

const cdc = cdcHarness({ openSource, decode, tmpPrefix: 'conflux-pg-cdc-' });

async function setUp(label: string) {
  const fixture = await cdcFixture(label);
  cdc.later(() => fixture.drop());
  const table: CdcTable = {
    table: fixture.table,
    qualified: fixture.qualified,
    query: (sql) => fixture.admin.query(sql),
    async writer() {
      const writer = new pg.Client({ connectionString: PG_URL });
      await writer.connect();
      return {
        insert: async (id) => void (await writer.query(`INSERT INTO ${fixture.table} VALUES ($1, 'new', $1)`, [id])),
        end: () => writer.end(),
      };
    },
  };
  const open = await cdc.opener(
    'pg',
    (settings): PostgresCdcSourceConfig => ({
      type: 'postgres-cdc',
      connectionString: PG_URL,
      tables: [fixture.table],
      snapshot: 'never',
      createPublication: true,
      publication: fixture.publication,
      slot: fixture.slot,
      ...settings,
    }),
  );
  return { ...fixture, ...table, open };
}

describe('the postgres-cdc source', () => {
  it('reads a snapshot consistent with the slot, then inserts, updates and deletes by transaction, added columns too', async () => {
    const db = await setUp('snap');
    const { got, event } = await cdc.snapshotThenTransaction(db, db.open, {
      sourceType: 'postgres-cdc',
      noteType: 'text',
      snapshot: { snapshot: 'initial' },
    });
    expect(got[3]).toMatchObject({ before: null, after: { id: 2, name: 'b', n: 20 } });
    expect(got[4]).toMatchObject({ before: { id: 1 }, after: null });
    expect(got[2]!.position).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(Date.parse(event.time!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('reads each row once, by the snapshot or the stream, while rows are inserted as the slot is made', async () => {
    const db = await setUp('race');
    await cdc.eachRowOnce(db, db.open, { snapshot: 'initial' });
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
    expect(cdc.changes(again.records()).map((c) => [c.op, c.key])).toEqual([['c', { id: 3 }]]);
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
    expect(cdc.changes(again.records()).map((c) => [c.op, c.key])).toEqual([
      ['r', { id: 1 }],
      ['r', { id: 2 }],
    ]);
  });

  it('skips, after a restart, the changes of a transaction the sink already had when a batch ended inside it', async () => {
    const db = await setUp('partial');
    await cdc.skipsWhatTheSinkHad(db, db.open, (batch) => expect(batch.records).toHaveLength(4));
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
