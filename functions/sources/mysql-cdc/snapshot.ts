import mysql from 'mysql2';
import type { RowDataPacket } from 'mysql2/promise';
import { type RowChange, rowJson } from '../../adapters/source/cdc-change.js';
import { type BinlogPosition, quoteTable, type ServerAddress } from './server.js';

/** A transaction that sees the tables as they were at `position` of the binlog. */
export interface TableSnapshot {
  position: BinlogPosition;
  /** Hands every row of the tables to `onRow` as an `r` change, in primary-key order, waiting for each. */
  read(
    tables: readonly string[],
    keys: ReadonlyMap<string, string[]>,
    onRow: (change: RowChange, id: string) => Promise<void>,
  ): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a consistent-snapshot transaction and finds the binlog position it matches: on MariaDB
 * without any lock (`binlog_snapshot_file`/`_position`, taken with the snapshot); on MySQL by a
 * brief `FLUSH TABLES WITH READ LOCK` (needs RELOAD) around the start of the transaction.
 */
export async function openSnapshot(address: ServerAddress): Promise<TableSnapshot> {
  const connection = mysql.createConnection({ ...address, supportBigNumbers: true, bigNumberStrings: true });
  const db = connection.promise();
  try {
    await db.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await db.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    const [status] = await db.query<RowDataPacket[]>("SHOW STATUS LIKE 'binlog_snapshot_%'");
    const value = (name: string) => status.find((row) => row.Variable_name === name)?.Value as string | undefined;
    let position: BinlogPosition;
    const file = value('Binlog_snapshot_file');
    if (file !== undefined && file !== '') {
      position = { filename: file, position: Number(value('Binlog_snapshot_position')) };
    } else {
      await db.query('ROLLBACK');
      await db.query('FLUSH TABLES WITH READ LOCK');
      try {
        await db.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
        const [rows] = await db.query<RowDataPacket[]>('SHOW MASTER STATUS');
        position = { filename: String(rows[0]!.File), position: Number(rows[0]!.Position) };
      } finally {
        await db.query('UNLOCK TABLES');
      }
    }
    const commitTime = new Date().toISOString();
    return {
      position,
      async read(tables, keys, onRow) {
        for (const table of tables) {
          const keyColumns = keys.get(table) ?? [];
          const order = keyColumns.length === 0 ? '' : ` ORDER BY ${keyColumns.map((c) => `\`${c}\``).join(', ')}`;
          let index = 0;
          // streamed: the rows are not all held at once; each waits for the one before to be taken
          for await (const row of connection.query(`SELECT * FROM ${quoteTable(table)}${order}`).stream()) {
            const after = rowJson(row as Record<string, unknown>)!;
            const key = Object.fromEntries(keyColumns.map((column) => [column, after[column] ?? null]));
            const where = `${position.filename}:${position.position}`;
            const change: RowChange = {
              op: 'r',
              table,
              key,
              before: null,
              after,
              position: where,
              commitTime,
              txId: null,
            };
            await onRow(change, `${where}-r-${table}-${index++}`);
          }
        }
        await db.query('COMMIT');
      },
      close: () => db.end().catch(() => {}),
    };
  } catch (error) {
    await db.end().catch(() => {});
    throw error;
  }
}
