import type { Issue } from '../../../bus/errors.js';
import {
  anyText,
  type Field,
  integer,
  oneOf,
  optional,
  required,
  specs,
  text,
  url,
  withDefault,
} from '../settings/field-table.js';

/**
 * The fields the PostgreSQL and MySQL sinks share: where the database is, which table, and how
 * each column is rendered from the event (rows of their field tables, see field-table.ts).
 */
export function sqlFields(schemes: readonly string[], defaultPort: number) {
  return {
    connectionString: optional(
      url(schemes),
      `The database URL, e.g. ${schemes[0]}://user:password@127.0.0.1:${defaultPort}/db. Or give host, port, user, password, database.`,
      { secret: true },
    ),
    host: optional(text('a host name'), 'The database host (instead of connectionString).'),
    port: optional(integer(1, 65_535), `The database port (default ${defaultPort}).`),
    user: optional(text('a user name'), 'The user to connect as.'),
    password: optional(anyText(), 'The password of user.', { secret: true }),
    database: optional(text('a database name'), 'The database to use.'),
    table: required(
      text('a table name', {
        pattern: /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/,
        mismatch: 'a table name: letters, digits, _ and $, not starting with a digit, optionally schema-qualified',
      }),
      'The table rows are written to, optionally schema-qualified.',
    ),
    columns: required(
      specs({
        pattern: /^[A-Za-z_][A-Za-z0-9_$]*$/,
        message: 'a column name must be letters, digits, _ and $, not starting with a digit',
        empty: 'must name at least one column',
      }),
      'Column name → transform spec: one row per payload, each column rendered from the event.',
    ),
    mode: withDefault(
      oneOf(['insert', 'upsert']),
      'insert',
      'insert (default) adds a row per payload; upsert updates the row whose key already exists.',
    ),
  } satisfies Record<string, Field>;
}

/** connectionString or host, not both; everything else about where the database is, checked even beside other errors. */
export function checkSqlConnection(fields: Record<string, unknown>, issues: Issue[]): void {
  const separate = ['host', 'port', 'user', 'password', 'database'].filter((key) => fields[key] !== undefined);
  if (fields.connectionString !== undefined && separate.length > 0) {
    issues.push({ path: [separate[0]!], message: `give either connectionString or ${separate.join('/')}, not both` });
  } else if (fields.connectionString === undefined && fields.host === undefined) {
    issues.push({
      path: ['connectionString'],
      message: 'required: connectionString, or host (with port, user, password, database)',
    });
  }
}
