import {
  boolean,
  literal,
  nonEmptyString,
  specMap,
  strictSettings,
  string,
  transformSpec,
  url,
} from '../../shared/deployed-settings.js';
import type { RabbitmqSinkConfig } from './config.js';

/** The RabbitMQ sink's settings as a deployed function checks them (mirrors config.ts without zod). */
export const rabbitmqSettings = strictSettings<RabbitmqSinkConfig>({
  type: { check: literal('rabbitmq') },
  url: { check: url(['amqp', 'amqps']), default: 'amqp://127.0.0.1:5672' },
  exchange: { check: string, default: '' },
  routingKey: { check: transformSpec },
  headers: { check: specMap, optional: true },
  persistent: { check: boolean, default: true },
  contentType: { check: nonEmptyString, default: 'application/json' },
});
