import pg from 'pg';
import { type RowChange, rowJson } from '../../adapters/source/cdc-change.js';
import { type ExportedSlot, primaryKey, quoteTable } from './slot.js';

/** Rows fetched from a table's cursor at a time. */
const FETCH_ROWS = 1000;

/**
 * Reads every row of `tables` as the exported snapshot of a new slot sees them (so each row is in
 * the snapshot or among the changes the slot streams, never both, never neither), in primary-key
 * order, handing each to `onRow` as an `r` change and waiting for it (its backpressure). Closes
 * the exporting connection once the snapshot is imported.
 */
export async function readSnapshot(
  connectionString: string,
  slot: ExportedSlot,
  tables: readonly string[],
  onRow: (change: RowChange, id: string) => Promise<void>,
): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`SET TRANSACTION SNAPSHOT '${slot.snapshot.replaceAll("'", "''")}'`);
    await slot.close();
    const commitTime = new Date().toISOString();
    for (const table of tables) {
      const keyColumns = await primaryKey(client, table);
      const order = keyColumns.length === 0 ? '' : ` ORDER BY ${keyColumns.map((c) => `"${c}"`).join(', ')}`;
      await client.query(`DECLARE conflux_snapshot NO SCROLL CURSOR FOR SELECT * FROM ${quoteTable(table)}${order}`);
      let index = 0;
      for (;;) {
        const { rows } = await client.query<Record<string, unknown>>(`FETCH ${FETCH_ROWS} FROM conflux_snapshot`);
        for (const row of rows) {
          const after = rowJson(row)!;
          const key = Object.fromEntries(keyColumns.map((column) => [column, after[column] ?? null]));
          const change: RowChange = {
            op: 'r',
            table,
            key,
            before: null,
            after,
            position: slot.lsn,
            commitTime,
            txId: null,
          };
          await onRow(change, `${slot.lsn}-r-${table}-${index++}`);
        }
        if (rows.length < FETCH_ROWS) break;
      }
      await client.query('CLOSE conflux_snapshot');
    }
    await client.query('COMMIT');
  } finally {
    await slot.close().catch(() => {});
    await client.end().catch(() => {});
  }
}
