import { configSchema } from '../../shared/settings/field-zod.js';
import { rabbitmqSource } from './connector.js';

export type { RabbitmqSourceConfig } from './connector.js';

/** The RabbitMQ source's conflux.yaml schema, generated from its field table (connector.ts). */
export const rabbitmqSourceConfig = configSchema(rabbitmqSource);
