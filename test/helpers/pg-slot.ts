/** Dropping a test's replication slot for sure (not a test file itself): an abandoned slot holds WAL back on a shared server. */
import type pg from 'pg';
import { waitFor } from './process.js';

/**
 * Drops `slot` if it exists. A walsender that a stopped client left behind ends on its own a
 * moment later; it is ended at once instead, and the drop waits until the slot is free.
 */
export async function dropSlot(client: pg.Client, slot: string): Promise<void> {
  await client.query(
    'SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = $1 AND active',
    [slot],
  );
  await waitFor(
    async () =>
      (await client.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active', [slot])).rowCount === 0,
    `replication slot ${slot} to be free`,
    10_000,
  );
  await client.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [
    slot,
  ]);
}
