import type { SinkMessage } from '../../../bus/task/contract.js';
import {
  type ColumnRenderer,
  insertStatements,
  type Row,
  renderRows,
  type SqlDialect,
  type Statement,
} from '../../shared/sql/encode.js';

/** MySQL/MariaDB spelling: identifiers in backticks (a backtick inside doubled), parameters `?`. */
export const mysqlDialect: SqlDialect = {
  quote: (identifier) => `\`${identifier.replaceAll('`', '``')}\``,
  placeholder: () => '?',
};

/** What the MySQL sink writes: the table, its columns in order, insert or upsert. */
export interface MysqlTable {
  table: string;
  columns: readonly string[];
  mode: 'insert' | 'upsert';
}

/**
 * The statements that write `rows`: multi-row INSERTs; for upsert each ends with
 * `ON DUPLICATE KEY UPDATE c = VALUES(c)` for every column, so the table's own primary and unique
 * keys decide which row exists (rows of one statement apply in order: a repeated key ends as its
 * last row). `VALUES(c)` rather than MySQL 8's row alias, which MariaDB does not have.
 *
 * @example mysqlStatements({ table: 'orders', columns: ['id'], mode: 'insert' }, [['1']]) // [{ text: 'INSERT INTO `orders` (`id`) VALUES (?)', values: ['1'] }]
 */
export function mysqlStatements(target: MysqlTable, rows: readonly Row[], maxParameters?: number): Statement[] {
  const { table, columns, mode } = target;
  const q = mysqlDialect.quote;
  const suffix =
    mode === 'upsert' ? `ON DUPLICATE KEY UPDATE ${columns.map((c) => `${q(c)} = VALUES(${q(c)})`).join(', ')}` : '';
  return insertStatements(mysqlDialect, table, columns, rows, { suffix, maxParameters });
}

/**
 * Messages → the statements of one write: each message becomes a row, its columns rendered
 * from the event by the column specs (see functions/shared/sql/encode.ts for how text maps to SQL).
 */
export async function encode(
  messages: readonly SinkMessage[],
  target: Omit<MysqlTable, 'columns'>,
  columns: Record<string, ColumnRenderer>,
): Promise<Statement[]> {
  const rows = await renderRows(messages, columns);
  return mysqlStatements({ ...target, columns: Object.keys(columns) }, rows);
}
