/** A table, publication and slot of its own for a postgres-cdc test, dropped afterwards (not a test file itself). */
import pg from 'pg';
import { dropSlot } from '../../../helpers/pg-slot.js';

export const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh table `cdc_<stamp>` (id int primary key, name text, n int) and the names of its slot and publication. */
export async function cdcFixture(label: string) {
  const stamp = `${label}_${process.pid}_${Date.now() % 1e8}`;
  const table = `cdc_${stamp}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE TABLE ${table} (id int PRIMARY KEY, name text, n int)`);
  return {
    admin,
    table,
    qualified: `public.${table}`,
    slot: `conflux_t_${stamp}`,
    publication: `conflux_p_${stamp}`,
    /** Drops the slot (an abandoned slot keeps WAL), the publication and the table. */
    async drop() {
      await dropSlot(admin, `conflux_t_${stamp}`);
      await admin.query(`DROP PUBLICATION IF EXISTS conflux_p_${stamp}`);
      await admin.query(`DROP TABLE IF EXISTS ${table}`);
      await admin.end();
    },
  };
}
