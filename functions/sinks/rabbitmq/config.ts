import { configSchema } from '../../shared/settings/field-zod.js';
import { rabbitmqSink } from './connector.js';

export type { RabbitmqSinkConfig } from './connector.js';

/** The RabbitMQ sink's conflux.yaml schema, generated from its field table (connector.ts). */
export const rabbitmqSinkConfig = configSchema(rabbitmqSink);
