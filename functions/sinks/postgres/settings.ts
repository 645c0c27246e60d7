import type { Issue } from '../../../bus/errors.js';
import { listOf, literal, refined, strictSettings, string } from '../../shared/deployed-settings.js';
import { sqlConnection, sqlFields } from '../../shared/sql-settings.js';
import type { PostgresSinkConfig } from './config.js';

/** upsert needs conflictKey, made of declared columns; insert must not have one (mirrors config.ts). */
function conflictKey(value: Record<string, unknown>, issues: Issue[]): void {
  const { mode, conflictKey: key, columns } = value;
  if (mode === 'upsert' && key === undefined) {
    issues.push({ path: ['conflictKey'], message: 'required when mode is upsert: the key columns' });
  }
  if (mode !== 'upsert' && key !== undefined) {
    issues.push({ path: ['conflictKey'], message: 'only applies when mode is upsert' });
  }
  if (!Array.isArray(key) || columns === null || typeof columns !== 'object') return;
  key.forEach((column, i) => {
    if (typeof column === 'string' && !Object.hasOwn(columns, column)) {
      issues.push({ path: ['conflictKey', i], message: `"${column}" is not one of the columns` });
    }
  });
}

/** The PostgreSQL sink's settings as a deployed function checks them (mirrors config.ts without zod). */
export const postgresSettings = refined(
  strictSettings<PostgresSinkConfig>({
    type: { check: literal('postgres') },
    ...sqlFields(['postgres', 'postgresql']),
    conflictKey: { check: listOf(string, 1, 'must name at least one column'), optional: true },
  }),
  (value, issues) => {
    sqlConnection(value, issues);
    conflictKey(value, issues);
  },
);
