import { configSchema } from '../../shared/settings/field-zod.js';
import { redisSink } from './connector.js';

export type { RedisSinkConfig } from './connector.js';

/** The Redis sink's conflux.yaml schema, generated from its field table (connector.ts). */
export const redisSinkConfig = configSchema(redisSink);
