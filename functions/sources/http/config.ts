import { configSchema } from '../../shared/settings/field-zod.js';
import { httpSource } from './connector.js';

export type { HttpSourceConfig } from './connector.js';

/** The HTTP source's conflux.yaml schema, generated from its field table (connector.ts). */
export const httpSourceConfig = configSchema(httpSource);
