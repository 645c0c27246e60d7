import { configSchema } from '../../shared/settings/field-zod.js';
import { postgresSink } from './connector.js';

export type { PostgresSinkConfig } from './connector.js';

/** The PostgreSQL sink's conflux.yaml schema, generated from its field table (connector.ts). */
export const postgresSinkConfig = configSchema(postgresSink);
