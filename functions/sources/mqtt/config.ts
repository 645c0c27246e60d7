import { z } from 'zod';
import { nonEmptyString, oneOf, url } from '../../shared/config-fields.js';

/**
 * The MQTT source: subscribes to a topic filter and emits one event per message.
 * @example source: { type: mqtt, url: "mqtt://127.0.0.1:1883", topic: "devices/+/telemetry", qos: 1 }
 */
export const mqttSourceConfig = z
  .strictObject({
    type: z.literal('mqtt'),
    url: url(['mqtt', 'mqtts', 'ws', 'wss'])
      .default('mqtt://127.0.0.1:1883')
      .describe('The broker (default mqtt://127.0.0.1:1883).'),
    topic: nonEmptyString('a topic filter').describe('The topic filter to subscribe to; + and # wildcards allowed.'),
    qos: oneOf([0, 1, 2]).default(1).describe('Subscription QoS: 0, 1 (default) or 2.'),
    clientId: nonEmptyString('a client id')
      .optional()
      .describe(
        'The MQTT client id; set it (with a persistent session) to receive messages sent while stopped. Omitted: conflux_<task name>.',
      ),
  })
  .describe('Subscribes to an MQTT topic filter.');

/** The MQTT source's settings after defaults. */
export type MqttSourceConfig = z.output<typeof mqttSourceConfig>;
