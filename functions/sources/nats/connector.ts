import { defineSource, type SettingsOf } from '../../shared/settings/connector.js';
import { list, object, optional, required, text, withDefault } from '../../shared/settings/field-table.js';

const fields = {
  servers: withDefault(
    list(1, 'must list at least one server', 'a server address, e.g. "127.0.0.1:4222"'),
    ['127.0.0.1:4222'],
    'The servers to connect to (default ["127.0.0.1:4222"]).',
  ),
  subject: required(text('a subject'), 'The subject to subscribe to; * and > wildcards allowed.'),
  queue: optional(
    text('a queue group name'),
    'Core NATS only: a queue group, so several subscribers share the messages.',
  ),
  jetstream: optional(
    object({
      stream: required(text('a stream name'), 'The JetStream stream holding the subject.'),
      durable: optional(
        text('a consumer name'),
        'The durable consumer that keeps the position. Omitted: conflux_<task name>.',
      ),
    }),
    'Consume through JetStream (at-least-once, acknowledged after delivery). Omitted: core NATS, at-most-once.',
  ),
};

/**
 * The NATS source: subscribes to a subject, or consumes a JetStream stream with a durable consumer.
 * @example source: { type: nats, subject: "orders.>", jetstream: { stream: ORDERS, durable: conflux-orders } }
 */
export const natsSource = defineSource({
  type: 'nats',
  doc: 'Receives messages from NATS (core or JetStream).',
  example: 'source: { type: nats, subject: "orders.>", jetstream: { stream: ORDERS, durable: conflux-orders } }',
  noTrigger:
    'AWS has no NATS trigger for Lambda; run this task with `conflux run`, or bridge the subject to Kafka, RabbitMQ or MQTT',
  fields,
  refine: ({ queue, jetstream }, issues) => {
    if (queue !== undefined && jetstream !== undefined)
      issues.push({
        path: ['queue'],
        message: 'only applies to core NATS; a JetStream durable consumer is already shared',
      });
  },
});

/** The NATS source's settings after defaults. */
export type NatsSourceConfig = SettingsOf<'nats', typeof fields>;
