import { defineSource, type SettingsOf } from '../../shared/settings/connector.js';
import { oneOf, optional, required, text, url, withDefault } from '../../shared/settings/field-table.js';

const fields = {
  url: withDefault(
    url(['mqtt', 'mqtts', 'ws', 'wss']),
    'mqtt://127.0.0.1:1883',
    'The broker (default mqtt://127.0.0.1:1883).',
  ),
  topic: required(text('a topic filter'), 'The topic filter to subscribe to; + and # wildcards allowed.'),
  qos: withDefault(oneOf([0, 1, 2]), 1, 'Subscription QoS: 0, 1 (default) or 2.'),
  clientId: optional(
    text('a client id'),
    'The MQTT client id; set it (with a persistent session) to receive messages sent while stopped. Omitted: conflux_<task name>.',
  ),
};

/**
 * The MQTT source: subscribes to a topic filter and emits one event per message.
 * @example source: { type: mqtt, url: "mqtt://127.0.0.1:1883", topic: "devices/+/telemetry", qos: 1 }
 */
export const mqttSource = defineSource({
  type: 'mqtt',
  doc: 'Subscribes to an MQTT topic filter.',
  example: 'source: { type: mqtt, url: "mqtt://127.0.0.1:1883", topic: "devices/+/telemetry", qos: 1 }',
  triggers: { lambda: ['iot'], fc: ['eventbridge'] },
  fields,
});

/** The MQTT source's settings after defaults. */
export type MqttSourceConfig = SettingsOf<'mqtt', typeof fields>;
