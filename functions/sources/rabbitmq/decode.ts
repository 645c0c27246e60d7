import type { DecodedEvent } from '../../../bus/emulator/types.js';
import type { CloudEvent, Json } from '../../../bus/event.js';
import type { StoredRecord } from '../../../bus/log/types.js';
import { parseBody, readMeta, userHeaders } from '../../shared/source-record.js';

/**
 * What receive.ts keeps of a delivery besides body and headers, as JSON in the record's `:meta`
 * header (the message's own headers keep their names; one that starts with `:` gets one more).
 */
export interface AmqpMeta {
  /** Unique per delivery (a UUID given on receipt: AMQP has no broker-side message id). */
  id: string;
  vhost: string;
  queue: string;
  envelope: { deliveryTag: number; exchange: string; redeliver: boolean; routingKey: string };
  /** The message properties that were set (contentType, messageId, timestamp, …), without headers. */
  props: { [name: string]: Json };
}

const SOURCE = 'acs:amqp';
const TYPE = 'amqp:Queue:SendMessage';
const CONTENT_TYPE = 'application/json;charset=utf-8';

/**
 * A RabbitMQ delivery → the CloudEvent the source emits: Alibaba EventBridge's RabbitMQ source
 * shape (`source: "acs:amqp"`, `type: "amqp:Queue:SendMessage"`,
 * `subject: "acs:amqp:conflux:/vhosts/<vhost, URI-encoded: %2F for />/queues/<queue>"`,
 * `data: { envelope: { deliveryTag, exchange, redeliver, routingKey }, body, props }`).
 * `body` is the parsed JSON when the bytes parse, else the UTF-8 text; `props` holds the message
 * properties that were set, with the AMQP headers (as strings) under `props.headers`. `time` is
 * the message's `timestamp` property when set, else when it was received.
 *
 * @example decode(record, { withText: false }).event.data.envelope.routingKey // "orders.paid"
 */
export function decode(record: StoredRecord, options: { withText: boolean }): DecodedEvent {
  const meta = readMeta<AmqpMeta>(record, 'source.rabbitmq.decode', 'a RabbitMQ delivery');
  const headers = userHeaders(record.headers);
  const props: { [name: string]: Json } = { ...meta.props };
  if (Object.keys(headers).length > 0) props.headers = headers;
  const event: CloudEvent = {
    specversion: '1.0',
    id: meta.id,
    source: SOURCE,
    type: TYPE,
    subject: `acs:amqp:conflux:/vhosts/${encodeURIComponent(meta.vhost)}/queues/${meta.queue}`,
    time: new Date(record.timestamp).toISOString(),
    datacontenttype: CONTENT_TYPE,
    data: { envelope: meta.envelope, body: parseBody(record.value), props },
  };
  return options.withText ? { event, text: JSON.stringify(event) } : { event };
}
