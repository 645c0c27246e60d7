import { z } from 'zod';
import { intRange, nonEmptyString, oneOf, secret, specMap, sqlIdentifier, url } from './config-fields.js';

/**
 * The fields the PostgreSQL and MySQL sinks share: where the database is, which table,
 * and how each column is rendered from the event.
 */
export function sqlSinkFields(schemes: readonly string[], defaultPort: number) {
  return {
    connectionString: secret(
      url(schemes)
        .optional()
        .describe(
          `The database URL, e.g. ${schemes[0]}://user:password@127.0.0.1:${defaultPort}/db. Or give host, port, user, password, database.`,
        ),
    ),
    host: nonEmptyString('a host name').optional().describe('The database host (instead of connectionString).'),
    port: intRange(1, 65_535).optional().describe(`The database port (default ${defaultPort}).`),
    user: nonEmptyString('a user name').optional().describe('The user to connect as.'),
    password: secret(z.string().optional().describe('The password of user.')),
    database: nonEmptyString('a database name').optional().describe('The database to use.'),
    table: sqlIdentifier('a table name').describe('The table rows are written to, optionally schema-qualified.'),
    columns: specMap(
      'Column name → transform spec: one row per payload, each column rendered from the event.',
    ).superRefine(checkColumnNames, { when: () => true }),
    mode: oneOf(['insert', 'upsert'])
      .default('insert')
      .describe('insert (default) adds a row per payload; upsert updates the row whose key already exists.'),
  };
}

/** connectionString or host, not both; everything else about where the database is, checked even beside other errors. */
export function checkSqlConnection(value: unknown, ctx: z.RefinementCtx): void {
  if (value === null || typeof value !== 'object') return;
  const fields = value as Record<string, unknown>;
  const separate = ['host', 'port', 'user', 'password', 'database'].filter((key) => fields[key] !== undefined);
  if (fields.connectionString !== undefined && separate.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: [separate[0]!],
      message: `give either connectionString or ${separate.join('/')}, not both`,
    });
  } else if (fields.connectionString === undefined && fields.host === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['connectionString'],
      message: 'required: connectionString, or host (with port, user, password, database)',
    });
  }
}

function checkColumnNames(columns: unknown, ctx: z.RefinementCtx): void {
  if (columns === null || typeof columns !== 'object') return;
  const names = Object.keys(columns);
  if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'must name at least one column' });
  for (const name of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name)) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: 'a column name must be letters, digits, _ and $, not starting with a digit',
      });
    }
  }
}
