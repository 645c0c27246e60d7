import {
  brokers,
  literal,
  oneOf,
  specMap,
  strictSettings,
  topicName,
  transformSpec,
} from '../../shared/deployed-settings.js';
import type { KafkaSinkConfig } from './config.js';

/** The Kafka sink's settings as a deployed function checks them (mirrors config.ts without zod). */
export const kafkaSettings = strictSettings<KafkaSinkConfig>({
  type: { check: literal('kafka') },
  topic: { check: topicName },
  brokers: { check: brokers, optional: true },
  key: { check: transformSpec, optional: true },
  headers: { check: specMap, optional: true },
  acks: { check: oneOf([0, 1, 'all']), default: 'all' },
  compression: { check: oneOf(['none', 'gzip']), default: 'none' },
});
