import { configSchema } from '../../shared/settings/field-zod.js';
import { kafkaSink } from './connector.js';

export type { KafkaSinkConfig } from './connector.js';

/** The Kafka sink's conflux.yaml schema, generated from its field table (connector.ts). */
export const kafkaSinkConfig = configSchema(kafkaSink);
