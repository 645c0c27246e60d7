import { defineSource, type SettingsOf } from '../../shared/settings/connector.js';
import { integer, required, text, url, withDefault } from '../../shared/settings/field-table.js';

const fields = {
  url: withDefault(url(['amqp', 'amqps']), 'amqp://127.0.0.1:5672', 'The broker (default amqp://127.0.0.1:5672).'),
  queue: required(text('a queue name'), 'The queue to consume (it must exist).'),
  prefetch: withDefault(
    integer(1, 65_535),
    100,
    'How many unacknowledged messages the broker sends at once (default 100).',
  ),
};

/**
 * The RabbitMQ source: consumes a queue, acknowledging each message once the task delivered it.
 * @example source: { type: rabbitmq, url: "amqp://127.0.0.1", queue: orders, prefetch: 50 }
 */
export const rabbitmqSource = defineSource({
  type: 'rabbitmq',
  doc: 'Consumes a RabbitMQ queue with manual acknowledgements (at-least-once).',
  example: 'source: { type: rabbitmq, url: "amqp://127.0.0.1", queue: orders, prefetch: 50 }',
  triggers: { lambda: ['rabbitmq'], fc: ['eventbridge'] },
  fields,
});

/** The RabbitMQ source's settings after defaults. */
export type RabbitmqSourceConfig = SettingsOf<'rabbitmq', typeof fields>;
