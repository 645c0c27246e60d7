import mysql from 'mysql2/promise';
import { classifyError, type ErrorRule, permanent, retry, type Verdict } from '../../../bus/delivery/errors.js';
import type { SinkWriter } from '../../../bus/task/contract.js';
import type { Statement } from '../../shared/sql/encode.js';
import { sqlSinkWriter } from '../../shared/sql/sink.js';
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
    classify,
    end: () => pool.end(),
  });
}

/** MySQL/MariaDB errnos worth retrying. */
// biome-ignore format: a table reads better packed
const RETRY_ERRNOS: Record<number, string> = {
  1213: 'deadlock', 1205: 'lock wait timeout', 1040: 'too many connections', 1053: 'server shutting down',
  1927: 'connection killed', 2002: 'cannot connect', 2003: 'cannot connect', 2006: 'server has gone away',
  2013: 'lost connection',
};

/** mysql2's own codes for a connection that went away. */
const CONNECTION_CODES = new Set(['PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT']);

/** mysql2's rules: a lost connection retried, a server error by its errno (SQLSTATE class 23, constraint violations, permanent). */
const MYSQL_RULES: ErrorRule[] = [
  (e) => (typeof e.code === 'string' && CONNECTION_CODES.has(e.code) ? retry(`network error ${e.code}`) : undefined),
  (e) => {
    const isMysql = typeof e.sqlState === 'string' || (typeof e.code === 'string' && e.code.startsWith('ER_'));
    if (!isMysql || typeof e.errno !== 'number') return undefined;
    const why = RETRY_ERRNOS[e.errno];
    if (why !== undefined) return retry(`MySQL ${e.errno} (${why})`);
    const kind = String(e.sqlState).startsWith('23') ? 'constraint violation' : 'rejected by the database';
    return permanent(`MySQL ${e.errno} (${kind})`);
  },
];

/**
 * Whether another attempt can help after `error` from mysql2: deadlocks, lock waits, lost
 * connections and the network retry; constraint violations and other rejections do not.
 *
 * @example classify(mysqlError(1213)) // {verdict:'retry', reason:'MySQL 1213 (deadlock)'}
 */
export function classify(error: unknown): Verdict {
  return classifyError(error, MYSQL_RULES);
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
