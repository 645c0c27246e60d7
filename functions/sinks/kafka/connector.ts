import { defineSink, type SettingsOf } from '../../shared/settings/connector.js';
import {
  brokers,
  oneOf,
  optional,
  required,
  spec,
  specs,
  topic,
  withDefault,
} from '../../shared/settings/field-table.js';

const fields = {
  topic: required(topic(), 'The topic records are produced to.'),
  brokers: optional(brokers(), 'Kafka bootstrap servers (host:port). Omitted: the embedded bus.'),
  key: optional(spec(), 'The record key, rendered from each event; omitted: no key (round-robin partitions).'),
  headers: optional(specs(), 'Record headers: header name → transform spec.'),
  acks: withDefault(
    oneOf([0, 1, 'all']),
    'all',
    'How many replicas must acknowledge a write: 0, 1 or all (default all).',
  ),
  compression: withDefault(oneOf(['none', 'gzip']), 'none', 'Batch compression: none (default) or gzip.'),
};

/**
 * The Kafka sink: produces each payload as a record value to `topic`.
 * @example sink: { type: kafka, topic: orders-out, key: $.data.value.id, acks: all }
 */
export const kafkaSink = defineSink({
  type: 'kafka',
  doc: 'Produces each payload as a record to a Kafka topic (the embedded bus when brokers are omitted).',
  example: 'sink: { type: kafka, topic: orders-out, key: $.data.value.id, acks: all }',
  triggers: { lambda: ['kafka'], fc: ['eventbridge'] },
  fields,
  deployedRequires: { field: 'brokers', what: 'the bootstrap servers of the target cluster' },
});

/** The Kafka sink's settings after defaults. */
export type KafkaSinkConfig = SettingsOf<'kafka', typeof fields>;
