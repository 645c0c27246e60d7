import { z } from 'zod';
import { intRange, nonEmptyString, url } from '../../shared/config-fields.js';

/**
 * The RabbitMQ source: consumes a queue, acknowledging each message once the task delivered it.
 * @example source: { type: rabbitmq, url: "amqp://127.0.0.1", queue: orders, prefetch: 50 }
 */
export const rabbitmqSourceConfig = z
  .strictObject({
    type: z.literal('rabbitmq'),
    url: url(['amqp', 'amqps'])
      .default('amqp://127.0.0.1:5672')
      .describe('The broker (default amqp://127.0.0.1:5672).'),
    queue: nonEmptyString('a queue name').describe('The queue to consume (it must exist).'),
    prefetch: intRange(1, 65_535)
      .default(100)
      .describe('How many unacknowledged messages the broker sends at once (default 100).'),
  })
  .describe('Consumes a RabbitMQ queue with manual acknowledgements (at-least-once).');

/** The RabbitMQ source's settings after defaults. */
export type RabbitmqSourceConfig = z.output<typeof rabbitmqSourceConfig>;
