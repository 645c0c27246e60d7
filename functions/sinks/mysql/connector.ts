import { defineSink, type SettingsOf } from '../../shared/settings/connector.js';
import { checkSqlConnection, sqlFields } from '../../shared/sql/config.js';

const fields = sqlFields(['mysql', 'mariadb'], 3306);

/**
 * The MySQL / MariaDB sink: one row per payload, each column rendered from the event.
 * upsert uses the table's own primary and unique keys (INSERT … ON DUPLICATE KEY UPDATE).
 * @example sink: { type: mysql, host: 127.0.0.1, user: app, database: shop, table: orders, columns: { id: $.data.value.id } }
 */
export const mysqlSink = defineSink({
  type: 'mysql',
  doc: 'Writes each payload as a row of a MySQL or MariaDB table.',
  example:
    'sink: { type: mysql, host: 127.0.0.1, user: app, database: shop, table: orders, columns: { id: $.data.value.id } }',
  triggers: { lambda: ['kafka'], fc: ['eventbridge'] },
  fields,
  refine: checkSqlConnection,
});

/** The MySQL sink's settings after defaults. */
export type MysqlSinkConfig = SettingsOf<'mysql', typeof fields>;
