import pg from 'pg';
import { ConfluxError, messageOf } from '../../../bus/errors.js';

/** A `schema.table` name quoted for SQL: `"public"."orders"`. */
export function quoteTable(table: string): string {
  return table
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}

/** `orders` → `public.orders`; a qualified name stays. */
export function qualify(table: string): string {
  return table.includes('.') ? table : `public.${table}`;
}

/** The default slot (and publication) name of a task: `conflux_<task>`, lower-cased, - as _, at most 63 characters. */
export function defaultSlotName(task: string): string {
  return `conflux_${task.toLowerCase().replaceAll('-', '_')}`.slice(0, 63);
}

/**
 * Makes sure the publication exists: created for `tables` when `create` allows, else an error
 * naming `source.publication`.
 */
export async function ensurePublication(
  client: pg.Client,
  publication: string,
  tables: readonly string[],
  create: boolean,
): Promise<void> {
  const found = await client.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [publication]);
  if (found.rowCount !== 0) return;
  if (!create) {
    throw new ConfluxError(
      'source.postgres-cdc.publication',
      `publication "${publication}" does not exist; create it (CREATE PUBLICATION ${publication} FOR TABLE ${tables.join(', ')}) or set createPublication: true`,
      { path: 'source.publication' },
    );
  }
  await client.query(`CREATE PUBLICATION "${publication}" FOR TABLE ${tables.map(quoteTable).join(', ')}`);
}

/** An error naming `source.tables` when a table is missing from the publication (its changes would never come). */
export async function checkPublished(client: pg.Client, publication: string, tables: readonly string[]): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT schemaname || '.' || tablename AS name FROM pg_publication_tables WHERE pubname = $1",
    [publication],
  );
  const published = new Set(rows.map((row) => row.name));
  const missing = tables.filter((table) => !published.has(table));
  if (missing.length > 0) {
    throw new ConfluxError(
      'source.postgres-cdc.publication',
      `publication "${publication}" does not include ${missing.join(', ')} (ALTER PUBLICATION ${publication} ADD TABLE ${missing.join(', ')})`,
      { path: 'source.tables' },
    );
  }
}

/** Whether the slot exists; waits (up to `waitMs`) while another process still holds it (a killed run's connection). */
export async function slotExists(client: pg.Client, slot: string, waitMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { rows } = await client.query<{ active: boolean; plugin: string | null }>(
      'SELECT active, plugin FROM pg_replication_slots WHERE slot_name = $1',
      [slot],
    );
    const row = rows[0];
    if (row === undefined) return false;
    if (row.plugin !== 'pgoutput') {
      throw new ConfluxError(
        'source.postgres-cdc.slot',
        `replication slot "${slot}" exists but is not a pgoutput logical slot (${row.plugin ?? 'physical'})`,
        { path: 'source.slot' },
      );
    }
    if (!row.active) return true;
    if (Date.now() > deadline) {
      throw new ConfluxError('source.postgres-cdc.slot', `replication slot "${slot}" is in use by another connection`, {
        path: 'source.slot',
        retriable: true,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 100)); // the server ends a dead client's walsender on its own
  }
}

/** Drops the slot. */
export async function dropSlot(client: pg.Client, slot: string): Promise<void> {
  await client.query('SELECT pg_drop_replication_slot($1)', [slot]);
}

/** Creates the slot without a snapshot: changes committed from now on are kept for it. */
export async function createSlot(client: pg.Client, slot: string): Promise<void> {
  await client.query("SELECT pg_create_logical_replication_slot($1, 'pgoutput')", [slot]);
}

/** A slot just created with its snapshot exported: rows read in `snapshot` are exactly those before `lsn`. */
export interface ExportedSlot {
  lsn: string;
  snapshot: string;
  /** Ends the replication connection that exported the snapshot (once it has been imported). */
  close(): Promise<void>;
}

/**
 * Creates the slot on a replication connection and exports its snapshot; the snapshot stays
 * importable until `close` (or another command on that connection).
 */
export async function createSlotWithSnapshot(connectionString: string, slot: string): Promise<ExportedSlot> {
  const client = new pg.Client({ connectionString, replication: 'database' } as pg.ClientConfig);
  await client.connect();
  try {
    const { rows } = await client.query<{ consistent_point: string; snapshot_name: string }>(
      `CREATE_REPLICATION_SLOT "${slot}" LOGICAL pgoutput EXPORT_SNAPSHOT`,
    );
    const row = rows[0]!;
    return { lsn: row.consistent_point, snapshot: row.snapshot_name, close: () => client.end() };
  } catch (error) {
    await client.end().catch(() => {});
    throw new ConfluxError(
      'source.postgres-cdc.slot',
      `cannot create replication slot "${slot}": ${messageOf(error)}`,
      {
        path: 'source.slot',
        cause: error,
      },
    );
  }
}

/** The primary key columns of a table, in key order (what a snapshot row's `key` holds). */
export async function primaryKey(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ attname: string }>(
    `SELECT a.attname FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary
      ORDER BY array_position(i.indkey, a.attnum)`,
    [quoteTable(table)],
  );
  return rows.map((row) => row.attname);
}
