import { defineSink, type SettingsOf } from '../../shared/settings/connector.js';
import {
  anyText,
  boolean,
  optional,
  required,
  spec,
  specs,
  text,
  url,
  withDefault,
} from '../../shared/settings/field-table.js';

const fields = {
  url: withDefault(url(['amqp', 'amqps']), 'amqp://127.0.0.1:5672', 'The broker (default amqp://127.0.0.1:5672).'),
  exchange: withDefault(
    anyText(),
    '',
    'The exchange to publish to; "" (default) is the default exchange, which routes by queue name.',
  ),
  routingKey: required(spec(), 'The routing key (for the default exchange: the queue name), rendered from each event.'),
  headers: optional(specs(), 'Message headers: header name → transform spec.'),
  persistent: withDefault(boolean(), true, 'Ask the broker to store messages on disk (default true).'),
  contentType: withDefault(
    text('a MIME type'),
    'application/json',
    'The content_type property (default application/json).',
  ),
};

/**
 * The RabbitMQ sink: publishes each payload to an exchange with a routing key rendered from the event.
 * @example sink: { type: rabbitmq, url: "amqp://127.0.0.1", exchange: orders, routingKey: $.data.value.region }
 */
export const rabbitmqSink = defineSink({
  type: 'rabbitmq',
  doc: 'Publishes each payload to a RabbitMQ exchange, waiting for publisher confirms.',
  example: 'sink: { type: rabbitmq, url: "amqp://127.0.0.1", exchange: orders, routingKey: $.data.value.region }',
  triggers: { lambda: ['kafka'], fc: ['eventbridge'] },
  fields,
  deployedRequires: { field: 'url', what: 'the RabbitMQ broker to publish to' },
});

/** The RabbitMQ sink's settings after defaults. */
export type RabbitmqSinkConfig = SettingsOf<'rabbitmq', typeof fields>;
