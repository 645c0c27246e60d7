import type { StoredRecord } from '../../../bus/log/types.js';
import type { DecodedEvent } from '../../../bus/task/contract.js';
import { type MqttMeta, mqttEvent } from '../../adapters/source/events/mqtt.js';
import { readMeta } from '../../adapters/source/record.js';

export type { MqttMeta } from '../../adapters/source/events/mqtt.js';

/**
 * An MQTT message → the CloudEvent the source emits. conflux's own shape (Alibaba's MQTT source
 * sample was not found), laid out like its RabbitMQ source: `source: "acs:mq4iot"`,
 * `type: "mq4iot:Topic:SendMessage"`, `subject: "acs:mq4iot:conflux:topic/<message topic>"`,
 * `data: { props: { topic, qos, retain, dup, messageId? }, body }`, `body` being the parsed JSON when
 * the payload parses, else its UTF-8 text. `time` is when conflux received it (MQTT carries none).
 * The event is built in functions/adapters/source/events/mqtt.ts, which a deployed function uses too.
 *
 * @example decode(record, { withText: false }).event.data.props.topic // "devices/7/telemetry"
 */
export function decode(record: StoredRecord, options: { withText: boolean }): DecodedEvent {
  const meta = readMeta<MqttMeta>(record, 'source.mqtt.decode', 'an MQTT message');
  const event = mqttEvent({ id: meta.id, props: meta.props, payload: record.value, receivedAt: record.timestamp });
  return options.withText ? { event, text: JSON.stringify(event) } : { event };
}
