import { z } from 'zod';
import { checkSqlConnection, sqlSinkFields } from '../../shared/sql-config.js';

/**
 * The PostgreSQL sink: one row per payload, each column rendered from the event.
 * @example sink: { type: postgres, connectionString: "postgres://app@127.0.0.1/shop", table: orders,
 *   columns: { id: $.data.value.id, body: $.data.value }, mode: upsert, conflictKey: [id] }
 */
export const postgresSinkConfig = z
  .strictObject({
    type: z.literal('postgres'),
    ...sqlSinkFields(['postgres', 'postgresql'], 5432),
    conflictKey: z
      .array(z.string())
      .min(1, { error: 'must name at least one column' })
      .optional()
      .describe('upsert only: the columns of the unique constraint that decides whether a row exists (ON CONFLICT).'),
  })
  .superRefine(
    (value, ctx) => {
      checkSqlConnection(value, ctx);
      checkConflictKey(value, ctx);
    },
    { when: () => true },
  )
  .describe('Writes each payload as a row of a PostgreSQL table (INSERT, or INSERT … ON CONFLICT for upsert).');

/** upsert needs conflictKey, made of declared columns; insert must not have one. */
function checkConflictKey(value: unknown, ctx: z.RefinementCtx): void {
  if (value === null || typeof value !== 'object') return;
  const { mode, conflictKey, columns } = value as { mode?: unknown; conflictKey?: unknown; columns?: unknown };
  if (mode === 'upsert' && conflictKey === undefined) {
    ctx.addIssue({ code: 'custom', path: ['conflictKey'], message: 'required when mode is upsert: the key columns' });
  }
  if (mode !== 'upsert' && conflictKey !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['conflictKey'], message: 'only applies when mode is upsert' });
  }
  if (!Array.isArray(conflictKey) || columns === null || typeof columns !== 'object') return;
  conflictKey.forEach((column, i) => {
    if (typeof column === 'string' && !Object.hasOwn(columns, column)) {
      ctx.addIssue({ code: 'custom', path: ['conflictKey', i], message: `"${column}" is not one of the columns` });
    }
  });
}

/** The PostgreSQL sink's settings after defaults. */
export type PostgresSinkConfig = z.output<typeof postgresSinkConfig>;
