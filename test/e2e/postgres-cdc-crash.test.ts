import pg from 'pg';
import { afterEach, describe, it } from 'vitest';
import { BATCH } from '../../functions/sources/postgres-cdc/receive.js';
import { PG_URL } from '../functions/sources/postgres-cdc/pg-fixture.js';
import { dropSlot } from '../helpers/pg-slot.js';
import { crashMidStream } from './cdc-crash.js';
import { Runs } from './kafka-support.js';

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
    await crashMidStream({
      runs,
      task: 'pg-crash',
      source: `{ type: postgres-cdc, connectionString: "${PG_URL}", tables: [${table}], slot: ${slot}, publication: ${slot}, createPublication: true }`,
      table,
      total: 10_000,
      write: (sql) => admin.query(sql),
      // the first run streams from its slot (changes before it are not kept)
      streaming: async () =>
        (await admin.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active', [slot])).rowCount ===
        1,
      batch: BATCH,
    });
  });
});
