import { boolean, literal, oneOf, strictSettings, transformSpec, url } from '../../shared/deployed-settings.js';
import type { MqttSinkConfig } from './config.js';

/** The MQTT sink's settings as a deployed function checks them (mirrors config.ts without zod). */
export const mqttSettings = strictSettings<MqttSinkConfig>({
  type: { check: literal('mqtt') },
  url: { check: url(['mqtt', 'mqtts', 'ws', 'wss']), default: 'mqtt://127.0.0.1:1883' },
  topic: { check: transformSpec },
  qos: { check: oneOf([0, 1, 2]), default: 1 },
  retain: { check: boolean, default: false },
});
