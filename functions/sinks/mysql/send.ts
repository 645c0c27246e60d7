import mysql from 'mysql2/promise';
import type { SinkWriter } from '../../../bus/task/contract.js';
import type { Statement } from '../../shared/sql-encode.js';
import { sqlSinkWriter } from '../../shared/sql-sink.js';
import type { MysqlSinkConfig } from './config.js';
import { encode } from './encode.js';

/** How many connections one sink holds at most: concurrent writes (task lanes) each take one. */
const POOL_SIZE = 8;

/**
 * Connects a `mysql2` pool and compiles the column specs once. A write is one transaction (the
 * batch's multi-row INSERTs, then COMMIT) on a connection taken from the pool, and resolves once
 * committed. Values travel as parameters of prepared statements (binary protocol), never spliced
 * into the SQL text, whatever the server's sql_mode. A connection that failed is destroyed, not
 * returned, so the next write gets a fresh one.
 */
export async function connect(config: MysqlSinkConfig, context: { baseDir: string }): Promise<SinkWriter> {
  const common = { connectionLimit: POOL_SIZE, charset: 'utf8mb4', maxPreparedStatements: 64 };
  const pool =
    config.connectionString !== undefined
      ? mysql.createPool({ uri: toMysqlUri(config.connectionString), ...common })
      : mysql.createPool({
          host: config.host,
          port: config.port,
          user: config.user,
          password: config.password,
          database: config.database,
          ...common,
        });
  return sqlSinkWriter({
    type: 'mysql',
    table: config.table,
    columns: config.columns,
    baseDir: context.baseDir,
    encode: (messages, columns) => encode(messages, { table: config.table, mode: config.mode }, columns),
    transaction: (statements) => transaction(pool, statements),
    end: () => pool.end(),
  });
}

/** mysql2 reads `mysql://` URLs; `mariadb://` means the same server. */
function toMysqlUri(connectionString: string): string {
  return connectionString.replace(/^mariadb:/, 'mysql:');
}

async function transaction(pool: mysql.Pool, statements: Statement[]): Promise<void> {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    for (const statement of statements) await connection.execute(statement.text, statement.values);
    await connection.commit();
  } catch (error) {
    const rolledBack = await connection.rollback().then(
      () => true,
      () => false,
    );
    if (rolledBack) connection.release();
    else connection.destroy();
    throw error;
  }
  connection.release();
}
