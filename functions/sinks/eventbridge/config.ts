import { configSchema } from '../../shared/settings/field-zod.js';
import { eventbridgeSink } from './connector.js';

export type { EventbridgeSinkConfig } from './connector.js';

/** The EventBridge sink's conflux.yaml schema, generated from its field table (connector.ts). */
export const eventbridgeSinkConfig = configSchema(eventbridgeSink);
