import type { CloudEvent } from '../../../../bus/event.js';
import { keepBodyText, parseBody } from '../record.js';

/**
 * The MQTT source's CloudEvent, built here once for both places an MQTT message enters conflux:
 * the emulator's source (functions/sources/mqtt/decode.ts) and a deployed sink invoked by an AWS IoT
 * topic rule (lambda-iot.ts). conflux's own shape (Alibaba's MQTT source sample was not found),
 * laid out like its RabbitMQ source: `source: "acs:mq4iot"`, `type: "mq4iot:Topic:SendMessage"`,
 * `subject: "acs:mq4iot:conflux:topic/<message topic>"`, `data: { props, body }`.
 */

/**
 * The PUBLISH's details. An IoT rule tells only the topic, so a deployed function's `props` holds
 * `topic` alone (`conflux package` warns when a filter or transform names one of the others).
 */
export interface MqttProps {
  topic: string;
  qos?: number;
  retain?: boolean;
  dup?: boolean;
  messageId?: number;
}

/** What the emulator's source keeps of a PUBLISH besides its payload, as JSON in the record's `:meta` header. */
export interface MqttMeta {
  /** Unique per delivery (a UUID given on receipt: MQTT packet ids are reused). */
  id: string;
  /** The topic filter subscribed to. */
  filter: string;
  props: { topic: string; qos: number; retain: boolean; dup: boolean; messageId?: number };
}

/** One MQTT message, however it arrived. */
export interface MqttMessage {
  id: string;
  props: MqttProps;
  payload: Buffer;
  /** When conflux (or AWS IoT) received it, in ms: MQTT carries no time. */
  receivedAt: number;
}

const SOURCE = 'acs:mq4iot';
const TYPE = 'mq4iot:Topic:SendMessage';
const CONTENT_TYPE = 'application/json;charset=utf-8';

/**
 * An MQTT message → its CloudEvent; `body` is the parsed JSON when the payload parses, else its
 * UTF-8 text.
 *
 * @example mqttEvent({ id, props: { topic: 'devices/7' }, payload, receivedAt }).subject // "acs:mq4iot:conflux:topic/devices/7"
 */
export function mqttEvent(message: MqttMessage): CloudEvent {
  const props: MqttProps = { topic: message.props.topic };
  for (const name of ['qos', 'retain', 'dup', 'messageId'] as const) {
    if (message.props[name] !== undefined) Object.assign(props, { [name]: message.props[name] });
  }
  const { body, text } = parseBody(message.payload);
  return {
    specversion: '1.0',
    id: message.id,
    source: SOURCE,
    type: TYPE,
    subject: `acs:mq4iot:conflux:topic/${message.props.topic}`,
    time: new Date(message.receivedAt).toISOString(),
    datacontenttype: CONTENT_TYPE,
    data: keepBodyText({ props: { ...props }, body }, text),
  };
}
