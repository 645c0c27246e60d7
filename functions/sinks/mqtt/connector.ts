import { defineSink, type SettingsOf } from '../../shared/settings/connector.js';
import { boolean, oneOf, required, spec, url, withDefault } from '../../shared/settings/field-table.js';

const fields = {
  url: withDefault(
    url(['mqtt', 'mqtts', 'ws', 'wss']),
    'mqtt://127.0.0.1:1883',
    'The broker (default mqtt://127.0.0.1:1883).',
  ),
  topic: required(spec(), 'The topic each payload is published to, rendered from each event (no wildcards).'),
  qos: withDefault(
    oneOf([0, 1, 2]),
    1,
    'Delivery guarantee: 0 at most once, 1 at least once (default), 2 exactly once.',
  ),
  retain: withDefault(boolean(), false, 'Ask the broker to keep the last message of the topic (default false).'),
};

/**
 * The MQTT sink: publishes each payload to a topic rendered from the event.
 * @example sink: { type: mqtt, url: "mqtt://127.0.0.1:1883", topic: devices/alerts, qos: 1 }
 */
export const mqttSink = defineSink({
  type: 'mqtt',
  doc: 'Publishes each payload to an MQTT broker.',
  example: 'sink: { type: mqtt, url: "mqtt://127.0.0.1:1883", topic: devices/alerts, qos: 1 }',
  triggers: { lambda: ['kafka'], fc: ['eventbridge'] },
  fields,
  deployedRequires: { field: 'url', what: 'the MQTT broker to publish to' },
});

/** The MQTT sink's settings after defaults. */
export type MqttSinkConfig = SettingsOf<'mqtt', typeof fields>;
