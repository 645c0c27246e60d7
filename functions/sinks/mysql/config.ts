import { z } from 'zod';
import { checkSqlConnection, sqlSinkFields } from '../../shared/sql-config.js';

/**
 * The MySQL / MariaDB sink: one row per payload, each column rendered from the event.
 * upsert uses the table's own primary and unique keys (INSERT … ON DUPLICATE KEY UPDATE).
 * @example sink: { type: mysql, host: 127.0.0.1, user: app, database: shop, table: orders, columns: { id: $.data.value.id } }
 */
export const mysqlSinkConfig = z
  .strictObject({
    type: z.literal('mysql'),
    ...sqlSinkFields(['mysql', 'mariadb'], 3306),
  })
  .superRefine(checkSqlConnection, { when: () => true })
  .describe('Writes each payload as a row of a MySQL or MariaDB table.');

/** The MySQL sink's settings after defaults. */
export type MysqlSinkConfig = z.output<typeof mysqlSinkConfig>;
