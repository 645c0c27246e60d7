import { z } from 'zod';
import { nonEmptyString, optional, specMap, transformSpec, url } from '../../shared/config-fields.js';

/**
 * The RabbitMQ sink: publishes each payload to an exchange with a routing key rendered from the event.
 * @example sink: { type: rabbitmq, url: "amqp://127.0.0.1", exchange: orders, routingKey: $.data.value.region }
 */
export const rabbitmqSinkConfig = z
  .strictObject({
    type: z.literal('rabbitmq'),
    url: url(['amqp', 'amqps'])
      .default('amqp://127.0.0.1:5672')
      .describe('The broker (default amqp://127.0.0.1:5672).'),
    exchange: z
      .string()
      .default('')
      .describe('The exchange to publish to; "" (default) is the default exchange, which routes by queue name.'),
    routingKey: transformSpec('The routing key (for the default exchange: the queue name), rendered from each event.'),
    headers: optional(specMap('Message headers: header name → transform spec.')),
    persistent: z.boolean().default(true).describe('Ask the broker to store messages on disk (default true).'),
    contentType: nonEmptyString('a MIME type')
      .default('application/json')
      .describe('The content_type property (default application/json).'),
  })
  .describe('Publishes each payload to a RabbitMQ exchange, waiting for publisher confirms.');

/** The RabbitMQ sink's settings after defaults. */
export type RabbitmqSinkConfig = z.output<typeof rabbitmqSinkConfig>;
