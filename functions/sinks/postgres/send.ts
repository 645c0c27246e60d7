import pg from 'pg';
import type { SinkWriter } from '../../../bus/task/contract.js';
import type { Statement } from '../../shared/sql-encode.js';
import { sqlSinkWriter } from '../../shared/sql-sink.js';
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
    end: () => pool.end(),
  });
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
