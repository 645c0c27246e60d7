import { ConfluxError } from '../../../bus/errors.js';
import type { SinkMessage } from '../../../bus/task/contract.js';
import { renderSingle } from '../task/sink-fields.js';
import type { ColumnRenderer } from './columns.js';

export type { ColumnRenderer } from './columns.js';

/**
 * What the PostgreSQL and MySQL sinks share on the pure side: rendering each message into a row,
 * and the parameterised multi-row INSERT for a batch of rows.
 *
 * Every column value is the column spec's one output, sent as a *text* parameter: the database
 * casts it to the column's type (`"42"` → integer, `'{"a":1}'` → jsonb/JSON, an ISO time →
 * timestamptz). JSONPATH renders strings raw and anything else as compact JSON, so a JSON value
 * lands as its JSON text; a JSONPATH column that selects `null` is SQL NULL (sql-columns.ts).
 */

/** One row: the column values in the order of the column names (`null`: SQL NULL). */
export type Row = (string | null)[];

/** One statement with its parameters, ready for the driver. */
export interface Statement {
  text: string;
  values: (string | null)[];
}

/** How a database spells identifiers and parameters. */
export interface SqlDialect {
  /** Quotes one identifier so that no name can end the quoting (`a"b` → `"a""b"`). */
  quote(identifier: string): string;
  /** The placeholder of the n-th parameter, counted from 1 (`$3` or `?`). */
  placeholder(n: number): string;
}

/** Both drivers and servers accept at most 65,535 parameters in one statement. */
export const MAX_PARAMETERS = 65_535;

/**
 * Renders every message into a row, one value a column. A column spec that gives no output or
 * more than one is an error naming `sink.columns.<name>` (permanent: retrying renders the same).
 *
 * @example await renderRows([message], { id: () => ['7'] }) // [['7']]
 */
export async function renderRows(
  messages: readonly SinkMessage[],
  columns: Record<string, ColumnRenderer>,
): Promise<Row[]> {
  const entries = Object.entries(columns);
  const rows: Row[] = [];
  for (const message of messages) {
    const row: Row = [];
    for (const [name, render] of entries)
      row.push(await renderSingle(render, message, `sink.columns.${name}`, 'sink.sql.column'));
    rows.push(row);
  }
  return rows;
}

/**
 * A table name, optionally schema-qualified (`sales.orders`), with each part quoted.
 * @example quoteTable(postgresDialect, 'sales.orders') // "sales"."orders"
 */
export function quoteTable(dialect: SqlDialect, table: string): string {
  return table
    .split('.')
    .map((part) => dialect.quote(part))
    .join('.');
}

/**
 * The multi-row INSERTs that write `rows` into `table`, split so that no statement carries more
 * than `maxParameters` parameters; `suffix` (ON CONFLICT…, ON DUPLICATE KEY…) ends each one.
 * No rows → no statements.
 *
 * @example insertStatements(pg, 'orders', ['id'], [['1'], ['2']]) // [{ text: 'INSERT INTO "orders" ("id") VALUES ($1), ($2)', values: ['1', '2'] }]
 */
export function insertStatements(
  dialect: SqlDialect,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  options: { suffix?: string; maxParameters?: number } = {},
): Statement[] {
  if (columns.length === 0) throw new ConfluxError('sink.sql.columns', 'a SQL sink needs at least one column');
  const perStatement = Math.max(1, Math.floor((options.maxParameters ?? MAX_PARAMETERS) / columns.length));
  const head = `INSERT INTO ${quoteTable(dialect, table)} (${columns.map((c) => dialect.quote(c)).join(', ')}) VALUES `;
  const statements: Statement[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    let n = 0;
    const tuples = chunk.map((row) => {
      if (row.length !== columns.length) {
        throw new ConfluxError('sink.sql.row', `a row has ${row.length} values for ${columns.length} columns`);
      }
      return `(${row.map(() => dialect.placeholder(++n)).join(', ')})`;
    });
    const text = `${head}${tuples.join(', ')}${options.suffix ? ` ${options.suffix}` : ''}`;
    statements.push({ text, values: chunk.flat() });
  }
  return statements;
}

/**
 * Keeps, for each key, only the last row carrying it (at that last row's place), so a batch that
 * upserts one key twice ends as the later value — what running the rows one by one would leave.
 * Keys compare as rendered text.
 */
export function lastRowPerKey(rows: readonly Row[], keyIndexes: readonly number[]): Row[] {
  const byKey = new Map<string, Row>();
  for (const row of rows) {
    const key = JSON.stringify(keyIndexes.map((i) => row[i]));
    byKey.delete(key);
    byKey.set(key, row);
  }
  return [...byKey.values()];
}
