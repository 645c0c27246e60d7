import { z } from 'zod';
import { brokers, nonEmptyString, oneOf, optional, topicName } from '../../shared/config-fields.js';

/**
 * The Kafka source: consumes `topic` in a consumer group and emits one alikafka CloudEvent per record.
 * @example source: { type: kafka, topic: orders, brokers: ["127.0.0.1:9092"], offset: earliest }
 */
export const kafkaSourceConfig = z
  .strictObject({
    type: z.literal('kafka'),
    topic: topicName().describe('The topic to consume.'),
    brokers: optional(brokers()),
    consumerGroup: nonEmptyString('a consumer group id')
      .optional()
      .describe('The consumer group whose committed offsets the task resumes from. Omitted: GID_conflux_<task name>.'),
    offset: oneOf(['earliest', 'latest'])
      .default('latest')
      .describe('Where a group with no committed offset starts: latest (default, new records only) or earliest.'),
    valueFormat: oneOf(['json', 'text', 'binary'])
      .optional()
      .describe(
        'How data.value carries the record value: json (parsed), text, or binary (base64). Omitted: json when the bytes parse as JSON, text otherwise.',
      ),
  })
  .describe('Consumes a Kafka topic (the embedded bus when brokers are omitted).');

/** The Kafka source's settings after defaults (consumerGroup is filled in by the task defaults). */
export type KafkaSourceConfig = z.output<typeof kafkaSourceConfig>;
