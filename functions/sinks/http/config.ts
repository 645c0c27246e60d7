import { configSchema } from '../../shared/settings/field-zod.js';
import { httpSink } from './connector.js';

export type { HttpSinkConfig } from './connector.js';

/** The HTTP sink's conflux.yaml schema, generated from its field table (connector.ts). */
export const httpSinkConfig = configSchema(httpSink);
