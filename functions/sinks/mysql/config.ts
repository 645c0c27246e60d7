import { configSchema } from '../../shared/settings/field-zod.js';
import { mysqlSink } from './connector.js';

export type { MysqlSinkConfig } from './connector.js';

/** The MySQL sink's conflux.yaml schema, generated from its field table (connector.ts). */
export const mysqlSinkConfig = configSchema(mysqlSink);
