import type { Issue } from '../../bus/errors.js';
import {
  type FieldCheck,
  type FieldSpec,
  intRange,
  matching,
  nonEmptyString,
  oneOf,
  specMap,
  string,
  url,
} from './deployed-settings.js';

/** The PostgreSQL and MySQL sinks' deployed settings checks: sql-config.ts without zod. */

const SQL_NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** Column name → transform spec, at least one, each name fit for SQL (checked on any object, as the schema does). */
const sqlColumns: FieldCheck = (value, path, issues) => {
  const specs = specMap(value, path, issues);
  if (typeof value !== 'object' || value === null) return specs;
  const names = Object.keys(value);
  if (names.length === 0) issues.push({ path, message: 'must name at least one column' });
  for (const name of names.filter((n) => !SQL_NAME.test(n)))
    issues.push({
      path: [...path, name],
      message: 'a column name must be letters, digits, _ and $, not starting with a digit',
    });
  return specs;
};

/** The fields the PostgreSQL and MySQL sinks share (mirrors `sqlSinkFields` of sql-config.ts). */
export function sqlFields(schemes: readonly string[]): Record<string, FieldSpec> {
  return {
    connectionString: { check: url(schemes), optional: true },
    host: { check: nonEmptyString, optional: true },
    port: { check: intRange(1, 65_535), optional: true },
    user: { check: nonEmptyString, optional: true },
    password: { check: string, optional: true },
    database: { check: nonEmptyString, optional: true },
    table: {
      check: matching(/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/, 'a table name, e.g. sales.orders'),
    },
    columns: { check: sqlColumns },
    mode: { check: oneOf(['insert', 'upsert']), default: 'insert' },
  };
}

/** connectionString or host, not both (mirrors `checkSqlConnection` of sql-config.ts). */
export function sqlConnection(value: Record<string, unknown>, issues: Issue[]): void {
  const separate = ['host', 'port', 'user', 'password', 'database'].filter((key) => value[key] !== undefined);
  if (value.connectionString !== undefined && separate.length > 0) {
    issues.push({ path: [separate[0]!], message: `give either connectionString or ${separate.join('/')}, not both` });
  } else if (value.connectionString === undefined && value.host === undefined) {
    issues.push({
      path: ['connectionString'],
      message: 'required: connectionString, or host (with port, user, password, database)',
    });
  }
}
