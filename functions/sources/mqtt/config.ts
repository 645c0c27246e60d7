import { configSchema } from '../../shared/settings/field-zod.js';
import { mqttSource } from './connector.js';

export type { MqttSourceConfig } from './connector.js';

/** The MQTT source's conflux.yaml schema, generated from its field table (connector.ts). */
export const mqttSourceConfig = configSchema(mqttSource);
