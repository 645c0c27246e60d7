import type { StoredRecord } from '../../../bus/log/types.js';
import type { DecodedEvent } from '../../../bus/task/contract.js';
import { type AmqpMeta, amqpEvent } from '../../adapters/source/events/amqp.js';
import { readMeta, userHeaders } from '../../adapters/source/record.js';

export type { AmqpMeta } from '../../adapters/source/events/amqp.js';

/**
 * A RabbitMQ delivery → the CloudEvent the source emits: Alibaba EventBridge's RabbitMQ source
 * shape (`source: "acs:amqp"`, `type: "amqp:Queue:SendMessage"`,
 * `subject: "acs:amqp:conflux:/vhosts/<vhost, URI-encoded: %2F for />/queues/<queue>"`,
 * `data: { envelope: { deliveryTag, exchange, redeliver, routingKey }, body, props }`).
 * `body` is the parsed JSON when the bytes parse, else the UTF-8 text; `props` holds the message
 * properties that were set, with the AMQP headers (as strings) under `props.headers`. `time` is
 * the message's `timestamp` property when set, else when it was received. The event is built in
 * functions/adapters/source/events/amqp.ts, which a deployed function uses too.
 *
 * @example decode(record, { withText: false }).event.data.envelope.routingKey // "orders.paid"
 */
export function decode(record: StoredRecord, options: { withText: boolean }): DecodedEvent {
  const meta = readMeta<AmqpMeta>(record, 'source.rabbitmq.decode', 'a RabbitMQ delivery');
  const event = amqpEvent({
    id: meta.id,
    vhost: meta.vhost,
    queue: meta.queue,
    envelope: meta.envelope,
    props: meta.props,
    headers: userHeaders(record.headers),
    body: record.value,
    time: record.timestamp,
  });
  return options.withText ? { event, text: JSON.stringify(event) } : { event };
}
