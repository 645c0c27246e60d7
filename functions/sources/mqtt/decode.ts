import type { DecodedEvent } from '../../../bus/emulator/types.js';
import type { CloudEvent } from '../../../bus/event.js';
import type { StoredRecord } from '../../../bus/log/types.js';
import { parseBody, readMeta } from '../../shared/source-record.js';

/** What receive.ts keeps of a PUBLISH besides its payload, as JSON in the record's `:meta` header. */
export interface MqttMeta {
  /** Unique per delivery (a UUID given on receipt: MQTT packet ids are reused). */
  id: string;
  /** The topic filter subscribed to. */
  filter: string;
  props: { topic: string; qos: number; retain: boolean; dup: boolean; messageId?: number };
}

const SOURCE = 'acs:mq4iot';
const TYPE = 'mq4iot:Topic:SendMessage';
const CONTENT_TYPE = 'application/json;charset=utf-8';

/**
 * An MQTT message → the CloudEvent the source emits. conflux's own shape (Alibaba's MQTT source
 * sample was not found), laid out like its RabbitMQ source: `source: "acs:mq4iot"`,
 * `type: "mq4iot:Topic:SendMessage"`, `subject: "acs:mq4iot:conflux:topic/<message topic>"`,
 * `data: { props: { topic, qos, retain, dup, messageId? }, body }`, `body` being the parsed JSON when
 * the payload parses, else its UTF-8 text. `time` is when conflux received it (MQTT carries none).
 *
 * @example decode(record, { withText: false }).event.data.props.topic // "devices/7/telemetry"
 */
export function decode(record: StoredRecord, options: { withText: boolean }): DecodedEvent {
  const meta = readMeta<MqttMeta>(record, 'source.mqtt.decode', 'an MQTT message');
  const event: CloudEvent = {
    specversion: '1.0',
    id: meta.id,
    source: SOURCE,
    type: TYPE,
    subject: `acs:mq4iot:conflux:topic/${meta.props.topic}`,
    time: new Date(record.timestamp).toISOString(),
    datacontenttype: CONTENT_TYPE,
    data: { props: meta.props, body: parseBody(record.value) },
  };
  return options.withText ? { event, text: JSON.stringify(event) } : { event };
}
