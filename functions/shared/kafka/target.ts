import {
  brokers,
  nonEmptyString,
  oneOf,
  type SettingsCheck,
  specMap,
  strictSettings,
  transformSpec,
} from '../settings/deployed-settings.js';
import type { KafkaWriterConfig } from './writer.js';

/** A source function's Kafka target after defaults: the cluster is always named (there is no embedded bus beside a function). */
export type KafkaTargetConfig = KafkaWriterConfig & { brokers: string[] };

/**
 * The settings a source function reads from `CONFLUX_TARGET`: the Kafka cluster and topic its
 * events go to, the record key and headers as transform specs (a string is shorthand: `$…` a
 * JSONPATH), acks and compression — the Kafka sink's fields with `brokers` required. Issues carry
 * their path under `target` (`target.brokers[0]: must be host:port …`).
 *
 * @example kafkaTargetSettings({ brokers: ['b-1:9092'], topic: 'orders', key: '$.data.body.id' }).issues // []
 */
export const kafkaTargetSettings: SettingsCheck<KafkaTargetConfig> = strictSettings<KafkaTargetConfig>({
  brokers: { check: brokers },
  topic: { check: nonEmptyString },
  key: { check: transformSpec, optional: true },
  headers: { check: specMap, optional: true },
  acks: { check: oneOf([0, 1, 'all']), default: 'all' },
  compression: { check: oneOf(['none', 'gzip']), default: 'none' },
});
