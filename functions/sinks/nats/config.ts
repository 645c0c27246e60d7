import { configSchema } from '../../shared/settings/field-zod.js';
import { natsSink } from './connector.js';

export type { NatsSinkConfig } from './connector.js';

/** The NATS sink's conflux.yaml schema, generated from its field table (connector.ts). */
export const natsSinkConfig = configSchema(natsSink);
