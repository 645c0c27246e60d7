import { defineSource, type SettingsOf } from '../../shared/settings/connector.js';
import {
  boolean,
  brokers,
  oneOf,
  optional,
  required,
  text,
  textOr,
  topic,
  withDefault,
} from '../../shared/settings/field-table.js';

const fields = {
  topic: required(topic(), 'The topic to consume.'),
  brokers: optional(brokers(), 'Kafka bootstrap servers (host:port). Omitted: the embedded bus.'),
  consumerGroup: optional(
    textOr('a consumer group id, or {name, existing}', {
      name: required(text('a consumer group id'), 'The consumer group id.'),
      existing: optional(boolean(), 'true: the group must already have committed offsets.'),
    }),
    'The consumer group whose committed offsets the task resumes from: a name, or {name, existing: true} for a group that must already have committed offsets (the task does not start otherwise). Omitted: GID_conflux_<task name>, created on first commit.',
  ),
  offset: withDefault(
    oneOf(['earliest', 'latest']),
    'latest',
    'Where a group with no committed offset starts: latest (default, new records only) or earliest.',
  ),
  valueFormat: optional(
    oneOf(['json', 'text', 'binary']),
    'How data.value carries the record value: json (parsed), text, or binary (base64). Omitted: json when the bytes parse as JSON, text otherwise.',
  ),
};

/**
 * The Kafka source: consumes `topic` in a consumer group and emits one alikafka CloudEvent per record.
 * @example source: { type: kafka, topic: orders, brokers: ["127.0.0.1:9092"], offset: earliest }
 */
export const kafkaSource = defineSource({
  type: 'kafka',
  doc: 'Consumes a Kafka topic (the embedded bus when brokers are omitted).',
  example: 'source: { type: kafka, topic: orders, brokers: ["127.0.0.1:9092"], offset: earliest }',
  triggers: { lambda: ['kafka'], fc: ['eventbridge'] },
  fields,
});

/** The Kafka source's settings after defaults (consumerGroup is filled in by the task defaults). */
export type KafkaSourceConfig = SettingsOf<'kafka', typeof fields>;
