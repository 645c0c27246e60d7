import { configSchema } from '../../shared/settings/field-zod.js';
import { mysqlCdcSource } from './connector.js';

export type { MysqlCdcSourceConfig } from './connector.js';

/** The mysql-cdc source's conflux.yaml schema, generated from its field table (connector.ts). */
export const mysqlCdcSourceConfig = configSchema(mysqlCdcSource);
