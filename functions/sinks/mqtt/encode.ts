import { ConfluxError } from '../../../bus/errors.js';
import type { SinkMessage } from '../../../bus/task/contract.js';
import { renderSingle, type SinkField } from '../../shared/task/sink-fields.js';
import type { MqttSinkConfig } from './config.js';

/** One MQTT publish: the topic, the payload and the publish options. */
export interface MqttPublish {
  topic: string;
  payload: string;
  options: { qos: 0 | 1 | 2; retain: boolean };
}

/** The settings `encode` reads, with the topic spec compiled. */
export type MqttEncoding = Pick<MqttSinkConfig, 'qos' | 'retain'> & { topic: SinkField };

/**
 * One payload → one MQTT publish; the topic is rendered from the event and must give exactly one
 * value, non-empty, without wildcards (`+`, `#`) or NUL, at most 65,535 bytes (MQTT's limit).
 *
 * @example await encode({ event, payload: 'p' }, { topic, qos: 1, retain: false })
 * // { topic: 'devices/d1/alerts', payload: 'p', options: { qos: 1, retain: false } }
 */
export async function encode(message: SinkMessage, encoding: MqttEncoding): Promise<MqttPublish> {
  const topic = await renderSingle(encoding.topic, message, 'sink.topic', 'sink.mqtt.field');
  const problem =
    topic === ''
      ? 'is empty'
      : /[+#]/.test(topic) || topic.includes('\u0000')
        ? 'holds a wildcard (+ or #) or NUL, which only subscriptions may use'
        : Buffer.byteLength(topic) > 65_535
          ? 'is longer than 65,535 bytes'
          : undefined;
  if (problem !== undefined) {
    throw new ConfluxError('sink.mqtt.topic', `sink.topic rendered ${JSON.stringify(topic)}, which ${problem}`, {
      path: 'sink.topic',
    });
  }
  return { topic, payload: message.payload, options: { qos: encoding.qos, retain: encoding.retain } };
}
