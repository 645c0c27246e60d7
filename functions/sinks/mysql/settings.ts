import { literal, refined, sqlConnection, sqlFields, strictSettings } from '../../shared/deployed-settings.js';
import type { MysqlSinkConfig } from './config.js';

/** The MySQL sink's settings as a deployed function checks them (mirrors config.ts without zod). */
export const mysqlSettings = refined(
  strictSettings<MysqlSinkConfig>({ type: { check: literal('mysql') }, ...sqlFields(['mysql', 'mariadb']) }),
  sqlConnection,
);
