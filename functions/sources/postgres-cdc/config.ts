import { configSchema } from '../../shared/settings/field-zod.js';
import { postgresCdcSource } from './connector.js';

export type { PostgresCdcSourceConfig } from './connector.js';

/** The postgres-cdc source's conflux.yaml schema, generated from its field table (connector.ts). */
export const postgresCdcSourceConfig = configSchema(postgresCdcSource);
