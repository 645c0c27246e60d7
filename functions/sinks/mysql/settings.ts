import { literal, refined, strictSettings } from '../../shared/deployed-settings.js';
import { sqlConnection, sqlFields } from '../../shared/sql-settings.js';
import type { MysqlSinkConfig } from './config.js';

/** The MySQL sink's settings as a deployed function checks them (mirrors config.ts without zod). */
export const mysqlSettings = refined(
  strictSettings<MysqlSinkConfig>({ type: { check: literal('mysql') }, ...sqlFields(['mysql', 'mariadb']) }),
  sqlConnection,
);
