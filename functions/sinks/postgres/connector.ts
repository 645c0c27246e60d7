import type { Issue } from '../../../bus/errors.js';
import { defineSink, type SettingsOf } from '../../shared/settings/connector.js';
import { list, optional } from '../../shared/settings/field-table.js';
import { checkSqlConnection, sqlFields } from '../../shared/sql/config.js';

/** upsert needs conflictKey, made of declared columns; insert must not have one. */
function checkConflictKey(value: Record<string, unknown>, issues: Issue[]): void {
  const { mode, conflictKey, columns } = value;
  if (mode === 'upsert' && conflictKey === undefined) {
    issues.push({ path: ['conflictKey'], message: 'required when mode is upsert: the key columns' });
  }
  if (mode !== 'upsert' && conflictKey !== undefined) {
    issues.push({ path: ['conflictKey'], message: 'only applies when mode is upsert' });
  }
  if (!Array.isArray(conflictKey) || columns === null || typeof columns !== 'object') return;
  conflictKey.forEach((column, i) => {
    if (typeof column === 'string' && !Object.hasOwn(columns, column)) {
      issues.push({ path: ['conflictKey', i], message: `"${column}" is not one of the columns` });
    }
  });
}

const fields = {
  ...sqlFields(['postgres', 'postgresql'], 5432),
  conflictKey: optional(
    list(1, 'must name at least one column'),
    'upsert only: the columns of the unique constraint that decides whether a row exists (ON CONFLICT).',
  ),
};

/**
 * The PostgreSQL sink: one row per payload, each column rendered from the event.
 * @example sink: { type: postgres, connectionString: "postgres://app@127.0.0.1/shop", table: orders,
 *   columns: { id: $.data.value.id, body: $.data.value }, mode: upsert, conflictKey: [id] }
 */
export const postgresSink = defineSink({
  type: 'postgres',
  doc: 'Writes each payload as a row of a PostgreSQL table (INSERT, or INSERT … ON CONFLICT for upsert).',
  example:
    'sink: { type: postgres, connectionString: "postgres://app@127.0.0.1/shop", table: orders, columns: { id: $.data.value.id }, mode: upsert, conflictKey: [id] }',
  triggers: { lambda: ['kafka'], fc: ['eventbridge'] },
  fields,
  refine: (value, issues) => {
    checkSqlConnection(value, issues);
    checkConflictKey(value, issues);
  },
});

/** The PostgreSQL sink's settings after defaults. */
export type PostgresSinkConfig = SettingsOf<'postgres', typeof fields>;
