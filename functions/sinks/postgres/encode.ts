import type { SinkMessage } from '../../../bus/task/contract.js';
import {
  type ColumnRenderer,
  insertStatements,
  lastRowPerKey,
  type Row,
  renderRows,
  type SqlDialect,
  type Statement,
} from '../../shared/sql/encode.js';

/** PostgreSQL spelling: identifiers in double quotes (a quote inside doubled), parameters `$1`, `$2`, … */
export const postgresDialect: SqlDialect = {
  quote: (identifier) => `"${identifier.replaceAll('"', '""')}"`,
  placeholder: (n) => `$${n}`,
};

/** What the PostgreSQL sink writes: the table, its columns in order, and how a row that exists is met. */
export interface PostgresTable {
  table: string;
  columns: readonly string[];
  mode: 'insert' | 'upsert';
  /** upsert only: the columns of the unique constraint ON CONFLICT names. */
  conflictKey?: readonly string[];
}

/**
 * The statements that write `rows`: multi-row INSERTs; for upsert each ends with
 * `ON CONFLICT (key) DO UPDATE SET c = EXCLUDED.c` for every non-key column (`DO NOTHING` when
 * every column is a key column), and a key repeated in the batch keeps only its last row
 * (PostgreSQL refuses to update one row twice in one statement).
 *
 * @example postgresStatements({ table: 'orders', columns: ['id'], mode: 'insert' }, [['1']]) // [{ text: 'INSERT INTO "orders" ("id") VALUES ($1)', values: ['1'] }]
 */
export function postgresStatements(target: PostgresTable, rows: readonly Row[], maxParameters?: number): Statement[] {
  const { table, columns, mode, conflictKey } = target;
  if (mode !== 'upsert') return insertStatements(postgresDialect, table, columns, rows, { maxParameters });
  const key = conflictKey ?? [];
  const keyIndexes = key.map((name) => columns.indexOf(name));
  const q = postgresDialect.quote;
  const updates = columns.filter((c) => !key.includes(c)).map((c) => `${q(c)} = EXCLUDED.${q(c)}`);
  const action = updates.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${updates.join(', ')}`;
  const suffix = `ON CONFLICT (${key.map(q).join(', ')}) ${action}`;
  const unique = keyIndexes.length > 0 && keyIndexes.every((i) => i >= 0) ? lastRowPerKey(rows, keyIndexes) : rows;
  return insertStatements(postgresDialect, table, columns, unique, { suffix, maxParameters });
}

/**
 * Messages → the statements of one write: each message becomes a row, its columns rendered
 * from the event by the column specs (see functions/shared/sql/encode.ts for how text maps to SQL).
 */
export async function encode(
  messages: readonly SinkMessage[],
  target: Omit<PostgresTable, 'columns'>,
  columns: Record<string, ColumnRenderer>,
): Promise<Statement[]> {
  const rows = await renderRows(messages, columns);
  return postgresStatements({ ...target, columns: Object.keys(columns) }, rows);
}
