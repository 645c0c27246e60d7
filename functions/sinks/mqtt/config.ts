import { z } from 'zod';
import { oneOf, transformSpec, url } from '../../shared/config-fields.js';

/**
 * The MQTT sink: publishes each payload to a topic rendered from the event.
 * @example sink: { type: mqtt, url: "mqtt://127.0.0.1:1883", topic: devices/alerts, qos: 1 }
 */
export const mqttSinkConfig = z
  .strictObject({
    type: z.literal('mqtt'),
    url: url(['mqtt', 'mqtts', 'ws', 'wss'])
      .default('mqtt://127.0.0.1:1883')
      .describe('The broker (default mqtt://127.0.0.1:1883).'),
    topic: transformSpec('The topic each payload is published to, rendered from each event (no wildcards).'),
    qos: oneOf([0, 1, 2])
      .default(1)
      .describe('Delivery guarantee: 0 at most once, 1 at least once (default), 2 exactly once.'),
    retain: z
      .boolean()
      .default(false)
      .describe('Ask the broker to keep the last message of the topic (default false).'),
  })
  .describe('Publishes each payload to an MQTT broker.');

/** The MQTT sink's settings after defaults. */
export type MqttSinkConfig = z.output<typeof mqttSinkConfig>;
