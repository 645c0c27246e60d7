import { configSchema } from '../../shared/settings/field-zod.js';
import { natsSource } from './connector.js';

export type { NatsSourceConfig } from './connector.js';

/** The NATS source's conflux.yaml schema, generated from its field table (connector.ts). */
export const natsSourceConfig = configSchema(natsSource);
