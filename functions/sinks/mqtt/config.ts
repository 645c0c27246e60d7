import { configSchema } from '../../shared/settings/field-zod.js';
import { mqttSink } from './connector.js';

export type { MqttSinkConfig } from './connector.js';

/** The MQTT sink's conflux.yaml schema, generated from its field table (connector.ts). */
export const mqttSinkConfig = configSchema(mqttSink);
