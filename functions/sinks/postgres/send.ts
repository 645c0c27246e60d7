import pg from 'pg';
import { classifyError, type ErrorRule, permanent, retry, type Verdict } from '../../../bus/delivery/errors.js';
import type { SinkWriter } from '../../../bus/task/contract.js';
import type { Statement } from '../../shared/sql/encode.js';
import { sqlSinkWriter } from '../../shared/sql/sink.js';
import type { PostgresSinkConfig } from './config.js';
import { encode } from './encode.js';

/** How many connections one sink holds at most: concurrent writes (task lanes) each take one. */
const POOL_SIZE = 8;

/**
 * Connects a `pg` Pool and compiles the column specs once. A write is one transaction (BEGIN,
 * the batch's multi-row INSERTs, COMMIT) on a connection taken from the pool, and resolves once
 * committed. A connection that failed is destroyed, not returned, so the next write gets a fresh
 * one; errors of idle connections (a session killed by the server) only drop them from the pool.
 * The server sees the sessions as application_name `conflux-sink-postgres` unless the
 * connectionString names another.
 */
export async function connect(config: PostgresSinkConfig, context: { baseDir: string }): Promise<SinkWriter> {
  const where =
    config.connectionString !== undefined
      ? { connectionString: config.connectionString }
      : {
          host: config.host,
          port: config.port,
          user: config.user,
          password: config.password,
          database: config.database,
        };
  const pool = new pg.Pool({ ...where, application_name: 'conflux-sink-postgres', max: POOL_SIZE });
  pool.on('error', () => {
    // an idle connection died (killed, server restarted): the pool has dropped it already
  });
  return sqlSinkWriter({
    type: 'postgres',
    table: config.table,
    columns: config.columns,
    baseDir: context.baseDir,
    encode: (messages, columns) =>
      encode(messages, { table: config.table, mode: config.mode, conflictKey: config.conflictKey }, columns),
    transaction: (statements) => transaction(pool, statements),
    classify,
    end: () => pool.end(),
  });
}

/** SQLSTATEs (or classes) worth retrying: connection, deadlock/serialization, resources, shutdown, lock timeout. */
// biome-ignore format: a table reads better packed
const RETRY_SQLSTATES: Record<string, string> = {
  '08': 'connection exception', '40001': 'serialization failure', '40P01': 'deadlock detected',
  '53': 'insufficient resources', '55P03': 'lock not available', '57014': 'statement timeout or cancel',
  '57P01': 'server shutting down', '57P02': 'server crashed', '57P03': 'server not accepting connections',
  '58': 'system error',
};

/** pg and pg-pool throw plain `Error`s with these texts when the connection went away. */
const CONNECTION_LOST = /connection terminated|timeout exceeded when trying to connect/i;

/** pg's rules: a server error by its SQLSTATE (class 23, constraint violations, permanent), a lost connection retried. */
const PG_RULES: ErrorRule[] = [
  (e) => {
    if (typeof e.severity !== 'string' || typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return undefined;
    const why = RETRY_SQLSTATES[e.code] ?? RETRY_SQLSTATES[e.code.slice(0, 2)];
    if (why !== undefined) return retry(`PostgreSQL ${e.code} (${why})`);
    const kind = e.code.startsWith('23') ? 'constraint violation' : 'rejected by the database';
    return permanent(`PostgreSQL ${e.code} (${kind})`);
  },
  (e) => (typeof e.message === 'string' && CONNECTION_LOST.test(e.message) ? retry('connection lost') : undefined),
];

/**
 * Whether another attempt can help after `error` from pg: deadlocks, serialization failures,
 * lost connections and the network retry; constraint violations and other rejections do not.
 *
 * @example classify(pgError('40P01')) // {verdict:'retry', reason:'PostgreSQL 40P01 (deadlock detected)'}
 */
export function classify(error: unknown): Verdict {
  return classifyError(error, PG_RULES);
}

async function transaction(pool: pg.Pool, statements: Statement[]): Promise<void> {
  const client = await pool.connect();
  const ignore = () => {}; // an error outside a query (session killed between statements) fails the next query instead
  client.on('error', ignore);
  try {
    await client.query('BEGIN');
    for (const statement of statements) await client.query(statement.text, statement.values);
    await client.query('COMMIT');
  } catch (error) {
    const rolledBack = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    client.off('error', ignore);
    client.release(rolledBack ? undefined : true); // true destroys the connection
    throw error;
  }
  client.off('error', ignore);
  client.release();
}
