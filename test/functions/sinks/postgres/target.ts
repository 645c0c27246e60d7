/** A fresh PostgreSQL table per test, for the postgres sink's tests (not a test file itself). */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { ConformanceTarget } from '../../../helpers/sink-conformance.js';

/** The test database: trust auth on 127.0.0.1, database `test`. */
export const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Runs one statement as the test user and returns its rows. */
export async function admin<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** A unique table name; also the application_name the sink's sessions carry, so they can be killed alone. */
export function uniqueTable(): string {
  return `conflux_sink_${randomBytes(6).toString('hex')}`;
}

/** The connection string for a sink whose sessions are named `name`. */
export function sinkUrl(name: string): string {
  return `${POSTGRES_URL}?application_name=${name}`;
}

/** Kills every session named `name` (the sink's), from the server's side. */
export async function killSessions(name: string): Promise<number> {
  const rows = await admin<{ killed: boolean }>(
    'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1',
    [name],
  );
  return rows.filter((r) => r.killed).length;
}

/** A table `(id bigserial, seq integer, body text)`; `body` holds the payload, read back in id order. */
export async function conformanceTarget(
  connect: (table: string) => ReturnType<ConformanceTarget['connect']>,
): Promise<ConformanceTarget> {
  const table = uniqueTable();
  await admin(`CREATE TABLE ${table} (id bigserial PRIMARY KEY, seq integer NOT NULL, body text NOT NULL)`);
  return {
    connect: () => connect(table),
    received: async () => (await admin<{ body: string }>(`SELECT body FROM ${table} ORDER BY id`)).map((r) => r.body),
    breakConnection: async () => {
      if ((await killSessions(table)) === 0) throw new Error('no session of the sink to kill');
    },
    cleanup: async () => {
      await admin(`DROP TABLE IF EXISTS ${table}`);
    },
  };
}
