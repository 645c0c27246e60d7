import mysql from 'mysql2/promise';
import { ConfluxError, messageOf } from '../../../bus/errors.js';

/** The connection settings of a `mysql://user:password@host:port/database` URL. */
export interface ServerAddress {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string | undefined;
}

/** A connection string → its parts (user root and port 3306 when left out). */
export function serverAddress(connectionString: string): ServerAddress {
  const url = new URL(connectionString);
  const database = decodeURIComponent(url.pathname.slice(1));
  return {
    host: url.hostname,
    port: url.port === '' ? 3306 : Number(url.port),
    user: url.username === '' ? 'root' : decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: database === '' ? undefined : database,
  };
}

/** `orders` → `<database>.orders`; a qualified name stays. A bare name without a database is an error. */
export function qualify(table: string, database: string | undefined): string {
  if (table.includes('.')) return table;
  if (database === undefined) {
    throw new ConfluxError(
      'source.mysql-cdc.table',
      `table "${table}" names no database, and the connection string has none`,
      { path: 'source.tables' },
    );
  }
  return `${database}.${table}`;
}

/** A `db.table` name quoted for SQL. */
export function quoteTable(table: string): string {
  return table
    .split('.')
    .map((part) => `\`${part.replaceAll('`', '``')}\``)
    .join('.');
}

/** A server id from the task name (FNV-1a), in 100000..2^31, so two tasks rarely share one. */
export function defaultServerId(task: string): number {
  let hash = 0x811c9dc5;
  for (const char of task) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 100_000 + (hash % 2_000_000_000);
}

/** A binlog position: the file and the offset in it. */
export interface BinlogPosition {
  filename: string;
  position: number;
}

/** Opens a control connection, naming `source.connectionString` when the server cannot be reached. */
export async function connectServer(address: ServerAddress): Promise<mysql.Connection> {
  try {
    return await mysql.createConnection({ ...address, supportBigNumbers: true, bigNumberStrings: true });
  } catch (error) {
    throw new ConfluxError(
      'source.mysql-cdc.connect',
      `cannot connect to ${address.host}:${address.port}: ${messageOf(error)}`,
      {
        path: 'source.connectionString',
        retriable: true,
        cause: error,
      },
    );
  }
}

/** Where the binlog ends now; an error when the server writes none (`log_bin` off) or not row-based. */
export async function binlogEnd(connection: mysql.Connection): Promise<BinlogPosition> {
  const [format] = await connection.query<mysql.RowDataPacket[]>('SELECT @@binlog_format AS format');
  if (String(format[0]?.format).toUpperCase() !== 'ROW') {
    throw new ConfluxError(
      'source.mysql-cdc.binlog',
      `the server's binlog_format is ${String(format[0]?.format)}; row changes need binlog_format=ROW`,
      { path: 'source.connectionString' },
    );
  }
  const [rows] = await connection.query<mysql.RowDataPacket[]>('SHOW MASTER STATUS');
  const row = rows[0];
  if (row === undefined) {
    throw new ConfluxError('source.mysql-cdc.binlog', 'the server writes no binlog (log_bin is off)', {
      path: 'source.connectionString',
    });
  }
  return { filename: String(row.File), position: Number(row.Position) };
}

/** The primary key columns of a table, in key order; an error naming `source.tables` when there is no such table. */
export async function primaryKey(connection: mysql.Connection, table: string): Promise<string[]> {
  const [database, name] = table.split('.') as [string, string];
  const [found] = await connection.query<mysql.RowDataPacket[]>(
    'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
    [database, name],
  );
  if (found.length === 0) {
    throw new ConfluxError('source.mysql-cdc.table', `table ${table} does not exist`, { path: 'source.tables' });
  }
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    `SELECT COLUMN_NAME AS name FROM information_schema.KEY_COLUMN_USAGE
      WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION`,
    [database, name],
  );
  return rows.map((row) => String(row.name));
}
